import { diffWordsWithSpace } from 'diff';

/**
 * Word-level comparison of two agreement versions (e.g. 2024 → 2025, or a Nachtrag), aligned by
 * section key ("Präambel", "§ 1" …), and its accessible HTML: <ins>/<del> carry visually hidden
 * words, so the changes are readable without colour and with a screen reader.
 */

export interface AgreementSection {
  /** Stable alignment key: "Präambel", "§ 1", … */
  key: string;
  heading: string;
  text: string;
}

export type DiffTokenKind = 'same' | 'inserted' | 'deleted';
export interface DiffToken {
  kind: DiffTokenKind;
  text: string;
}

export interface SectionDiff {
  key: string;
  /** The newer heading (the older one for a deleted section). */
  heading: string;
  /** `changed` also covers a changed heading with the same text. */
  change: 'unchanged' | 'changed' | 'inserted' | 'deleted';
  headingTokens: DiffToken[];
  tokens: DiffToken[];
  /** Number of inserted / deleted runs in heading and text. */
  insertions: number;
  deletions: number;
}

function diffTokens(before: string, after: string): DiffToken[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }];
  return diffWordsWithSpace(before, after).map((change) => ({
    kind: change.added ? 'inserted' : change.removed ? 'deleted' : 'same',
    text: change.value,
  }));
}

const whole = (kind: DiffTokenKind, text: string): DiffToken[] => (text === '' ? [] : [{ kind, text }]);

function countRuns(tokens: DiffToken[], kind: DiffTokenKind): number {
  return tokens.filter((token) => token.kind === kind).length;
}

function sectionDiff(before: AgreementSection | undefined, after: AgreementSection | undefined): SectionDiff {
  const headingTokens = before && after ? diffTokens(before.heading, after.heading) : whole(after ? 'inserted' : 'deleted', (after ?? before)!.heading);
  const tokens = before && after ? diffTokens(before.text, after.text) : whole(after ? 'inserted' : 'deleted', (after ?? before)!.text);
  const all = [...headingTokens, ...tokens];
  const insertions = countRuns(all, 'inserted');
  const deletions = countRuns(all, 'deleted');
  const change = !before ? 'inserted' : !after ? 'deleted' : insertions + deletions > 0 ? 'changed' : 'unchanged';
  return { key: (after ?? before)!.key, heading: (after ?? before)!.heading, change, headingTokens, tokens, insertions, deletions };
}

/**
 * Compares two versions section by section. The result follows the newer order; a section that
 * exists only in the older version appears right after the section that preceded it there.
 */
export function diffAgreementSections(before: readonly AgreementSection[], after: readonly AgreementSection[]): SectionDiff[] {
  const beforeByKey = new Map(before.map((section) => [section.key, section]));
  const afterKeys = new Set(after.map((section) => section.key));
  const order: Array<{ key: string; before?: AgreementSection; after?: AgreementSection }> = after.map((section) => ({
    key: section.key,
    before: beforeByKey.get(section.key),
    after: section,
  }));

  let anchorKey: string | undefined;
  for (const section of before) {
    if (!afterKeys.has(section.key)) {
      const anchorIndex = anchorKey === undefined ? -1 : order.findIndex((entry) => entry.key === anchorKey);
      order.splice(anchorIndex + 1, 0, { key: section.key, before: section });
    }
    anchorKey = section.key;
  }
  return order.map((entry) => sectionDiff(entry.before, entry.after));
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "3 Einfügungen, 1 Löschung" – or the whole-section wording. */
export function summarizeSectionDiff(section: SectionDiff): string {
  switch (section.change) {
    case 'inserted':
      return 'Abschnitt neu eingefügt';
    case 'deleted':
      return 'Abschnitt gelöscht';
    case 'unchanged':
      return 'Keine Änderungen';
    case 'changed':
      return [
        section.insertions > 0 ? plural(section.insertions, 'Einfügung', 'Einfügungen') : undefined,
        section.deletions > 0 ? plural(section.deletions, 'Löschung', 'Löschungen') : undefined,
      ]
        .filter(Boolean)
        .join(', ');
  }
}

/** Escapes text for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Hides text visually but keeps it for screen readers (the usual clip pattern). Ship once per page. */
export const DIFF_CSS = `.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.agreement-diff__text{white-space:pre-wrap}
.agreement-diff ins{text-decoration:underline;background:#e6f4ea}
.agreement-diff del{text-decoration:line-through;background:#fde8e8}`;

function renderTokens(tokens: DiffToken[]): string {
  return tokens
    .map((token) => {
      const text = escapeHtml(token.text);
      if (token.kind === 'inserted') {
        return `<ins><span class="visually-hidden">Eingefügt: </span>${text}<span class="visually-hidden"> Ende der Einfügung</span></ins>`;
      }
      if (token.kind === 'deleted') {
        return `<del><span class="visually-hidden">Gelöscht: </span>${text}<span class="visually-hidden"> Ende der Löschung</span></del>`;
      }
      return text;
    })
    .join('');
}

/**
 * Server-rendered, escaped HTML of a comparison: one <section> per agreement section with its
 * heading, a summary line and the marked-up text. Works without JavaScript and without colour.
 */
export function renderDiffHtml(result: readonly SectionDiff[], options: { headingLevel?: 2 | 3 | 4; idPrefix?: string } = {}): string {
  const level = options.headingLevel ?? 3;
  const prefix = options.idPrefix ?? 'diff';
  const sections = result.map((section, index) => {
    const id = `${prefix}-${index + 1}`;
    return (
      `<section class="agreement-diff__section agreement-diff__section--${section.change}" aria-labelledby="${id}">` +
      `<h${level} id="${id}">${section.headingTokens.length > 0 ? renderTokens(section.headingTokens) : escapeHtml(section.key)}</h${level}>` +
      `<p class="agreement-diff__summary">${escapeHtml(summarizeSectionDiff(section))}</p>` +
      (section.tokens.length > 0 ? `<p class="agreement-diff__text">${renderTokens(section.tokens)}</p>` : '') +
      `</section>`
    );
  });
  return `<div class="agreement-diff">${sections.join('')}</div>`;
}
