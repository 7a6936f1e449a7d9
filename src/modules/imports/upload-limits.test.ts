import { beforeAll, describe, expect, it } from 'vitest';
import { compileTypstPdf } from '../../platform/documents/typst';
import { extractText } from './extract-text';
import { MAX_PDF_PAGES } from './pdf-text';
import { bombEntry, buildDocx, buildDocxBomb, buildZip, deflatedEntry, docxFrame } from './testing/zip-files';
import { checkZip, MAX_ZIP_ENTRIES } from './zip-guard';

/**
 * Uploads that would stall or crash the server (issue 11): zip bombs in DOCX form and PDFs with
 * too many pages. "In well under a second" is guarded by the test timeouts, not by timing.
 */

let bomb400: Uint8Array;
let lyingBomb: Uint8Array;
beforeAll(async () => {
  bomb400 = await buildDocxBomb(400);
  lyingBomb = await buildDocxBomb(400, { lie: true });
}, 30_000);

describe('DOCX zip bombs', () => {
  it('refuses a 1.2 MB DOCX that unpacks to 400 MB with a German message', { timeout: 3_000 }, async () => {
    expect(bomb400.byteLength).toBeLessThan(2 * 1024 * 1024);
    const result = await extractText(bomb400, 'bombe.docx');
    expect(result).toEqual({ ok: false, error: { code: 'FILE_TOO_LARGE', message: expect.stringContaining('ist entpackt zu groß') } });
  });

  it('refuses the same bomb when its headers lie about the size (1 KB declared): the inflate limit stops it', { timeout: 3_000 }, async () => {
    expect(await checkZip(lyingBomb)).toEqual({ ok: false, reason: 'too-large' });
    const result = await extractText(lyingBomb, 'bombe.docx');
    expect(result.ok === false && result.error.code).toBe('FILE_TOO_LARGE');
  });

  it('refuses a 100 MB bomb hidden behind honest small parts, and one with too many entries', { timeout: 3_000 }, async () => {
    const hidden = buildZip([...docxFrame(), deflatedEntry('word/document.xml', '<w:document/>'), await bombEntry('word/media/image1.png', 100)]);
    expect((await extractText(hidden, 'a.docx')).ok).toBe(false);
    const many = buildZip([...docxFrame(), ...Array.from({ length: MAX_ZIP_ENTRIES }, (_, i) => deflatedEntry(`word/part${i}.xml`, '<x/>'))]);
    const result = await extractText(many, 'viele.docx');
    expect(result).toEqual({ ok: false, error: { code: 'FILE_TOO_LARGE', message: expect.stringContaining(`mehr als ${MAX_ZIP_ENTRIES} Teilen`) } });
  });

  it('still reads an honest DOCX built the same way', async () => {
    const docx = buildDocx(['Zielvereinbarung', 'zwischen dem Land Hessen']);
    expect(await checkZip(docx)).toMatchObject({ ok: true, entries: 3 });
    const result = await extractText(docx, 'echt.docx');
    expect(result).toMatchObject({ ok: true, format: 'docx' });
    expect(result.ok && result.text.split('\n').filter(Boolean)).toEqual(['Zielvereinbarung', 'zwischen dem Land Hessen']);
  });
});

describe('PDF limits', () => {
  it(`refuses a PDF with more than ${MAX_PDF_PAGES} pages before reading its pages`, { timeout: 10_000 }, async () => {
    const pdf = await compileTypstPdf(`#for i in range(${MAX_PDF_PAGES + 1}) [Seite #(i + 1) #pagebreak(weak: true)]`, {}, { title: 'Viele Seiten' });
    const result = await extractText(pdf, 'lang.pdf');
    expect(result).toEqual({ ok: false, error: { code: 'PDF_TOO_COMPLEX', message: expect.stringContaining(`hat ${MAX_PDF_PAGES + 1} Seiten`) } });
  });
});
