import { AppError } from '../../platform/errors';

/** Stable codes of refused money-path inputs (the German message goes next to the field). */
export const PAYMENT_PROBLEM_CODES = [
  'ABRUF_OHNE_BESCHEID',
  'ABRUF_VOR_BESCHEID',
  'ZWEI_MONATS_REGEL',
  'ABRUF_UEBER_BEDARF',
  'ABRUF_UEBER_VERFUEGBAR',
  'AUSZAHLUNG_VOR_ABRUF',
  'AUSZAHLUNG_UEBER_ABRUF',
  'VERWENDUNG_UEBER_AUSZAHLUNG',
  'DATUM_IN_DER_ZUKUNFT',
  'PROJEKT_UNBEKANNT',
  'NACHWEIS_UNVOLLSTAENDIG',
  'ZINSZEITRAUM_UNGUELTIG',
  'BASISZINSSATZ_FEHLT',
] as const;
export type PaymentProblemCode = (typeof PAYMENT_PROBLEM_CODES)[number];

export interface PaymentProblem {
  code: PaymentProblemCode;
  /** The input field ("amountCents", "plannedUse.1.dueOn"). */
  path: string;
  message: string;
}

/** VALIDATION_FAILED with one issue per problem; each issue also carries its `code` (JSON API). */
export function refuse(problems: PaymentProblem[], message = 'Die Eingaben sind nicht gültig.'): never {
  throw new AppError('VALIDATION_FAILED', message, { issues: problems.map((p) => ({ path: p.path, message: p.message, code: p.code })) });
}
