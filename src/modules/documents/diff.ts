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

/*
 * Within a section the text is aligned by lines first (a project is one line "– title", a
 * paragraph one line): common leading and trailing lines are cut off, then the lines that occur
 * exactly once on both sides anchor the alignment (their longest increasing run, O(n log n)), and
 * the stretches between anchors are handled the same way. Only lines left unmatched in a stretch
 * are compared word by word, pairwise and only when they share most of their words — so a year
 * with 400 changed projects costs a few milliseconds instead of a quadratic word diff over the
 * whole list.
 */

/** Splits into lines that keep their "\n", so joining the pieces gives the text back exactly. */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

function wordDiff(before: string, after: string): DiffToken[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }];
  return diffWordsWithSpace(before, after).map((change) => ({
    kind: change.added ? 'inserted' : change.removed ? 'deleted' : 'same',
    text: change.value,
  }));
}

/** Whether two unmatched lines are one edited line (most words shared) rather than two different ones. */
function isEditOf(before: string, after: string): boolean {
  const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const a = words(before);
  const b = words(after);
  if (a.size === 0 || b.size === 0) return false;
  let common = 0;
  for (const word of a) if (b.has(word)) common++;
  return common / Math.max(a.size, b.size) >= 0.5;
}

/** Indices of the longest strictly increasing subsequence of `values` (patience sorting). */
function longestIncreasing(values: number[]): number[] {
  const tails: number[] = [];
  const previous = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (values[tails[mid]!]! < values[i]!) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[i] = tails[low - 1]!;
    tails[low] = i;
  }
  const result: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) result.push(i);
  return result.reverse();
}

/** Tokens for a stretch of lines with no common line: edited pairs word by word, the rest whole. */
function unmatchedTokens(before: string[], after: string[], out: DiffToken[]): void {
  const pairs = Math.min(before.length, after.length);
  let i = 0;
  for (; i < pairs && isEditOf(before[i]!, after[i]!); i++) out.push(...wordDiff(before[i]!, after[i]!));
  for (const line of before.slice(i)) out.push({ kind: 'deleted', text: line });
  for (const line of after.slice(i)) out.push({ kind: 'inserted', text: line });
}

/** A line without its "\n": the last line of a text has none, and is still the same project. */
const lineKey = (line: string) => (line.endsWith('\n') ? line.slice(0, -1) : line);

/** Two lines with the same key: the same, except perhaps the line break after them. */
function matchedTokens(before: string, after: string, out: DiffToken[]): void {
  if (before === after) {
    out.push({ kind: 'same', text: after });
    return;
  }
  out.push({ kind: 'same', text: lineKey(after) });
  out.push({ kind: before.endsWith('\n') ? 'deleted' : 'inserted', text: '\n' });
}

function alignLines(before: string[], after: string[], out: DiffToken[]): void {
  let start = 0;
  while (start < before.length && start < after.length && lineKey(before[start]!) === lineKey(after[start]!)) matchedTokens(before[start]!, after[start]!, out), start++;
  let endBefore = before.length;
  let endAfter = after.length;
  const tail: DiffToken[][] = [];
  while (endBefore > start && endAfter > start && lineKey(before[endBefore - 1]!) === lineKey(after[endAfter - 1]!)) {
    const pair: DiffToken[] = [];
    matchedTokens(before[--endBefore]!, after[--endAfter]!, pair);
    tail.push(pair);
  }
  const middleBefore = before.slice(start, endBefore);
  const middleAfter = after.slice(start, endAfter);

  // Lines unique on both sides are the anchors.
  const counts = new Map<string, { before: number; after: number; beforeIndex: number }>();
  middleBefore.forEach((line, index) => {
    const entry = counts.get(lineKey(line)) ?? { before: 0, after: 0, beforeIndex: index };
    entry.before++;
    counts.set(lineKey(line), entry);
  });
  for (const line of middleAfter) {
    const entry = counts.get(lineKey(line));
    if (entry) entry.after++;
  }
  const anchorsAfter: number[] = [];
  const anchorsBefore: number[] = [];
  middleAfter.forEach((line, index) => {
    const entry = counts.get(lineKey(line));
    if (entry && entry.before === 1 && entry.after === 1) {
      anchorsAfter.push(index);
      anchorsBefore.push(entry.beforeIndex);
    }
  });
  const chain = longestIncreasing(anchorsBefore);
  if (chain.length === 0) {
    unmatchedTokens(middleBefore, middleAfter, out);
  } else {
    let fromBefore = 0;
    let fromAfter = 0;
    for (const k of chain) {
      const b = anchorsBefore[k]!;
      const a = anchorsAfter[k]!;
      alignLines(middleBefore.slice(fromBefore, b), middleAfter.slice(fromAfter, a), out);
      matchedTokens(middleBefore[b]!, middleAfter[a]!, out);
      fromBefore = b + 1;
      fromAfter = a + 1;
    }
    alignLines(middleBefore.slice(fromBefore), middleAfter.slice(fromAfter), out);
  }
  for (let i = tail.length - 1; i >= 0; i--) out.push(...tail[i]!);
}

/** Adjacent tokens of the same kind become one (a run of inserted lines counts as one insertion). */
function mergeRuns(tokens: DiffToken[]): DiffToken[] {
  const merged: DiffToken[] = [];
  for (const token of tokens) {
    const last = merged[merged.length - 1];
    if (last && last.kind === token.kind) last.text += token.text;
    else if (token.text !== '') merged.push({ ...token });
  }
  return merged;
}

function diffTokens(before: string, after: string): DiffToken[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }];
  const out: DiffToken[] = [];
  alignLines(splitLines(before), splitLines(after), out);
  return mergeRuns(out);
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
