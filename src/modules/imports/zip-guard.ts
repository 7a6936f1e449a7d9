import { inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';

/**
 * Checks a ZIP container (DOCX) before anything unpacks it: entry count, declared sizes, and then
 * the real size of every entry, inflated with a hard output limit (zlib's maxOutputLength, in the
 * thread pool, never on the event loop). A zip bomb is refused after at most MAX_TOTAL bytes of
 * output, in milliseconds; what passes can be unpacked by mammoth within the same bounds, because
 * mammoth reads the same entries from the same bytes.
 */

/** A real agreement DOCX has 10–40 entries. */
export const MAX_ZIP_ENTRIES = 500;
/** All entries together, unpacked (text, styles and images of a real agreement: well under 10 MB). */
export const MAX_ZIP_UNPACKED_BYTES = 40 * 1024 * 1024;
/** One XML part unpacked (document.xml of a 20-page agreement ≈ 300 KB). */
export const MAX_ZIP_XML_BYTES = 8 * 1024 * 1024;

const inflate = promisify(inflateRaw);

export type ZipCheck = { ok: true; entries: number; unpackedBytes: number } | { ok: false; reason: 'not-a-zip' | 'too-many-entries' | 'too-large' | 'encrypted' | 'unsupported' };

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes at the very end.
  const stop = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= stop; at--) {
    if (view.getUint32(at, true) === 0x06054b50) return at;
  }
  return -1;
}

function readEntries(bytes: Uint8Array): Entry[] | ZipCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 22) return { ok: false, reason: 'not-a-zip' };
  const end = findEndOfCentralDirectory(view);
  if (end < 0) return { ok: false, reason: 'not-a-zip' };
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  // ZIP64 markers: a DOCX never needs them; a bomb uses them to hide its sizes.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { ok: false, reason: 'unsupported' };
  if (count > MAX_ZIP_ENTRIES) return { ok: false, reason: 'too-many-entries' };
  if (offset + size > end) return { ok: false, reason: 'not-a-zip' };
  const entries: Entry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) return { ok: false, reason: 'not-a-zip' };
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      declaredSize: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const isXmlPart = (name: string) => /\.(xml|rels)$/i.test(name);

/** Checks a ZIP's structure and real unpacked sizes against the limits above. Never throws. */
export async function checkZip(bytes: Uint8Array): Promise<ZipCheck> {
  const read = readEntries(bytes);
  if (!Array.isArray(read)) return read;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let declaredTotal = 0;
  for (const entry of read) {
    if (entry.flags & 0x1) return { ok: false, reason: 'encrypted' };
    if (entry.method !== 0 && entry.method !== 8) return { ok: false, reason: 'unsupported' };
    if (entry.compressedSize === 0xffffffff || entry.declaredSize === 0xffffffff) return { ok: false, reason: 'unsupported' };
    if (isXmlPart(entry.name) && entry.declaredSize > MAX_ZIP_XML_BYTES) return { ok: false, reason: 'too-large' };
    declaredTotal += entry.declaredSize;
    if (declaredTotal > MAX_ZIP_UNPACKED_BYTES) return { ok: false, reason: 'too-large' };
  }
  // The declared sizes may lie: inflate each entry, never past what it declared (and the budget).
  let unpacked = 0;
  for (const entry of read) {
    const local = entry.localOffset;
    if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== 0x04034b50) return { ok: false, reason: 'not-a-zip' };
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + entry.compressedSize);
    if (data.byteLength !== entry.compressedSize) return { ok: false, reason: 'not-a-zip' };
    const limit = Math.min(entry.declaredSize, MAX_ZIP_UNPACKED_BYTES - unpacked);
    let size: number;
    if (entry.method === 0) {
      size = data.byteLength;
    } else {
      try {
        // maxOutputLength must be ≥ 1; one byte more than allowed shows that the entry lied.
        size = (await inflate(data, { maxOutputLength: limit + 1 })).byteLength;
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, reason: 'too-large' };
        return { ok: false, reason: 'not-a-zip' };
      }
    }
    if (size > limit) return { ok: false, reason: 'too-large' };
    unpacked += size;
  }
  return { ok: true, entries: read.length, unpackedBytes: unpacked };
}
