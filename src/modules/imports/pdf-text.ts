import { getDocumentProxy } from 'unpdf';

/**
 * Text of a PDF, line by line, rebuilt from PDF.js text items instead of unpdf's `extractText`:
 * Typst wraps hyphens in ActualText spans that PDF.js reports as empty marked content, so
 * `extractText` turns "Rheingau-Taunus-Kreis" into "Rheingau Taunus Kreis". Here an empty span
 * becomes a hyphen again, hyphenated line ends are re-joined and wrapped list items (indented
 * continuation lines) are joined to their bullet.
 */

interface PdfLine {
  text: string;
  x: number;
  /** Where the line's last text item ends. */
  endX: number;
  y: number;
  size: number;
  page: number;
  /**
   * The line ends in a hyphen PDF.js dropped: 'soft' = inserted by hyphenation (Typst gives it its
   * own tagged span), 'real' = a hyphen of the text (an untagged ActualText span inside the run).
   */
  hiddenHyphenAtEnd: 'soft' | 'real' | null;
}

interface TextItemLike {
  str: string;
  hasEOL: boolean;
  transform: number[];
  width: number;
  height: number;
}

interface MarkedItemLike {
  type: string;
  id?: string | null;
  tag?: string;
}

/** An agreement has 3–10 pages; a longer PDF is refused before any page is read. */
export const MAX_PDF_PAGES = 100;
/** Reading one file's text may take this long (a real agreement: 20–40 ms). */
export const PDF_TIME_LIMIT_MS = 10_000;

class PdfLimitError extends Error {
  constructor(
    readonly reason: 'pages' | 'time',
    readonly pages: number,
  ) {
    super(reason);
  }
}

/** Gives the event loop a turn (other requests, /healthz) between two pages of a long PDF. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const BULLET_START = /^[•\-–*·▪◦‣∙●○■]\s+/u;
const CONJUNCTION_START = /^(?:und|oder|bzw\.|sowie|bis)\s/u;

async function readLines(bytes: Uint8Array): Promise<{ lines: PdfLine[]; pages: number }> {
  const deadline = performance.now() + PDF_TIME_LIMIT_MS;
  // PDF.js takes ownership of (detaches) the buffer it is given; work on a copy.
  const document = await getDocumentProxy(new Uint8Array(bytes));
  const lines: PdfLine[] = [];
  try {
    if (document.numPages > MAX_PDF_PAGES) throw new PdfLimitError('pages', document.numPages);
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const pageStart = lines.length;
      await yieldToEventLoop();
      if (performance.now() > deadline) throw new PdfLimitError('time', document.numPages);
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent({ includeMarkedContent: true } as Parameters<typeof page.getTextContent>[0]);
      let current: PdfLine | null = null;
      const flush = () => {
        if (current && current.text.trim() !== '') lines.push(current);
        current = null;
      };
      let hiddenGlyph: 'soft' | 'real' | null = null;
      // Open marked-content spans and the text each received. Typst tags a hyphenation hyphen as
      // its own span (with an id) holding nothing or just "-"; a hyphen of the text itself sits in
      // an id-less ActualText span that PDF.js reports empty.
      const spans: Array<{ id: string | null; text: string; isSpan: boolean }> = [];
      const closeLine = () => {
        if (current && hiddenGlyph) {
          const line = current as PdfLine;
          if (hiddenGlyph === 'soft') line.text = line.text.replace(/-$/, '');
          line.hiddenHyphenAtEnd = hiddenGlyph;
        }
        hiddenGlyph = null;
        flush();
      };
      for (const raw of content.items as Array<TextItemLike | MarkedItemLike>) {
        if ('type' in raw) {
          if (raw.type === 'beginMarkedContentProps' || raw.type === 'beginMarkedContent') {
            spans.push({ id: raw.id ?? null, text: '', isSpan: raw.type === 'beginMarkedContentProps' && raw.tag === 'Span' });
          } else if (raw.type === 'endMarkedContent') {
            const span = spans.pop();
            // Empty Artifacts are drawings (signature rules), not text.
            if (span?.isSpan && span.id !== null && (span.text === '' || span.text === '-')) hiddenGlyph = 'soft';
            else if (span?.isSpan && span.id === null && span.text === '') hiddenGlyph = 'real';
          }
          continue;
        }
        const item = raw as TextItemLike;
        const x = item.transform[4] ?? 0;
        const y = item.transform[5] ?? 0;
        const size = Math.abs(item.transform[3] ?? item.height) || item.height || 10;
        if (current !== null && Math.abs((current as PdfLine).y - y) > size * 0.5 && item.str !== '') closeLine();
        // A wide gap on the same line is a column break (two signature blocks side by side).
        else if (current !== null && item.str.trim() !== '' && x - (current as PdfLine).endX > size * COLUMN_GAP_EM) closeLine();
        if (item.str === '') {
          if (item.hasEOL) closeLine();
          continue;
        }
        // The space PDF.js puts between two table cells spans the whole gap: not text, a column break.
        if (/^\s+$/.test(item.str) && item.width > size * COLUMN_GAP_EM && hiddenGlyph !== 'real') {
          if (item.hasEOL) closeLine();
          continue;
        }
        for (const span of spans) span.text += item.str;
        if (current === null) current = { text: '', x, endX: x, y, size, page: pageNumber, hiddenHyphenAtEnd: null };
        if (item.str.trim() !== '') (current as PdfLine).endX = Math.max((current as PdfLine).endX, x + item.width);
        let text = item.str;
        if (hiddenGlyph === 'real') {
          // A space item standing in for the lost hyphen is as wide as a hyphen; wider means "- ".
          if (/^\s+$/.test(text)) text = item.width > size * 0.45 ? '- ' : '-';
          else text = `-${text}`;
        }
        // A "soft" hyphen followed by more text on the same line was no line-end hyphenation.
        hiddenGlyph = null;
        (current as PdfLine).text += text;
        if (item.hasEOL) closeLine();
      }
      closeLine();
      page.cleanup();
      readColumnsInOrder(lines, pageStart);
    }
    return { lines, pages: document.numPages };
  } finally {
    await document.destroy();
  }
}

/** A gap this many font sizes wide between two items of one line separates two columns (justified word spaces stay far below). */
const COLUMN_GAP_EM = 4;

