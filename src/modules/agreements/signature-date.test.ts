import { describe, expect, it } from 'vitest';
import { implausibleSignatureDate } from './use-cases/record-signature';

const context = { year: 2025, draftCreatedOn: '2025-02-10', party: 'land' as const, other: null, today: '2025-08-02' };

describe('plausibility of a signature date', () => {
  it.each([
    ['2025-08-02', null],
    ['2025-02-10', null],
    ['2025-07-01', null],
  ])('%s is plausible', (date, expected) => {
    expect(implausibleSignatureDate(date, context)).toBe(expected);
  });

  it('refuses a date in the future, naming it in German', () => {
    expect(implausibleSignatureDate('2025-08-03', context)).toBe('Das Datum der Unterschrift (3.8.2025) liegt in der Zukunft. Bitte erfassen Sie eine Unterschrift erst, wenn sie geleistet ist.');
  });

  it('refuses a date before the year and its preparation', () => {
    expect(implausibleSignatureDate('2023-12-31', { ...context, draftCreatedOn: '2023-01-01' })).toBe('Das Datum der Unterschrift (31.12.2023) liegt vor dem AQB-Jahr 2025 und seiner Vorbereitung (frühestens 1.1.2024).');
  });

  it('refuses a date before the draft existed', () => {
    expect(implausibleSignatureDate('2025-02-09', context)).toBe('Das Datum der Unterschrift (9.2.2025) liegt vor dem Entwurf dieser Zielvereinbarung (angelegt am 10.2.2025).');
  });
});
