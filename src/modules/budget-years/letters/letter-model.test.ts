import { describe, expect, it } from 'vitest';
import { officialLetterText } from '../../../platform/documents/official-letter';
import { loadShippedDistricts } from '../../districts/master-data';
import { SEEDED_LETTERHEADS } from '../../letterheads/data';
import type { StoredLetterhead } from '../../letterheads/schema';
import { buildChangeLetter, buildLetter, PREVIEW_MARK } from './letter-model';

const byAgs = (ags: string) => loadShippedDistricts().find((d) => d.ags === ags)!;
const hmsi: StoredLetterhead = { ...SEEDED_LETTERHEADS.find((l) => l.key === 'hmsi')!, phone: '0611 000-0', email: 'aqb@ministerium.example', signerName: 'Erika Beispiel', signerRole: 'Referatsleiterin', version: 3, updatedAt: new Date(), updatedBy: null };
const paragraphs = (letter: ReturnType<typeof buildLetter>) => letter.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
const info = (letter: ReturnType<typeof buildLetter>) => Object.fromEntries(letter.infoBlock.map((i) => [i.label, i.value]));

describe('Mittelankündigung letter model', () => {
  it('addresses a Landkreis via its Kreisausschuss with the dative form and the amount in Aussicht gestellt', () => {
    const letter = buildLetter({ district: byAgs('06432'), year: 2026, amountCents: 624_195_00, announcedOn: '2025-12-21', landesbudgetCents: 27_700_000_00, sender: hmsi });
    expect(letter.recipient).toEqual(['Kreisausschuss', 'des Landkreises Darmstadt-Dieburg', 'Darmstadt']);
    expect(info(letter).Datum).toBe('21.12.2025');
    const text = paragraphs(letter).join('\n');
    expect(text).toContain('wird dem Landkreis Darmstadt-Dieburg für das Förderjahr 2026 ein Betrag von 624.195,00 € in Aussicht gestellt.');
    expect(text).toContain('insgesamt 27.700.000,00 € bereit');
    expect(letter.title).toBe('Mittelankündigung AQB 2026 – Landkreis Darmstadt-Dieburg');
  });

  it('addresses a kreisfreie Stadt via its Magistrat and omits the Landesbudget sentence when unknown', () => {
    const letter = buildLetter({ district: byAgs('06611'), year: 2026, amountCents: 1_000_00, announcedOn: '2025-12-19', landesbudgetCents: null, sender: hmsi });
    expect(letter.recipient).toEqual(['Magistrat', 'der Stadt Kassel', 'Kassel']);
    expect(paragraphs(letter).join(' ')).toContain('wird der Stadt Kassel für das Förderjahr 2026 ein Betrag von 1.000,00 €');
    expect(paragraphs(letter).join(' ')).not.toContain('insgesamt');
  });

  it('is an official letter: HMSI letterhead, Aktenzeichen, contact, the district with its article, lower case after the salutation, signer', () => {
    const letter = buildLetter({ district: byAgs('06439'), year: 2026, amountCents: 500_000_00, announcedOn: '2025-12-19', landesbudgetCents: 27_700_000_00, sender: hmsi });
    expect(letter.letterhead.authority).toBe('Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales');
    expect(letter.returnAddress).toBe('HMSI · Sonnenberger Straße 2/2a · 65193 Wiesbaden');
    expect(info(letter)).toEqual({ Aktenzeichen: 'AQB – 2026/06439', Ansprechperson: 'nach Vereinbarung', Telefon: '0611 000-0', 'E-Mail': 'aqb@ministerium.example', Datum: '19.12.2025' });
    expect(letter.subject).toBe('Ausbildungs- und Qualifizierungsbudget (AQB) 2026 – Mittelankündigung für den Rheingau-Taunus-Kreis');
    expect(letter.salutation).toBe('Sehr geehrte Damen und Herren,');
    expect(paragraphs(letter)[0]).toMatch(/^das Land Hessen stellt/);
    expect(letter.signature).toEqual({ prefix: 'Im Auftrag', name: 'Erika Beispiel', role: 'Referatsleiterin' });
    expect(letter.draftMark).toBeUndefined();
    // Without telephone and e-mail in the master data, the information block leaves them out.
    const bare = buildLetter({ district: byAgs('06439'), year: 2026, amountCents: 1, announcedOn: '2025-12-19', landesbudgetCents: null, sender: { ...hmsi, phone: null, email: null } });
    expect(bare.infoBlock.map((i) => i.label)).toEqual(['Aktenzeichen', 'Ansprechperson', 'Datum']);
    expect(paragraphs(bare)[0]).toMatch(/^die Mittel des Ausbildungs- und Qualifizierungsbudgets 2026/);
  });

  it('marks a preview "Entwurf – Vorschau" in title, file name and on the page', () => {
    const letter = buildLetter({ district: byAgs('06611'), year: 2027, amountCents: 1_000_00, announcedOn: '2026-12-01', landesbudgetCents: null, sender: hmsi, isPreview: true });
    expect(letter.title).toBe(`${PREVIEW_MARK}: Mittelankündigung AQB 2027 – Stadt Kassel`);
    expect(letter.draftMark).toBe(PREVIEW_MARK);
    expect(letter.fileStem).toBe('vorschau-mittelankuendigung-2027-06611');
    expect(officialLetterText(letter).split('\n')[0]).toBe(PREVIEW_MARK);
  });
});

