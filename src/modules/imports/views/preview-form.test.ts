import { describe, expect, it } from 'vitest';
import { LW_2025, RTK_2024 } from '../../documents/reference-agreements';
import { loadShippedDistricts } from '../../districts/master-data';
import { fieldName, parsePreviewForm, valuesFromAgreement } from './preview-form';

const districts = loadShippedDistricts();

describe('preview form', () => {
  it('round-trips both reference agreements through the form values', () => {
    for (const agreement of [RTK_2024, LW_2025]) {
      expect(parsePreviewForm(valuesFromAgreement(agreement), districts)).toEqual({ ok: true, agreement });
    }
  });

  it('reads the amount and dates with the one German parser (platform/input) and refuses ambiguous notation', () => {
    const amountOf = (amount: string) => {
      const result = parsePreviewForm({ ...valuesFromAgreement(RTK_2024), amount }, districts);
      return result.ok ? result.agreement.amountCents : result.errors[fieldName.amount];
    };
    expect(amountOf('787.100,00')).toBe(787_100_00);
    expect(amountOf(' 968.540,5 € ')).toBe(968_540_50);
    expect(amountOf('1.140.300,-')).toBe(1_140_300_00);
    for (const bad of ['787,100.00', '1.00.000', '12,345', '']) expect(amountOf(bad)).toEqual(expect.any(String));
    const values = valuesFromAgreement(RTK_2024);
    values.land = { ...values.land, date: '14/08/2025' };
    const result = parsePreviewForm(values, districts);
    expect(result.ok).toBe(false);
    values.land = { ...values.land, date: '14.08.2025' };
    const fixed = parsePreviewForm(values, districts);
    expect(fixed.ok && fixed.agreement.signatures.land?.date).toBe('2025-08-14');
  });

  it('keeps project titles exactly, one per line, and drops blank lines', () => {
    const values = valuesFromAgreement(LW_2025);
    values.projects[3] = '\r\n  Schulung „Digitale Akte“ (2025)  \r\n\r\nFortbildung "BASS"\n';
    const result = parsePreviewForm(values, districts);
    expect(result.ok && result.agreement.measures[3]!.projects).toEqual([{ title: 'Schulung „Digitale Akte“ (2025)' }, { title: 'Fortbildung "BASS"' }]);
  });

  it('treats an all-empty signature as missing and a partly filled one as an error per empty field', () => {
    const unsigned = valuesFromAgreement(LW_2025);
    unsigned.district = { place: '', date: '', name: '', title: '' };
    const result = parsePreviewForm(unsigned, districts);
    expect(result.ok && result.agreement.signatures.district).toBeNull();

    const partial = valuesFromAgreement(LW_2025);
    partial.land.name = ' ';
    partial.land.date = '31.2.2025';
    expect(parsePreviewForm(partial, districts)).toEqual({
      ok: false,
      errors: {
        'land-name': 'Bitte Name ergänzen – oder alle Angaben dieser Unterschrift leer lassen.',
        'land-date': 'Dieses Datum gibt es nicht',
      },
    });
  });

  it('names every invalid field in German and never accepts 0 €', () => {
    const values = valuesFromAgreement(RTK_2024);
    values.year = '24';
    values.ags = '06999';
    values.amount = '0,00';
    values.projects[0] = 'x'.repeat(501);
    const result = parsePreviewForm(values, districts);
    expect(result).toEqual({
      ok: false,
      errors: {
        year: 'Bitte geben Sie das AQB-Jahr vierstellig ein (z. B. 2025).',
        ags: 'Bitte wählen Sie eine Gebietskörperschaft aus.',
        amount: 'Der Betrag darf nicht 0 € sein.',
        'projects-1': 'Projekt 1: Höchstens 500 Zeichen',
      },
    });
  });
});
