import { AGREEMENT_SCHEMA_ID, type AgreementInterchange, AgreementInterchangeSchema, type Signature } from '../../documents/schema';
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

/** "787.100,00", "787100", "968.540,50 €" → cents; null when not a German amount. */
export function parseEuroField(text: string): number | null {
  const value = text.replace(/[\s\u00a0\u202f]/g, '').replace(/(€|EUR|Euro)$/i, '').replace(/,-{1,2}$/, '');
  const match = /^(\d{1,3}(?:\.\d{3})+|\d{1,12})(?:,(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  const euros = Number(match[1]!.replace(/\./g, ''));
  const cents = match[2] ? Number(match[2].padEnd(2, '0')) : 0;
  return Number.isSafeInteger(euros * 100 + cents) ? euros * 100 + cents : null;
}

/** "1.7.2024", "01.07.2024" or "2024-07-01" → "2024-07-01"; null otherwise (the schema checks the day exists). */
export function parseDateField(text: string): string | null {
  const value = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  return match ? `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}` : null;
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
  const amountCents = parseEuroField(values.amount);
  if (amountCents === null) errors[fieldName.amount] = 'Bitte geben Sie den Betrag in Euro ein, z. B. 787.100,00.';
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
    const date = parseDateField(typed.date);
    if (typed.date.trim() !== '' && date === null) errors[fieldName.signature(side, 'date')] = 'Bitte das Datum als TT.MM.JJJJ eingeben (z. B. 1.7.2024).';
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
