/**
 * Which code points a TrueType/OpenType font has glyphs for, read from its `cmap` table (formats 4
 * and 12, the ones every Unicode font carries). Used to know before rendering which characters
 * none of the shipped fonts can show, so they are replaced instead of failing the PDF/UA check.
 */

export interface FontCoverage {
  has(codePoint: number): boolean;
}

class RangeCoverage implements FontCoverage {
  // Sorted, non-overlapping [start, end] pairs (inclusive).
  constructor(private readonly ranges: Array<[number, number]>) {}

  has(codePoint: number): boolean {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [start, end] = this.ranges[middle]!;
      if (codePoint < start) high = middle - 1;
      else if (codePoint > end) low = middle + 1;
      else return true;
    }
    return false;
  }
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = ranges.filter(([s, e]) => e >= s).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function format4(view: DataView, offset: number): Array<[number, number]> {
  const segCountX2 = view.getUint16(offset + 6);
  const endCodes = offset + 14;
  const startCodes = endCodes + segCountX2 + 2;
  const idDeltas = startCodes + segCountX2;
  const idRangeOffsets = idDeltas + segCountX2;
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < segCountX2 / 2; i++) {
    const end = view.getUint16(endCodes + i * 2);
    const start = view.getUint16(startCodes + i * 2);
    const delta = view.getUint16(idDeltas + i * 2);
    const rangeOffsetAt = idRangeOffsets + i * 2;
    const rangeOffset = view.getUint16(rangeOffsetAt);
    if (start === 0xffff) continue;
    if (rangeOffset === 0) {
      // Glyph = (code + delta) mod 65536; glyph 0 is .notdef (no glyph).
      let runStart: number | null = null;
      for (let code = start; code <= end; code++) {
        const glyph = (code + delta) & 0xffff;
        if (glyph !== 0 && runStart === null) runStart = code;
        if (glyph === 0 && runStart !== null) {
          ranges.push([runStart, code - 1]);
          runStart = null;
        }
      }
      if (runStart !== null) ranges.push([runStart, end]);
      continue;
    }
    for (let code = start; code <= end; code++) {
      const glyphAt = rangeOffsetAt + rangeOffset + (code - start) * 2;
      if (glyphAt + 2 > view.byteLength) break;
      const glyph = view.getUint16(glyphAt);
      if (glyph !== 0) ranges.push([code, code]);
    }
  }
  return ranges;
}

function format12(view: DataView, offset: number): Array<[number, number]> {
  const groups = view.getUint32(offset + 12);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < groups; i++) {
    const at = offset + 16 + i * 12;
    const start = view.getUint32(at);
    const end = view.getUint32(at + 4);
    const startGlyph = view.getUint32(at + 8);
    // A group mapping its first code to glyph 0 starts with one .notdef code point.
    ranges.push([startGlyph === 0 ? start + 1 : start, end]);
  }
  return ranges;
}

/** Reads the Unicode coverage of a TTF/OTF font file; throws on a file without a usable cmap. */
export function readFontCoverage(font: Uint8Array): FontCoverage {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = view.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16;
    if (String.fromCharCode(font[record]!, font[record + 1]!, font[record + 2]!, font[record + 3]!) === 'cmap') cmap = view.getUint32(record + 8);
  }
  if (cmap < 0) throw new Error('font without cmap table');
  const subtables = view.getUint16(cmap + 2);
  let best: { offset: number; format: number } | null = null;
  for (let i = 0; i < subtables; i++) {
    const platform = view.getUint16(cmap + 4 + i * 8);
    const encoding = view.getUint16(cmap + 6 + i * 8);
    const offset = cmap + view.getUint32(cmap + 8 + i * 8);
    const format = view.getUint16(offset);
    const isUnicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!isUnicode || (format !== 4 && format !== 12)) continue;
    // Format 12 covers the whole of Unicode (emoji); prefer it over the BMP-only format 4.
    if (!best || (format === 12 && best.format !== 12)) best = { offset, format };
  }
  if (!best) throw new Error('font without a Unicode cmap subtable (format 4 or 12)');
  return new RangeCoverage(mergeRanges(best.format === 12 ? format12(view, best.offset) : format4(view, best.offset)));
}
