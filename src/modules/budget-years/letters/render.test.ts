import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { loadShippedDistricts } from '../../districts/master-data';
import { SEEDED_LETTERHEADS } from '../../letterheads/data';
import { buildLetter } from './letter-model';
import { renderLetterDocx, renderLetterPdf } from './render';

const dir = mkdtempSync(join(tmpdir(), 'aqb-letter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sender = { ...SEEDED_LETTERHEADS.find((l) => l.key === 'hmsi')!, phone: '0611 000-0', email: 'aqb@ministerium.example', version: 1, updatedAt: new Date(), updatedBy: null };
const letter = buildLetter({
  district: loadShippedDistricts().find((d) => d.ags === '06432')!,
  year: 2026,
  amountCents: 624_195_00,
  announcedOn: '2025-12-19',
  landesbudgetCents: 27_700_000_00,
  sender,
});
const flat = (text: string) => text.replace(/\u00ad\s*/g, '').replace(/\s+/g, ' ');

/** Fails unless every part appears in `text`, each after the one before. */
function expectInOrder(text: string, parts: string[]): void {
  let position = -1;
  for (const part of parts) {
    const found = text.indexOf(part, position + 1);
    expect(found, `„${part}“ fehlt oder steht zu früh`).toBeGreaterThan(position);
    position = found;
  }
}

const ORDER = [
  'Hessisches Ministerium für Arbeit, Integration',
  'HMSI · Sonnenberger Straße 2/2a · 65193 Wiesbaden',
  'Kreisausschuss des Landkreises Darmstadt-Dieburg Darmstadt',
  'Aktenzeichen AQB – 2026/06432',
  'Telefon 0611 000-0',
  'Datum 19.12.2025',
  'Mittelankündigung für den Landkreis Darmstadt-Dieburg',
  'Sehr geehrte Damen und Herren,',
  'das Land Hessen stellt',
  '624.195,00 € in Aussicht gestellt',
  'Mit freundlichen Grüßen',
  'Im Auftrag',
  'N. N.',
  'Referatsleitung',
];

describe('Mittelankündigung documents', () => {
  it('renders a tagged PDF with the title whose text carries letterhead, addressee, Aktenzeichen, date, amount and signer in order', async () => {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, await renderLetterPdf(letter));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Mittelankündigung AQB 2026 – Landkreis Darmstadt-Dieburg/);
    expect(execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' })).toContain('<pdfuaid:part>1</pdfuaid:part>');
    const text = flat(execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }));
    expectInOrder(text, ORDER);
    expect(text).not.toContain('Entwurf');
  });

  it('renders a DOCX with the same text', async () => {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await renderLetterDocx(letter)) });
    const text = flat(value);
    for (const part of [letter.subject, ...letter.recipient, ...letter.blocks.map((b) => (b.kind === 'paragraph' ? b.text : ''))]) expect(text).toContain(part);
    expectInOrder(text, ORDER);
  });
});
