import { describe, expect, it } from 'vitest';
import { loadShippedDistricts } from '../../districts/master-data';
import { buildLetter } from './letter-model';

const byAgs = (ags: string) => loadShippedDistricts().find((d) => d.ags === ags)!;

describe('Mittelankündigung letter model', () => {
  it('addresses a Landkreis via its Kreisausschuss with the dative form and the amount in Aussicht gestellt', () => {
    const letter = buildLetter({ district: byAgs('06432'), year: 2026, amountCents: 624_195_00, announcedOn: '2025-12-21', landesbudgetCents: 27_700_000_00 });
    expect(letter.recipient).toEqual(['An den Kreisausschuss des Landkreises Darmstadt-Dieburg', 'Darmstadt']);
    expect(letter.placeAndDate).toBe('Wiesbaden, 21.12.2025');
    const text = letter.paragraphs.join('\n');
    expect(text).toContain('wird dem Landkreis Darmstadt-Dieburg für das Förderjahr 2026 ein Betrag von 624.195,00 € in Aussicht gestellt.');
    expect(text).toContain('insgesamt 27.700.000,00 € bereit');
    expect(letter.title).toBe('Mittelankündigung AQB 2026 – Landkreis Darmstadt-Dieburg');
  });

  it('addresses a kreisfreie Stadt via its Magistrat and omits the Landesbudget sentence when unknown', () => {
    const letter = buildLetter({ district: byAgs('06611'), year: 2026, amountCents: 1_000_00, announcedOn: '2025-12-19', landesbudgetCents: null });
    expect(letter.recipient[0]).toBe('An den Magistrat der Stadt Kassel');
    expect(letter.paragraphs.join(' ')).toContain('wird der Stadt Kassel für das Förderjahr 2026 ein Betrag von 1.000,00 €');
    expect(letter.paragraphs.join(' ')).not.toContain('insgesamt');
  });
});
