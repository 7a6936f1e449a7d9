import { AGREEMENT_SCHEMA_ID, type AgreementInterchange, AgreementInterchangeSchema, type Signature } from '../../documents/schema';
import { parseEuro, parseGermanDate } from '../../../platform/input';
import type { District } from '../../districts/schema';
import { formatDate, formatEuroNumber } from '../../../platform/format';
import type { FieldErrors } from '../../../ui/forms';

/** The preview form as typed: every field a string, German notation for amount and dates. */
export interface PreviewFormValues {
  year: string;
  ags: string;
  amount: string;
  /** One project title per line, for Maßnahmenart 1–4. */
  projects: [string, string, string, string];
  land: SignatureValues;
  district: SignatureValues;
}

export interface SignatureValues {
  place: string;
  date: string;
  name: string;
  title: string;
}

export const SIGNATURE_FIELDS = ['place', 'date', 'name', 'title'] as const;
export const SIGNATURE_LABELS: Record<(typeof SIGNATURE_FIELDS)[number], string> = { place: 'Ort', date: 'Datum', name: 'Name', title: 'Amtsbezeichnung' };

/** Field names of the HTML form. */
export const fieldName = {
  year: 'year',
  ags: 'ags',
  amount: 'amount',
  projects: (type: number) => `projects-${type}`,
  signature: (side: 'land' | 'district', field: (typeof SIGNATURE_FIELDS)[number]) => `${side}-${field}`,
};

const emptySignature = (): SignatureValues => ({ place: '', date: '', name: '', title: '' });

function signatureValues(signature: Signature | null): SignatureValues {
  return signature ? { place: signature.place, date: formatDate(signature.date), name: signature.name, title: signature.title } : emptySignature();
}

/** The form values that show a recognised agreement. */
export function valuesFromAgreement(agreement: AgreementInterchange): PreviewFormValues {
  const projects = ([1, 2, 3, 4] as const).map((type) =>
    (agreement.measures.find((m) => m.type === type)?.projects ?? []).map((p) => p.title).join('\n'),
  ) as PreviewFormValues['projects'];
  return {
    year: String(agreement.year),
    ags: agreement.district.ags,
    amount: formatEuroNumber(agreement.amountCents),
    projects,
    land: signatureValues(agreement.signatures.land),
    district: signatureValues(agreement.signatures.district),
  };
}

/**
 * The form values of a file that lacks some fields (issue 12): what was recognised, the missing
 * year or amount empty, to be typed in.
 */
export function valuesFromPartial(partial: Omit<AgreementInterchange, 'year' | 'amountCents'> & { year: number | null; amountCents: number | null }): PreviewFormValues {
  const values = valuesFromAgreement({ ...partial, year: partial.year ?? 0, amountCents: partial.amountCents ?? 0 });
  return { ...values, year: partial.year === null ? '' : values.year, amount: partial.amountCents === null ? '' : values.amount };
}

/** Reads the posted fields (missing fields become empty strings). */
export function valuesFromBody(body: Record<string, unknown>): PreviewFormValues {
  const get = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const signature = (side: 'land' | 'district'): SignatureValues => ({
    place: get(fieldName.signature(side, 'place')),
    date: get(fieldName.signature(side, 'date')),
    name: get(fieldName.signature(side, 'name')),
    title: get(fieldName.signature(side, 'title')),
  });
  return {
    year: get(fieldName.year),
    ags: get(fieldName.ags),
    amount: get(fieldName.amount),
    projects: [1, 2, 3, 4].map((type) => get(fieldName.projects(type))) as PreviewFormValues['projects'],
    land: signature('land'),
    district: signature('district'),
  };
}

function fieldForIssuePath(path: PropertyKey[]): string {
  const [head, second, third] = path.map(String);
  if (head === 'year') return fieldName.year;
  if (head === 'district') return fieldName.ags;
  if (head === 'amountCents') return fieldName.amount;
  if (head === 'measures') return fieldName.projects(Number(second ?? 0) + 1);
  if (head === 'signatures' && (second === 'land' || second === 'district')) {
    return fieldName.signature(second, (SIGNATURE_FIELDS as readonly string[]).includes(third ?? '') ? (third as 'place') : 'place');
  }
  return fieldName.year;
}

export type PreviewFormResult = { ok: true; agreement: AgreementInterchange } | { ok: false; errors: FieldErrors };

/**
 * Turns the corrected preview form into the interchange object, validated by
 * AgreementInterchangeSchema; German messages keyed by field name otherwise.
 */
export function parsePreviewForm(values: PreviewFormValues, districts: District[]): PreviewFormResult {
  const errors: FieldErrors = {};
  const year = /^\d{4}$/.test(values.year.trim()) ? Number(values.year.trim()) : null;
  if (year === null) errors[fieldName.year] = 'Bitte geben Sie das AQB-Jahr vierstellig ein (z. B. 2025).';
  const district = districts.find((d) => d.ags === values.ags);
  if (!district) errors[fieldName.ags] = 'Bitte wählen Sie eine Gebietskörperschaft aus.';
  const amount = parseEuro(values.amount);
  const amountCents = amount.ok ? amount.cents : null;
  if (!amount.ok) errors[fieldName.amount] = amount.message;
  else if (amountCents === 0) errors[fieldName.amount] = 'Der Betrag darf nicht 0 € sein.';

  const signatures: { land: Signature | null; district: Signature | null } = { land: null, district: null };
  for (const side of ['land', 'district'] as const) {
    const typed = values[side];
    const filled = SIGNATURE_FIELDS.filter((field) => typed[field].trim() !== '');
    if (filled.length === 0) continue;
    for (const field of SIGNATURE_FIELDS) {
      if (typed[field].trim() === '') {
        errors[fieldName.signature(side, field)] = `Bitte ${SIGNATURE_LABELS[field]} ergänzen – oder alle Angaben dieser Unterschrift leer lassen.`;
      }
    }
    const date = parseGermanDate(typed.date);
    if (typed.date.trim() !== '' && date === null) {
      const looksLikeDate = /^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})$/.test(typed.date.trim());
      errors[fieldName.signature(side, 'date')] = looksLikeDate ? 'Dieses Datum gibt es nicht' : 'Bitte das Datum als TT.MM.JJJJ eingeben (z. B. 1.7.2024).';
    }
    signatures[side] = { place: typed.place.trim(), date: date ?? '', name: typed.name.trim(), title: typed.title.trim() };
  }

  const measures = values.projects.map((text, i) => ({
    type: (i + 1) as 1 | 2 | 3 | 4,
    // One title per line, kept as written apart from surrounding space.
    projects: text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((title) => ({ title })),
  }));

  const candidate = {
    schema: AGREEMENT_SCHEMA_ID,
    year: year ?? 0,
    district: { ags: district?.ags ?? '', name: district?.officialName ?? '' },
    amountCents: amountCents ?? 0,
    measures,
    signatures,
  };
  const parsed = AgreementInterchangeSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = fieldForIssuePath(issue.path);
      errors[name] ??= issue.path[0] === 'measures' && issue.path.length >= 4 ? `Projekt ${Number(issue.path[3]) + 1}: ${issue.message}` : issue.message;
    }
  }
  if (Object.values(errors).some(Boolean) || !parsed.success) return { ok: false, errors };
  return { ok: true, agreement: parsed.data };
}
