import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { loadShippedDistricts } from '../../districts/master-data';
import { buildLetter } from './letter-model';
import { renderLetterDocx, renderLetterPdf } from './render';

const dir = mkdtempSync(join(tmpdir(), 'aqb-letter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const letter = buildLetter({
  district: loadShippedDistricts().find((d) => d.ags === '06432')!,
  year: 2026,
  amountCents: 624_195_00,
  announcedOn: '2025-12-19',
  landesbudgetCents: 27_700_000_00,
});
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('Mittelankündigung documents', () => {
  it('renders a tagged PDF with the title whose text carries addressee, amount and date', async () => {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, await renderLetterPdf(letter));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Mittelankündigung AQB 2026 – Landkreis Darmstadt-Dieburg/);
    const text = flat(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
    expect(text).toContain('An den Kreisausschuss des Landkreises Darmstadt-Dieburg');
    expect(text).toContain('Wiesbaden, 19.12.2025');
    expect(text).toContain('624.195,00 € in Aussicht gestellt');
  });

  it('renders a DOCX with the same text', async () => {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await renderLetterDocx(letter)) });
    const text = flat(value);
    for (const part of [letter.subject, letter.recipient[0]!, letter.placeAndDate, ...letter.paragraphs]) expect(text).toContain(part);
  });
});
