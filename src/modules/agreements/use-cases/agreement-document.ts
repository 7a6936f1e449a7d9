import type { Executor } from '../../../platform/db/client';
import { AppError, isAppError } from '../../../platform/errors';
import type { District } from '../../districts/schema';
import { getDistrict } from '../../districts/service';
import {
  type AgreementDocument,
  composeAgreement,
  renderDocx,
  renderPdf,
  renderStandaloneHtml,
  renderText,
} from '../../documents/service';
import { type AgreementInterchange, AgreementInterchangeSchema, StoredAgreementSchema } from '../../documents/schema';
import { getCurrentTemplate, getTemplateVersion, type TemplateVersion } from '../../templates/service';
import { type AgreementRecord, getAgreement } from './agreement-record';
import { currentEckdaten } from './refresh-projects';

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'txt', 'html', 'json'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface RenderedFile {
  body: string | Uint8Array;
  contentType: string;
  /** "Zielvereinbarung_2024_Rheingau-Taunus-Kreis.pdf" (may contain umlauts, see contentDisposition). */
  fileName: string;
}

/** "Zielvereinbarung_2025_Landkreis_Limburg-Weilburg.pdf": spaces and slashes become underscores. */
export function agreementFileName(year: number, district: Pick<District, 'officialName'>, format: DocumentFormat): string {
  const name = district.officialName.replace(/[\s/\\]+/g, '_').replace(/[^\p{L}\p{N}_.-]/gu, '');
  return `Zielvereinbarung_${year}_${name}.${format}`;
}

/** Renders a composed document in one format; HTML is a complete standalone page. */
export async function renderDocument(doc: AgreementDocument, format: Exclude<DocumentFormat, 'json'>): Promise<string | Uint8Array> {
  if (format === 'pdf') return renderPdf(doc);
  if (format === 'docx') return renderDocx(doc);
  if (format === 'txt') return renderText(doc);
  return renderStandaloneHtml(doc);
}

/**
 * THE composition of a stored agreement version: its content with the template version it
 * records, or – for a version without one (older imports) – the year's current template. Every
 * reader (agreement page, downloads, comparisons, publication, portal) goes through here, so a
 * signed text is always shown with the wording it was signed in. Throws TEMPLATE_MISSING when
 * the year has no template at all, UNKNOWN_DISTRICT for an unknown AGS.
 */
export async function composeStoredVersion(
  db: Executor,
  version: { content: AgreementInterchange; templateVersionId: number | null },
): Promise<{ document: AgreementDocument; district: District; template: TemplateVersion }> {
  const district = await getDistrict(db, version.content.district.ags);
  const template = version.templateVersionId === null ? await getCurrentTemplate(db, version.content.year) : await getTemplateVersion(db, version.templateVersionId);
  return { document: composeAgreement({ agreement: version.content, district, template: template.content }), district, template };
}

/** What the agreement page shows: the stored agreement, its district, its template and its composed document. */
export interface LoadedAgreement {
  agreement: AgreementRecord;
  district: District;
  template: TemplateVersion;
  document: AgreementDocument;
}

/**
 * Loads and composes the current version of a district's agreement in a year (composeStoredVersion).
 * Throws UNKNOWN_DISTRICT, TEMPLATE_MISSING or NOT_FOUND (German, naming the district). The caller
 * has checked `agreement.read`.
 */
export async function getAgreementDocument(db: Executor, year: number, ags: string): Promise<LoadedAgreement> {
  const district = await getDistrict(db, ags);
  // A year without any template is named as such first: nothing of that year can be shown.
  await getCurrentTemplate(db, year);
  let agreement: AgreementRecord;
  try {
    agreement = await getAgreement(db, year, ags);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') {
      throw new AppError('NOT_FOUND', `Für ${district.forms.akk} gibt es im AQB-Jahr ${year} keine Zielvereinbarung.`);
    }
    throw error;
  }
  const { document, template } = await composeStoredVersion(db, agreement);
  return { agreement, district, template, document };
}

/** The interchange file of an agreement content (the JSON download). */
function interchangeJson(content: AgreementInterchange): string {
  return `${JSON.stringify(StoredAgreementSchema.parse(content), null, 2)}\n`;
}

/** Renders the current version of a district's agreement (see getAgreementDocument for errors). */
export async function renderAgreementFile(db: Executor, year: number, ags: string, format: DocumentFormat): Promise<RenderedFile> {
  const loaded = await getAgreementDocument(db, year, ags);
  const body = format === 'json' ? interchangeJson(loaded.agreement.content) : await renderDocument(loaded.document, format);
  return { body, contentType: CONTENT_TYPES[format], fileName: agreementFileName(year, loaded.district, format) };
}

/**
 * Renders an interchange agreement (e.g. a file given to the CLI) with the current template of its
 * year. Throws VALIDATION_FAILED with every zod issue, UNKNOWN_DISTRICT or TEMPLATE_MISSING.
 */
export async function renderInterchangeFile(db: Executor, input: unknown, format: Exclude<DocumentFormat, 'json'>): Promise<RenderedFile> {
  const parsed = AgreementInterchangeSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', 'Die Datei ist keine gültige Zielvereinbarung (aqb.zielvereinbarung/1).', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  const { document, district } = await composeStoredVersion(db, { content: parsed.data, templateVersionId: null });
  return { body: await renderDocument(document, format), contentType: CONTENT_TYPES[format], fileName: agreementFileName(parsed.data.year, district, format) };
}

/**
 * The agreement the template editor previews with: the stored agreement of the district in that
 * year, or an invented sample (unsigned, flagged `isSample`) when there is none.
 */
export async function findPreviewAgreement(db: Executor, year: number, ags: string): Promise<{ agreement: AgreementInterchange; district: District; isSample: boolean; isDemo: boolean }> {
  const district = await getDistrict(db, ags);
  try {
    const stored = await getAgreement(db, year, ags);
    return { agreement: await withPreviewEckdaten(db, stored.content), district, isSample: false, isDemo: stored.isDemo };
  } catch (error) {
    if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
  }
  const sample: AgreementInterchange = {
    schema: 'aqb.zielvereinbarung/1',
    year,
    district: { ags: district.ags, name: district.officialName },
    amountCents: 500_000_00,
    measures: ([1, 2, 3, 4] as const).map((type) => ({ type, projects: type === 4 ? [] : [{ title: `Beispielprojekt ${type}` }] })),
    signatures: { land: null, district: null },
  };
  return { agreement: await withPreviewEckdaten(db, sample), district, isSample: true, isDemo: false };
}

/**
 * A template with the § 4 Eckdaten table previews with figures: the content's own (frozen) ones,
 * or – when it has none yet – the current figures of the district's project records.
 */
async function withPreviewEckdaten(db: Executor, content: AgreementInterchange): Promise<AgreementInterchange> {
  if (content.eckdaten) return content;
  return { ...content, eckdaten: await currentEckdaten(db, content.year, content.district.ags) };
}
