import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIFF_CSS, diffAgreementSections, type DiffTokenKind, renderDiffHtml, summarizeSectionDiff, type AgreementSection } from './diff';

const s = (key: string, text: string, heading = key): AgreementSection => ({ key, heading, text });

const PREAMBLE_2024 = 'Im Rahmen des Bündnisses Ausbildung Hessen für die Jahre 2020 bis 2024 schließen das Land und der Kreis diese Vereinbarung.';
const PREAMBLE_2025 = 'Im Rahmen des Bündnisses Ausbildung Hessen für die Jahre 2025 bis 2029 schließen das Land und der Kreis diese Vereinbarung.';

/** Strips tags and the screen-reader words: what a sighted reader sees. */
const visibleText = (html: string) =>
  html
    .replace(/<span class="visually-hidden">[^<]*<\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

describe('diffAgreementSections', () => {
  it('marks the typical 2024 → 2025 change word by word', () => {
    const [preamble] = diffAgreementSections([s('Präambel', PREAMBLE_2024)], [s('Präambel', PREAMBLE_2025)]);
    expect(preamble?.tokens).toEqual([
      { kind: 'same', text: 'Im Rahmen des Bündnisses Ausbildung Hessen für die Jahre ' },
      { kind: 'deleted', text: '2020' },
      { kind: 'inserted', text: '2025' },
      { kind: 'same', text: ' bis ' },
      { kind: 'deleted', text: '2024' },
      { kind: 'inserted', text: '2029' },
      { kind: 'same', text: ' schließen das Land und der Kreis diese Vereinbarung.' },
    ]);
    expect(preamble).toMatchObject({ change: 'changed', insertions: 2, deletions: 2 });
    expect(summarizeSectionDiff(preamble!)).toBe('2 Einfügungen, 2 Löschungen');
  });

  it('aligns by key, not by position, and keeps one-sided sections in place', () => {
    const before = [s('Präambel', 'A'), s('§ 1', 'eins'), s('§ 2', 'zwei'), s('§ 3', 'drei')];
    const after = [s('Präambel', 'A'), s('§ 1', 'eins'), s('§ 3', 'drei'), s('§ 4', 'vier')];
    const result = diffAgreementSections(before, after);
    expect(result.map((section) => [section.key, section.change])).toEqual([
      ['Präambel', 'unchanged'],
      ['§ 1', 'unchanged'],
      ['§ 2', 'deleted'],
      ['§ 3', 'unchanged'],
      ['§ 4', 'inserted'],
    ]);
    expect(result[2]?.tokens).toEqual([{ kind: 'deleted', text: 'zwei' }]);
    expect(result[4]?.tokens).toEqual([{ kind: 'inserted', text: 'vier' }]);
    expect(result.map(summarizeSectionDiff)).toEqual([
      'Keine Änderungen',
      'Keine Änderungen',
      'Abschnitt gelöscht',
      'Keine Änderungen',
      'Abschnitt neu eingefügt',
    ]);
  });

  it('places sections deleted at the very start first, in their old order', () => {
    const result = diffAgreementSections([s('a', '1'), s('b', '2'), s('c', '3')], [s('c', '3')]);
    expect(result.map((section) => section.key)).toEqual(['a', 'b', 'c']);
  });

  it('diffs a changed heading too', () => {
    const [section] = diffAgreementSections([s('§ 4', 'x', '§ 4 Mittel')], [s('§ 4', 'x', '§ 4 Finanzierung')]);
    expect(section).toMatchObject({ change: 'changed', insertions: 1, deletions: 1 });
    expect(section?.headingTokens.filter((token) => token.kind !== 'same')).toEqual([
      { kind: 'deleted', text: 'Mittel' },
      { kind: 'inserted', text: 'Finanzierung' },
    ]);
  });

  it('keeps both versions recoverable from the tokens', () => {
    const before = [s('Präambel', PREAMBLE_2024), s('§ 1', 'Ziele:\n- Ausbildung\n- Qualifizierung'), s('§ 2', 'alt')];
    const after = [s('Präambel', PREAMBLE_2025), s('§ 1', 'Ziele:\n- Ausbildung\n\n- Teilzeitausbildung'), s('§ 6', 'neu')];
    const result = diffAgreementSections(before, after);
    const join = (kinds: string[]) =>
      Object.fromEntries(
        result.map((section) => [section.key, section.tokens.filter((t) => kinds.includes(t.kind)).map((t) => t.text).join('')]),
      );
    expect(join(['same', 'deleted'])).toEqual({ Präambel: PREAMBLE_2024, '§ 1': before[1]!.text, '§ 2': 'alt', '§ 6': '' });
    expect(join(['same', 'inserted'])).toEqual({ Präambel: PREAMBLE_2025, '§ 1': after[1]!.text, '§ 2': '', '§ 6': 'neu' });
  });

  it('uses singular forms', () => {
    const [section] = diffAgreementSections([s('§ 5', 'Projekt A')], [s('§ 5', 'Projekt A und B')]);
    expect(summarizeSectionDiff(section!)).toBe('1 Einfügung');
  });
});

describe('renderDiffHtml', () => {
  it('escapes every piece of text, including markup in inserted and deleted words', () => {
    const html = renderDiffHtml(
      diffAgreementSections(
        [s('§ 1', 'Projekt "A" & <b>B</b>', 'Überschrift <i>alt</i>')],
        [s('§ 1', 'Projekt "A" & <script>alert(1)</script>', 'Überschrift <i>alt</i>')],
      ),
    );
    expect(html).not.toMatch(/<(script|b|i)[\s>]/);
    expect(html).toContain('&#60;/');
    expect(html).toContain('&#34;A&#34; &#38;');
    const inserted = renderDiffHtml(diffAgreementSections([], [s('§ 9', '<script>alert("x")</script>', '<img src=x onerror=alert(1)>')]));
    expect(inserted).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(inserted).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(inserted).not.toMatch(/<(script|img)/);
  });

  it('wraps changes in ins/del with hidden words for screen readers and a summary per section', () => {
    const html = renderDiffHtml(diffAgreementSections([s('Präambel', PREAMBLE_2024)], [s('Präambel', PREAMBLE_2025)]));
    expect(html).toContain(
      '<del><span class="visually-hidden">Gelöscht: </span>2020<span class="visually-hidden"> Ende der Löschung</span></del>' +
        '<ins><span class="visually-hidden">Eingefügt: </span>2025<span class="visually-hidden"> Ende der Einfügung</span></ins>',
    );
    expect(html).toContain('<p class="agreement-diff__summary">2 Einfügungen, 2 Löschungen</p>');
    expect(html).toMatch(/<section [^>]*aria-labelledby="diff-1"><h3 id="diff-1">Präambel<\/h3>/);
    // The sighted reader sees old and new words side by side, struck through and underlined by CSS.
    expect(visibleText(html)).toContain('Jahre 20202025 bis 20242029 schließen');
  });

  it('renders whole inserted and deleted sections and honours the heading level', () => {
    const html = renderDiffHtml(diffAgreementSections([s('§ 2', 'alt')], [s('§ 3', 'neu')]), { headingLevel: 2, idPrefix: 'v2' });
    expect(html).toContain('<h2 id="v2-1"><del><span class="visually-hidden">Gelöscht: </span>§ 2');
    expect(html).toContain('<h2 id="v2-2"><ins><span class="visually-hidden">Eingefügt: </span>§ 3');
    expect(html).toContain('Abschnitt neu eingefügt');
    expect(html).toContain('Abschnitt gelöscht');
  });

  it('ships the visually-hidden class', () => {
    expect(DIFF_CSS).toContain('.visually-hidden{');
    expect(DIFF_CSS).toContain('clip:rect(0,0,0,0)');
  });
});

describe('diffAgreementSections on long project lists', () => {
  const projects = (titles: string[]) => ['Maßnahmenart 1', ...titles.map((t) => `– ${t}`)].join('\n');

  it('keeps unchanged projects whole and marks only the changed ones, word by word where edited', () => {
    const before = projects(['Ausbildung im Handwerk', 'Sprachkurs Deutsch', 'Werkstatt für Jugendliche', 'Coaching']);
    const after = projects(['Ausbildung im Handwerk', 'Sprachkurs Deutsch plus', 'Coaching', 'Neues Projekt Pflege']);
    const [section] = diffAgreementSections([s('§ 3', before)], [s('§ 3', after)]);
    expect(section!.tokens).toEqual([
      { kind: 'same', text: 'Maßnahmenart 1\n– Ausbildung im Handwerk\n– Sprachkurs Deutsch' },
      { kind: 'inserted', text: ' plus' },
      { kind: 'same', text: '\n' },
      { kind: 'deleted', text: '– Werkstatt für Jugendliche\n' },
      { kind: 'same', text: '– Coaching' },
      { kind: 'inserted', text: '\n– Neues Projekt Pflege' },
    ]);
    expect(section).toMatchObject({ change: 'changed', insertions: 2, deletions: 1 });
  });

  it('gives both texts back from the tokens for any edit of lines and words', () => {
    const line = fc.array(fc.constantFrom('Ausbildung', 'Pflege', 'Kurs', '–', 'A', ''), { maxLength: 5 }).map((w) => w.join(' '));
    const text = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const [section] = diffAgreementSections([s('§ 3', before)], [s('§ 3', after)]);
        const join = (kind: DiffTokenKind) => section!.tokens.filter((t) => t.kind === 'same' || t.kind === kind).map((t) => t.text).join('');
        expect(join('deleted')).toBe(before);
        expect(join('inserted')).toBe(after);
        expect(section!.change === 'unchanged').toBe(before === after);
      }),
      { numRuns: 500 },
    );
  });
});
