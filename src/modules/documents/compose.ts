import type { z } from 'zod';
import type { District } from '../districts/schema';
import { DistrictSchema } from '../districts/schema';
import { AppError, issuesFromZod } from '../../platform/errors';
import { formatCount, formatDate, formatEuro, formatEuroAgreement } from '../../platform/format';
import { type AgreementInterchange, type EckdatenRow, type Signature, StoredAgreementSchema } from './schema';
import type { AgreementDocument, DocumentBlock, DocumentSection, SignatureBlock } from './model';
import { fillTemplateText, type PlaceholderValues } from './placeholders';
import { type YearTemplateContent, YearTemplateContentSchema } from './template';

export interface ComposeInput {
  agreement: AgreementInterchange;
  district: District;
  template: YearTemplateContent;
}

/**
 * Builds the format-neutral document of one Zielvereinbarung from the interchange data, the
 * district master data and the year template. Pure; throws VALIDATION_FAILED for invalid input or
 * when the agreement belongs to another district.
 */
export function composeAgreement(input: ComposeInput): AgreementDocument {
  // The callers are the database layer, the importer and the API: check the boundary once here.
  const agreement = parseOrThrow(StoredAgreementSchema, input.agreement, 'Die Zielvereinbarung ist unvollständig.');
  const district = parseOrThrow(DistrictSchema, input.district, 'Die Stammdaten der Gebietskörperschaft sind ungültig.');
  const template = parseOrThrow(YearTemplateContentSchema, input.template, 'Die Jahresvorlage ist ungültig.');
  if (agreement.district.ags !== district.ags) {
    throw new AppError('VALIDATION_FAILED', 'Zielvereinbarung und Gebietskörperschaft passen nicht zusammen.', {
      issues: [{ path: 'district.ags', message: `Erwartet ${district.ags}, erhalten ${agreement.district.ags}` }],
    });
  }

  const values: PlaceholderValues = {
    year: agreement.year,
    district,
    amount: formatEuroAgreement(agreement.amountCents),
    buendnisPeriod: template.buendnisPeriod,
  };
  const fill = (text: string) => fillTemplateText(text, values);

  const sections: DocumentSection[] = template.sections.map((section) => {
    const blocks: DocumentBlock[] = section.paragraphs.map((text) => ({ kind: 'paragraph', text: fill(text) }));
    if (section.number === 4) blocks.push({ kind: 'amount', text: values.amount });
    if (section.number === 5) {
      for (const measure of agreement.measures) {
        const label = template.measureTypeLabels[measure.type - 1] ?? '';
        blocks.push({
          kind: 'measureType',
          code: measure.type,
          heading: template.numberMeasureTypes ? `${measure.type}. ${label}` : label,
          projects: measure.projects.map((project) => project.title),
        });
      }
    }
    for (const text of section.closingParagraphs) blocks.push({ kind: 'paragraph', text: fill(text) });
    if (section.number === 4 && template.eckdatenTable && agreement.eckdaten) blocks.push(eckdatenTable(agreement.year, agreement.eckdaten, template.measureTypeLabels));
    return {
      number: section.number,
      label: `§ ${section.number}`,
      heading: fill(section.heading),
      subheading: section.subheading === null ? null : fill(section.subheading),
      blocks,
    };
  });

  return {
    title: `Zielvereinbarung ${agreement.year} – ${district.officialName}`,
    language: 'de-DE',
    heading: template.title.heading,
    titleLines: template.title.lines.map(fill),
    preamble: { heading: template.preamble.heading, paragraphs: template.preamble.paragraphs.map(fill) },
    sections,
    signatures: [
      landSignature(agreement.signatures.land, template.ministry.signatureLines),
      districtSignature(agreement.signatures.district, district),
    ],
  };
}

export const ECKDATEN_COLUMNS = ['Maßnahmenart', 'Projekte', 'AQB-Mittel', 'Plätze', 'Geplante Abschlüsse und Übergänge'] as const;

/** The § 4 table "Eckdaten {year}": one row per Maßnahmenart and the total (integer sums). */
function eckdatenTable(year: number, rows: readonly EckdatenRow[], labels: readonly string[]): DocumentBlock {
  const total = rows.reduce((sum, r) => ({ projects: sum.projects + r.projects, aqbCents: sum.aqbCents + r.aqbCents, places: sum.places + r.places, outcomes: sum.outcomes + r.outcomes }), { projects: 0, aqbCents: 0, places: 0, outcomes: 0 });
  const figures = (r: Omit<EckdatenRow, 'type'>) => [formatCount(r.projects), formatEuro(r.aqbCents), formatCount(r.places), formatCount(r.outcomes)];
  return {
    kind: 'table',
    caption: `Eckdaten ${year}`,
    columns: ECKDATEN_COLUMNS.map((label, i) => ({ label, numeric: i > 0 })),
    rows: rows.map((r) => [labels[r.type - 1] ?? '', ...figures(r)]),
    footer: ['Insgesamt', ...figures(total)],
  };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, message: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('VALIDATION_FAILED', message, { issues: issuesFromZod(result.error) });
  return result.data;
}

function placeAndDate(signature: Signature): string {
  return `${signature.place}, den ${formatDate(signature.date)}`;
}

function landSignature(signature: Signature | null, ministryLines: string[]): SignatureBlock {
  if (!signature) return { party: 'land', isSigned: false, placeAndDate: 'Ort, Datum', name: null, lines: [...ministryLines] };
  return {
    party: 'land',
    isSigned: true,
    placeAndDate: placeAndDate(signature),
    name: signature.name,
    lines: [signature.title, ...ministryLines],
  };
}

/**
 * "Landrätin des Kreises Bergstraße", "Oberbürgermeisterin der Landeshauptstadt Wiesbaden":
 * the signatory's own title plus the genitive form from the master data, never a glued type noun.
 */
function districtSignature(signature: Signature | null, district: District): SignatureBlock {
  if (!signature) {
    // Unknown signatory: both title forms, so the printed form fits whoever signs.
    const title = `${district.headTitle.m}/${district.headTitle.f}`;
    return { party: 'district', isSigned: false, placeAndDate: 'Ort, Datum', name: null, lines: [`${title} ${district.forms.gen}`] };
  }
  return {
    party: 'district',
    isSigned: true,
    placeAndDate: placeAndDate(signature),
    name: signature.name,
    lines: [`${signature.title} ${district.forms.gen}`],
  };
}