describe('change letter model', () => {
  it('names old and new amount, the difference, the decision and the reason', () => {
    const letter = buildChangeLetter({ district: byAgs('06439'), year: 2026, number: 2, fromCents: 624_195_00, toCents: 600_000_00, reason: 'Haushaltssperre des Landes.\n\nZweiter Absatz.', decidedOn: '2026-05-04', letterDate: '2026-05-06', announcedOn: '2025-12-19', sender: hmsi });
    expect(letter.title).toBe('Änderung der Mittelankündigung AQB 2026 – Rheingau-Taunus-Kreis (Nr. 2)');
    expect(letter.fileStem).toBe('aenderung-mittelankuendigung-2026-06439-2');
    expect(letter.subject).toBe('Ausbildungs- und Qualifizierungsbudget (AQB) 2026 – Änderung der Mittelankündigung für den Rheingau-Taunus-Kreis');
    expect(Object.fromEntries(letter.infoBlock.map((i) => [i.label, i.value]))).toMatchObject({ Aktenzeichen: 'AQB – 2026/06439-2', Datum: '6.5.2026' });
    const text = officialLetterText(letter);
    expect(text).toContain('mit Schreiben vom 19.12.2025 wurde dem Rheingau-Taunus-Kreis für das Förderjahr 2026 ein Betrag von 624.195,00 € in Aussicht gestellt.');
    expect(text).toContain('Mit Entscheidung vom 4.5.2026 wird dieser Betrag um 24.195,00 € gekürzt. Dem Rheingau-Taunus-Kreis wird für das Förderjahr 2026 nunmehr ein Betrag von 600.000,00 € in Aussicht gestellt.');
    const table = letter.blocks.find((b) => b.kind === 'table');
    expect(table).toMatchObject({ rows: [['Bisher in Aussicht gestellt', '624.195,00 €'], ['Kürzung', '− 24.195,00 €']], footer: ['Neu in Aussicht gestellt', '600.000,00 €'] });
    expect(text).toContain('Begründung\nHaushaltssperre des Landes.\nZweiter Absatz.');
  });

  it('says "aufgestockt" for an increase and copes without a first letter', () => {
    const letter = buildChangeLetter({ district: byAgs('06611'), year: 2026, number: 1, fromCents: 100_00, toCents: 250_00, reason: 'Restmittel', decidedOn: '2026-05-04', letterDate: '2026-05-06', announcedOn: null, sender: hmsi });
    const text = officialLetterText(letter);
    expect(text).toContain('der Stadt Kassel wurde für das Förderjahr 2026 bisher ein Betrag von 100,00 € in Aussicht gestellt.');
    expect(text).toContain('um 150,00 € aufgestockt. Der Stadt Kassel wird');
    expect(letter.blocks.find((b) => b.kind === 'table')).toMatchObject({ rows: [['Bisher in Aussicht gestellt', '100,00 €'], ['Aufstockung', '+ 150,00 €']] });
  });
});
