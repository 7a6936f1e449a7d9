import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

/**
 * Hand-built ZIP files for the importer's tests: honest DOCX files and zip bombs (an entry that
 * inflates to hundreds of MB, declared honestly or with a lying small size), written byte by byte
 * after the ZIP specification (local headers, central directory, end record).
 */

export interface ZipEntry {
  name: string;
  /** Deflated data and the size it unpacks to. */
  compressed: Uint8Array;
  unpackedSize: number;
  crc: number;
  /** The size written into the headers (default: the real one). */
  declaredSize?: number;
}

export function deflatedEntry(name: string, content: string | Uint8Array): ZipEntry {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  return { name, compressed: deflateRawSync(data), unpackedSize: data.byteLength, crc: crc32(data) };
}

/** An entry of `megabytes` MB of repeated paragraph XML, deflated while it is generated (never held whole). */
export async function bombEntry(name: string, megabytes: number, declaredSize?: number): Promise<ZipEntry> {
  const chunk = Buffer.alloc(1 << 20, '<w:p><w:r><w:t>AQB</w:t></w:r></w:p>');
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  let crc = 0;
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(chunk, crc);
    deflate.write(chunk);
  }
  await new Promise<void>((resolve) => deflate.end(resolve));
  return { name, compressed: Buffer.concat(parts), unpackedSize: megabytes << 20, crc, declaredSize };
}

/** Writes the entries as one ZIP file (method 8, deflate). */
export function buildZip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.declaredSize ?? entry.unpackedSize;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.compressed.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.byteLength, 26);
    locals.push(local, name, Buffer.from(entry.compressed));
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.compressed.byteLength, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.byteLength + entry.compressed.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** The package parts around word/document.xml. */
export function docxFrame(): ZipEntry[] {
  return [deflatedEntry('[Content_Types].xml', CONTENT_TYPES), deflatedEntry('_rels/.rels', RELS)];
}

/** A small, honest DOCX whose body is the given paragraphs. */
export function buildDocx(paragraphs: string[]): Uint8Array {
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escape(p)}</w:t></w:r></w:p>`).join('');
  const document = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return buildZip([...docxFrame(), deflatedEntry('word/document.xml', document)]);
}

/**
 * A DOCX zip bomb: word/document.xml unpacks to `megabytes` MB (400 MB ≈ 1.2 MB packed). With
 * `lie`, the headers declare 1 KB instead of the real size.
 */
export async function buildDocxBomb(megabytes: number, options: { lie?: boolean } = {}): Promise<Uint8Array> {
  return buildZip([...docxFrame(), await bombEntry('word/document.xml', megabytes, options.lie ? 1024 : undefined)]);
}
