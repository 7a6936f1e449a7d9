import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { compileTypstPdf, TYPST_DATA_PATH } from './typst';

const SOURCE = `#let data = json("${TYPST_DATA_PATH}")
#set text(font: "Fira Sans", lang: "de", region: "DE")
= #data.heading
#data.body`;

describe('compileTypstPdf', () => {
  it('compiles a source with JSON data to a PDF', async () => {
    const pdf = await compileTypstPdf(SOURCE, { heading: 'Titel', body: 'Text mit #markup und $formel$' }, { title: 'Test' });
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
  });

  it('turns Typst diagnostics into RENDER_FAILED with the messages', async () => {
    const error = await compileTypstPdf('#let x = (', {}, { title: 'Test' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('RENDER_FAILED');
    expect(String((error as AppError).details?.diagnostics)).toMatch(/unclosed|expected/);
  });

  it('reports missing data fields as RENDER_FAILED, and the compiler stays usable', async () => {
    const error = await compileTypstPdf(SOURCE, { heading: 'nur Titel' }, { title: 'Test' }).catch((caught: unknown) => caught);
    expect((error as AppError).code).toBe('RENDER_FAILED');
    const pdf = await compileTypstPdf(SOURCE, { heading: 'wieder', body: 'gut' }, { title: 'Test' });
    expect(pdf.length).toBeGreaterThan(500);
  });

  it('refuses an empty title (PDF/UA-1 requires one)', async () => {
    await expect(compileTypstPdf(SOURCE, { heading: 'a', body: 'b' }, { title: ' ' })).rejects.toMatchObject({ code: 'RENDER_FAILED' });
  });
});
