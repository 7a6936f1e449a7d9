/**
 * Side-by-side text blocks in plain text, as `pdftotext -layout` prints a two-column table (the
 * ministry's signature left, the district's right):
 *
 *     Wiesbaden, den 2.8.2025                  Limburg, den 14.08.2025
 *
 *     Heike Hofmann                            Michael Köberle
 *     Staatsministerin                         Landrat
 *
 * Such a block is read column by column: first every left line, then every right line, each with
 * its own line number, so the signature parser sees two ordinary blocks.
 */

export interface NumberedLine {
  /** 1-based line number in the input. */
  no: number;
  text: string;
}

/** At least this many spaces separate two columns (a sentence never has them). */
const MIN_GAP = 3;
/** The right column starts at about the same position in every row … */
const TOLERANCE = 3;
/** … and far from the left margin (a bullet and its indented text are no columns). */
const MIN_RIGHT_COLUMN = 20;
/** Each cell of a two-cell row holds a word. */
const WORD = /\p{L}{2,}/u;

interface Row {
  left: string;
  right: string;
  /** Where the right column starts (character index), or null for a one-sided row. */
  rightAt: number | null;
}

/** The column start of the right cell, when the line is "left   right" with one wide gap. */
function splitPoint(line: string): { left: string; right: string; at: number } | null {
  const match = new RegExp(`^(\\s*\\S(?:.*?\\S)?)( {${MIN_GAP},})(\\S.*)$`).exec(line);
  if (!match) return null;
  const right = match[3]!;
  const at = match[1]!.length + match[2]!.length;
  if (at < MIN_RIGHT_COLUMN || !WORD.test(match[1]!) || !WORD.test(right)) return null;
  // The right part itself must not be split again (three columns are no signature table).
  if (new RegExp(`\\S {${MIN_GAP},}\\S`).test(right)) return null;
  return { left: match[1]!.trimEnd(), right: right.trimEnd(), at };
}

/** Reads one line as a row of a two-column block starting at `at`, or null when it breaks the block. */
function rowAt(line: string, at: number): Row | null {
  if (line.trim() === '') return { left: '', right: '', rightAt: null };
  const split = splitPoint(line);
  if (split && Math.abs(split.at - at) <= TOLERANCE) return { left: split.left, right: split.right, rightAt: split.at };
  const indent = line.length - line.trimStart().length;
  // Only the right cell: indented to the right column.
  if (indent >= at - TOLERANCE) return { left: '', right: line.trim(), rightAt: indent };
  // Only the left cell: ends before the right column.
  if (indent < at - TOLERANCE && line.trimEnd().length <= at - 1) return { left: line.trim(), right: '', rightAt: null };
  return null;
}

/**
 * Splits two-column blocks (at least two rows with both cells) into their columns; every other
 * line stays as it is. Never throws.
 */
export function splitColumns(lines: readonly NumberedLine[]): NumberedLine[] {
  const out: NumberedLine[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = splitPoint(lines[i]!.text);
    if (!first) {
      out.push(lines[i]!);
      i++;
      continue;
    }
    const rows: Array<Row & { no: number }> = [];
    let j = i;
    for (; j < lines.length; j++) {
      const row = rowAt(lines[j]!.text, first.at);
      if (!row) break;
      rows.push({ ...row, no: lines[j]!.no });
    }
    // Trailing blank lines belong after the block, not inside the columns.
    while (rows.length > 0 && rows.at(-1)!.left === '' && rows.at(-1)!.right === '') {
      rows.pop();
      j--;
    }
    const twoSided = rows.filter((row) => row.left !== '' && row.right !== '').length;
    if (twoSided < 2) {
      out.push(lines[i]!);
      i++;
      continue;
    }
    const leftLines = rows.map((row) => ({ no: row.no, text: row.left }));
    const rightLines = rows.map((row) => ({ no: row.no, text: row.right }));
    out.push(...leftLines, { no: rows.at(-1)!.no, text: '' }, ...rightLines);
    i = j;
  }
  return out;
}
