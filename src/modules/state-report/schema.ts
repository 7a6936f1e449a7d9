import { z } from 'zod';

/** A version of the Landesbericht is a draft until released; a released version never changes. */
export const STATE_REPORT_STATUSES = ['entwurf', 'freigegeben'] as const;
export type StateReportStatus = (typeof STATE_REPORT_STATUSES)[number];
export const STATE_REPORT_STATUS_LABELS: Record<StateReportStatus, string> = { entwurf: 'Entwurf', freigegeben: 'freigegeben' };

/** The five chapters generated from the data, in print order. */
export const CHAPTER_KEYS = ['mittel', 'teilnehmende', 'verbleib', 'zielerreichung', 'abweichungen'] as const;
export type ChapterKey = (typeof CHAPTER_KEYS)[number];
export const CHAPTER_TITLES: Record<ChapterKey, string> = {
  mittel: 'Mittel nach Gebietskörperschaft und Maßnahmenart',
  teilnehmende: 'Plätze und Teilnehmende',
  verbleib: 'Verbleib der Teilnehmenden',
  zielerreichung: 'Zielerreichung',
  abweichungen: 'Abweichungen (§ 6)',
};

export const FOREWORD_MAX = 20_000;
export const COMMENTARY_MAX = 10_000;
const text = (max: number) => z.string().trim().max(max, `Höchstens ${max.toLocaleString('de-DE')} Zeichen.`);

/** The draft's texts (form and API): the foreword and one commentary per chapter, with the version read. */
export const SaveStateReportSchema = z
  .object({
    version: z.number().int().min(1),
    foreword: text(FOREWORD_MAX),
    commentary: z.object(Object.fromEntries(CHAPTER_KEYS.map((k) => [k, text(COMMENTARY_MAX).default('')])) as Record<ChapterKey, z.ZodDefault<z.ZodString>>).strict(),
  })
  .strict();
export type SaveStateReportInput = z.infer<typeof SaveStateReportSchema>;

/** Release of a draft (API body; the form sends the version too). */
export const ReleaseStateReportSchema = z.object({ version: z.number().int().min(1) }).strict();

/** A table of the report with its cells already formatted (so HTML, PDF and DOCX show the same text). */
export const ReportTableSchema = z.object({
  id: z.string(),
  caption: z.string(),
  columns: z.array(z.string()),
  /** Per column: right-aligned figures. */
  numeric: z.array(z.boolean()),
  rows: z.array(z.array(z.string())),
  /** The last row is a sum line (printed bold). */
  hasTotal: z.boolean(),
  footnote: z.string().nullable(),
});
export type ReportTable = z.infer<typeof ReportTableSchema>;

/** A horizontal bar chart: raw values for the bar lengths, the shown text per bar, alt text. */
export const ReportChartSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  labels: z.array(z.string()),
  values: z.array(z.number().nullable()),
  display: z.array(z.string()),
});
export type ReportChart = z.infer<typeof ReportChartSchema>;

export const ReportChapterSchema = z.object({
  key: z.enum(CHAPTER_KEYS),
  number: z.number().int(),
  title: z.string(),
  commentary: z.string(),
  paragraphs: z.array(z.string()),
  charts: z.array(ReportChartSchema),
  tables: z.array(ReportTableSchema),
});
export type ReportChapter = z.infer<typeof ReportChapterSchema>;

/** Everything a renderer needs: the frozen snapshot of a released version has exactly this shape. */
export const ReportContentSchema = z.object({
  year: z.number().int(),
  versionNo: z.number().int(),
  isDraft: z.boolean(),
  /** Generated while demo records were loaded (banner; removed with the demo data). */
  isDemo: z.boolean(),
  title: z.string(),
  /** "Stand: …" line (the release date, or the day a draft was rendered). */
  asOf: z.string(),
  foreword: z.string(),
  chapters: z.array(ReportChapterSchema),
});
export type ReportContent = z.infer<typeof ReportContentSchema>;

/** One target-achievement judgement as the achievement module delivers it (chapter d maps these rows). */
export interface AchievementRow {
  ags: string;
  name: string;
  measureType: 1 | 2 | 3 | 4 | null;
  proposed: string | null;
  final: string | null;
  reason: string;
}

/** A version of a year's report (without the stored files). */
export interface StateReportVersion {
  id: number;
  year: number;
  versionNo: number;
  status: StateReportStatus;
  foreword: string;
  commentary: Record<ChapterKey, string>;
  version: number;
  createdAt: Date;
  releasedAt: Date | null;
  releasedByName: string | null;
  pdfSha256: string | null;
  docxSha256: string | null;
  htmlSha256: string | null;
  /** Set when a released version was corrected by a later one. */
  supersededBy: number | null;
}

export const StateReportVersionJsonSchema = z.object({
  year: z.number().int(),
  versionNo: z.number().int(),
  status: z.enum(STATE_REPORT_STATUSES),
  foreword: z.string(),
  commentary: z.record(z.string(), z.string()),
  version: z.number().int(),
  releasedAt: z.string().nullable(),
  sha256: z.object({ pdf: z.string().nullable(), docx: z.string().nullable(), html: z.string().nullable() }),
});
export type StateReportVersionJson = z.infer<typeof StateReportVersionJsonSchema>;

export function versionToJson(v: StateReportVersion): StateReportVersionJson {
  return {
    year: v.year,
    versionNo: v.versionNo,
    status: v.status,
    foreword: v.foreword,
    commentary: v.commentary,
    version: v.version,
    releasedAt: v.releasedAt?.toISOString() ?? null,
    sha256: { pdf: v.pdfSha256, docx: v.docxSha256, html: v.htmlSha256 },
  };
}

export const REPORT_FORMATS = ['pdf', 'docx', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_MIME: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
};