/**
 * Reorders a page's two-column region (lines that stand side by side, e.g. a signature table
 * with the ministry left and the district right) so the left column comes first, then the
 * right one. The region starts at the first row with two cells and ends at a line that spans
 * both columns. Lines are in place, `from` is the page's first line.
 */
function readColumnsInOrder(lines: PdfLine[], from: number): void {
  const page = lines.slice(from);
  const sameRow = (a: PdfLine, b: PdfLine) => Math.abs(a.y - b.y) <= a.size * 0.5;
  const start = page.findIndex((line, i) => i > 0 && sameRow(page[i - 1]!, line) && line.x > page[i - 1]!.endX);
  if (start < 0) return;
  const rightX = page[start]!.x;
  const first = start - 1;
  let end = first;
  const tolerance = page[start]!.size;
  while (end + 1 < page.length) {
    const line = page[end + 1]!;
    const isRight = line.x >= rightX - tolerance;
    const isLeft = line.endX <= rightX - tolerance / 2;
    if (!isRight && !isLeft) break;
    end++;
  }
  const region = page.slice(first, end + 1);
  const left = region.filter((line) => line.x < rightX - tolerance);
  const right = region.filter((line) => line.x >= rightX - tolerance);
  lines.splice(from + first, region.length, ...left, ...right);
}

/** Joins lines broken by hyphenation or inside a list item; keeps paragraph gaps as blank lines. */
function joinLines(lines: PdfLine[]): string {
  const out: string[] = [];
  let previous: PdfLine | null = null;
  // x of the text after the bullet marker of the list item being continued, if any.
  let itemTextX: number | null = null;
  let bulletX: number | null = null;
  for (const line of lines) {
    const text = line.text.replace(/\s+/g, ' ').trim();
    const last = out.length - 1;
    if (previous && out[last] !== undefined) {
      const prevText = out[last]!;
      const samePage = previous.page === line.page;
      const gap = previous.y - line.y;
      // A large gap, or a jump up / sideways (the next column, e.g. signature blocks side by side).
      const isNewParagraph = samePage && (gap > previous.size * 1.9 || gap < -previous.size * 0.5);
      const hidden = previous.hiddenHyphenAtEnd;
      const hyphenEnd = hidden !== null || /\p{L}-$/u.test(prevText);
      const base = hidden !== null ? prevText : prevText.replace(/-$/, '');
      // Position decides, not the first character: a wrapped title may start with "–" or "-".
      const isListContinuation =
        itemTextX !== null && bulletX !== null && line.x >= itemTextX - 1.5 && line.x > bulletX + 2 && !isNewParagraph;
      if (!isNewParagraph && hidden === 'soft') {
        out[last] = `${base}${text}`;
        previous = line;
        continue;
      }
      if (!isNewParagraph && hidden === 'real') {
        out[last] = CONJUNCTION_START.test(text) ? `${base}- ${text}` : `${base}-${text}`;
        previous = line;
        continue;
      }
      // A visible hyphen (PDFs from other programs): lower case next means hyphenation.
      if (!isNewParagraph && hyphenEnd && /^\p{Ll}/u.test(text)) {
        out[last] = CONJUNCTION_START.test(text) ? `${base}- ${text}` : `${base}${text}`;
        previous = line;
        continue;
      }
      if (!isNewParagraph && hyphenEnd && /^[\p{Lu}\d]/u.test(text) && (isListContinuation || itemTextX === null)) {
        out[last] = `${base}-${text}`;
        previous = line;
        continue;
      }
      if (!isNewParagraph && /\p{L}\/$/u.test(prevText) && /^\p{L}/u.test(text)) {
        out[last] = `${prevText}${text}`;
        previous = line;
        continue;
      }
      if (isListContinuation) {
        out[last] = `${prevText} ${text}`;
        previous = line;
        continue;
      }
      if (isNewParagraph || !samePage) out.push('');
    }
    itemTextX = null;
    bulletX = null;
    const bullet = BULLET_START.exec(text);
    if (bullet) {
      bulletX = line.x;
      // The text x is not reported per item reliably; approximate it from the marker width.
      itemTextX = line.x + line.size * 0.6;
    }
    out.push(text);
    previous = line;
  }
  return out.join('\n');
}

/**
 * Reads the text of a PDF, refusing more than MAX_PDF_PAGES pages or more than PDF_TIME_LIMIT_MS
 * (checked between pages, which also let other requests run); throws the PDF.js error
 * (PasswordException, InvalidPDFException) as is.
 */
export async function readPdfText(bytes: Uint8Array): Promise<{ ok: true; text: string; pages: number } | { ok: false; reason: 'pages' | 'time'; pages: number }> {
  try {
    const { lines, pages } = await readLines(bytes);
    return { ok: true, text: joinLines(lines), pages };
  } catch (error) {
    if (error instanceof PdfLimitError) return { ok: false, reason: error.reason, pages: error.pages };
    throw error;
  }
}
