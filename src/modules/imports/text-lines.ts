/**
 * Turns an agreement text (Markdown, plain text, or text extracted from PDF/DOCX) into clean lines
 * while keeping the original line numbers for warnings.
 */

import { splitColumns } from './columns';

export interface TextLine {
  /** 1-based line number in the input. */
  no: number;
  /** The line without Markdown markup, invisible characters and surrounding space. */
  text: string;
  /** The project text after a bullet marker, or null when the line is no bullet. */
  bullet: string | null;
  /** A Markdown heading (`#`) or a line entirely in bold. */
  isMarkedHeading: boolean;
}

// Word exports bullets as Symbol/Wingdings private-use characters (U+F0B7, U+F0A7, U+F0D8).
const SIMPLE_BULLET = /^(?:[-•*–—·▪◦‣∙●○■□➢➤►]\s+|[\uF0A7\uF0B7\uF0D8\uF076\uF0FC]\s*)/u;

/** Normalises line ends, removes BOM, soft hyphens, zero-width characters and odd spaces. */
export function normaliseRawText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    // A soft hyphen at a line end (pdftotext keeps hyphenation as U+00AD): the word continues on
    // the next line; its rest moves up, the line count stays (warnings name input lines).
    .replace(/\u00AD[ \t]*\n([ \t]*)(\S*)/g, '$2\n$1')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t\f\v]/g, ' ');
}

/** Markdown emphasis around a whole line or phrase: `**x**`, `__x__`, `*x*`, `_x_`. */
function stripEmphasis(value: string): string {
  let text = value;
  for (let i = 0; i < 3; i++) {
    const next = text
      .replace(/^\*\*(.+)\*\*$/u, '$1')
      .replace(/^__(.+)__$/u, '$1')
      .replace(/^\*(?!\s)(.+?)(?<!\s)\*$/u, '$1')
      .replace(/^_(?!\s)(.+?)(?<!\s)_$/u, '$1')
      .trim();
    if (next === text) break;
    text = next;
  }
  // Bold inside a sentence ("mit den Mitteln des **Ausbildungs- … 2024** in …").
  return text.replace(/\*\*([^*]+)\*\*/gu, '$1').replace(/__([^_]+)__/gu, '$1');
}

/** Markdown backslash escapes (`\*`, `\_`, `\"`), only in documents that are Markdown. */
function unescapeMarkdown(value: string): string {
  return value.replace(/\\([\\`*_{}[\]()#+\-.!"'<>|~])/g, '$1');
}

/** Splits a text into clean lines; Markdown markup is removed only when the text looks like Markdown. */
export function toLines(input: string): TextLine[] {
  const raw = normaliseRawText(input).split('\n');
  const isMarkdown = raw.some((line) => /^\s{0,3}#{1,6}\s/.test(line)) || raw.some((line) => /\*\*[^*]+\*\*/.test(line));
  // Two-column blocks (signature tables as `pdftotext -layout` prints them) are read column by column.
  const numbered = isMarkdown ? raw.map((text, index) => ({ no: index + 1, text })) : splitColumns(raw.map((text, index) => ({ no: index + 1, text })));
  return numbered.map(({ no, text: line }) => {
    let text = line.replace(/\s+/g, ' ').trim();
    let isMarkedHeading = false;
    if (isMarkdown) {
      // A trailing backslash is a Markdown hard line break, not text.
      text = text.replace(/(?<!\\)\\$/, '').trimEnd();
      const heading = /^#{1,6}\s+(.*?)(?:\s+#+)?$/.exec(text);
      if (heading) {
        text = heading[1]!;
        isMarkedHeading = true;
      }
      if (/^\*\*.+\*\*$/.test(text) || /^__.+__$/.test(text)) isMarkedHeading = true;
      // A bullet item keeps its own text exactly; emphasis is removed only around the whole item.
      const bulletMatch = SIMPLE_BULLET.exec(text);
      if (bulletMatch && text.startsWith('*') === false) {
        text = bulletMatch[0].trim() + ' ' + unescapeMarkdown(stripEmphasis(text.slice(bulletMatch[0].length)));
      } else if (bulletMatch && text.startsWith('* ')) {
        text = '* ' + unescapeMarkdown(stripEmphasis(text.slice(bulletMatch[0].length)));
      } else {
        text = unescapeMarkdown(stripEmphasis(text));
      }
      if (/^[-*_]{3,}$/.test(text)) text = '';
    }
    const bulletMatch = SIMPLE_BULLET.exec(text);
    const bullet = bulletMatch ? text.slice(bulletMatch[0].length).trim() : null;
    return { no, text, bullet: bullet === '' ? null : bullet, isMarkedHeading };
  });
}
