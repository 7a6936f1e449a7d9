import { asc, desc, eq, max } from 'drizzle-orm';
import { checkText, disallowedTextIssues } from '../../platform/input';
import type { Executor } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { recordAuditEvent } from '../../platform/audit/store';
import type { UserId } from '../access/policy';
import { type AgreementSection, composeAgreement, defaultTemplate, diffAgreementSections, renderHtml, SEED_TEMPLATE_YEARS, type SectionDiff, type YearTemplateContent, YearTemplateContentSchema } from '../documents/service';
import type { AgreementInterchange } from '../documents/schema';
import type { District } from '../districts/schema';
import { agreementTemplates } from './tables';

/** One stored version of a year template. */
export interface TemplateVersion {
  id: number;
  year: number;
  version: number;
  content: YearTemplateContent;
  note: string;
  createdBy: UserId | null;
  createdAt: Date;
}

type TemplateRow = typeof agreementTemplates.$inferSelect;

/** JSON columns are a boundary: a stored template that no longer fits the schema is an error, never rendered. */
function toTemplateVersion(row: TemplateRow): TemplateVersion {
  const parsed = YearTemplateContentSchema.safeParse(row.content);
  if (!parsed.success) {
    throw new AppError('RENDER_FAILED', `Die gespeicherte Vorlage für das AQB-Jahr ${row.year} (Version ${row.version}) ist ungültig.`, {
      cause: parsed.error,
    });
  }
  return { id: row.id, year: row.year, version: row.version, content: parsed.data, note: row.note, createdBy: row.createdBy, createdAt: row.createdAt };
}

function templateMissing(year: number): AppError {
  return new AppError('TEMPLATE_MISSING', `Für das AQB-Jahr ${year} ist keine Vorlage hinterlegt`);
}

/** The newest template version of a year; throws TEMPLATE_MISSING ("Für das AQB-Jahr 2016 ist keine Vorlage hinterlegt"). */
export async function getCurrentTemplate(db: Executor, year: number): Promise<TemplateVersion> {
  const [row] = await db
    .select()
    .from(agreementTemplates)
    .where(eq(agreementTemplates.year, year))
    .orderBy(desc(agreementTemplates.version))
    .limit(1);
  if (!row) throw templateMissing(year);
  return toTemplateVersion(row);
}

/*
 * Template versions are never changed once saved (docs/decisions/0007): a version read and
 * validated once is kept per database handle, so rendering a stored agreement (portal pages,
 * downloads) does not read and parse the template again each time. Bounded per handle.
 */
const versionMemo = new WeakMap<Executor, Map<number, TemplateVersion>>();
const MEMO_SIZE = 64;

/** One template version by id; throws NOT_FOUND when it does not exist. */
export async function getTemplateVersion(db: Executor, id: number): Promise<TemplateVersion> {
  let memo = versionMemo.get(db);
  const known = memo?.get(id);
  if (known) return known;
  const [row] = await db.select().from(agreementTemplates).where(eq(agreementTemplates.id, id));
  if (!row) throw new AppError('NOT_FOUND', `Die Vorlagenversion ${id} gibt es nicht.`);
  const version = toTemplateVersion(row);
  if (!memo) versionMemo.set(db, (memo = new Map()));
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(id, version);
  return version;
}

/** Every version of a year's template, newest first (empty when the year has none). */
export async function findTemplateVersions(db: Executor, year: number): Promise<TemplateVersion[]> {
  const rows = await db.select().from(agreementTemplates).where(eq(agreementTemplates.year, year)).orderBy(desc(agreementTemplates.version));
  return rows.map(toTemplateVersion);
}

/** The years that have a template, with their current version number, ascending. */
export async function findTemplateYears(db: Executor): Promise<Array<{ year: number; currentVersion: number }>> {
  const rows = await db
    .select({ year: agreementTemplates.year, currentVersion: max(agreementTemplates.version) })
    .from(agreementTemplates)
    .groupBy(agreementTemplates.year)
    .orderBy(asc(agreementTemplates.year));
  return rows.map((r) => ({ year: r.year, currentVersion: Number(r.currentVersion) }));
}

/**
 * Stores `content` as the next version of the year's template (never overwrites), audited in the
 * caller's transaction. Validates with YearTemplateContentSchema (VALIDATION_FAILED with every
 * issue) and needs a change note. Two editors saving at once: the unique (year, version) lets one
 * fail with CONFLICT. `userId` null is the system (seeding) or the command line.
 */
export async function saveTemplateVersion(
  tx: Executor,
  year: number,
  content: unknown,
  note: string,
  userId: UserId | null,
): Promise<TemplateVersion> {
  const parsed = YearTemplateContentSchema.safeParse(content);
  const trimmedNote = note.trim();
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  // New wording holds only allowed characters (stored templates are read without this rule).
  issues.push(...disallowedTextIssues(content));
  const noteProblem = checkText(trimmedNote, 500, { multiline: true, required: 'Bitte beschreiben Sie die Änderung.' });
  if (noteProblem) issues.push({ path: 'note', message: noteProblem });
  if (!parsed.success || issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'Die Vorlage ist nicht gültig.', { issues });
  }
  const [last] = await tx
    .select({ version: max(agreementTemplates.version) })
    .from(agreementTemplates)
    .where(eq(agreementTemplates.year, year));
  const version = Number(last?.version ?? 0) + 1;
  const [row] = await tx
    .insert(agreementTemplates)
    .values({ year, version, content: parsed.data, note: trimmedNote, createdBy: userId })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('CONFLICT', 'Die Vorlage wurde gerade von jemand anderem gespeichert. Bitte laden Sie die Seite neu.');
  // The content itself is the version row; the event names it and its note.
  await recordAuditEvent(tx, { actorId: userId, action: 'template.saveVersion', recordType: 'agreement_template', recordId: row.id, before: null, after: { year, version, note: trimmedNote } });
  return toTemplateVersion(row);
}

/**
 * Keeps § 2 of the year's template in step with its Teilbudgets: removes the paragraph `remove`
 * and appends `add` (each the § 2 text of a Teilbudget), saved as a new template version in the
 * caller's transaction, so agreements record exactly the wording they were rendered with. A year
 * without template is left alone. Returns the new version, or undefined when nothing changed.
 */
export async function syncSubBudgetParagraph(tx: Executor, year: number, change: { remove?: string; add?: string }, userId: UserId | null): Promise<TemplateVersion | undefined> {
  let current: TemplateVersion;
  try {
    current = await getCurrentTemplate(tx, year);
  } catch (error) {
    if (isAppError(error) && error.code === 'TEMPLATE_MISSING') return undefined;
    throw error;
  }
  const remove = change.remove?.trim();
  const add = change.add?.trim();
  let changed = false;
  const sections = current.content.sections.map((section) => {
    if (section.number !== 2) return section;
    let paragraphs = section.paragraphs;
    if (remove && paragraphs.some((p) => p.trim() === remove)) {
      paragraphs = paragraphs.filter((p) => p.trim() !== remove);
      changed = true;
    }
    if (add && !paragraphs.some((p) => p.trim() === add)) {
      paragraphs = [...paragraphs, add];
      changed = true;
    }
    return { ...section, paragraphs };
  });
  if (!changed) return undefined;
  const note = add ? 'Text eines Teilbudgets in § 2 übernommen' : 'Text eines entfernten Teilbudgets aus § 2 gestrichen';
  return saveTemplateVersion(tx, year, { ...current.content, sections }, note, userId);
}

/**
 * Starts `toYear` with a copy of the current template of `fromYear` (version 1, note names the
 * source). The target AQB year must exist (foreign key). Throws TEMPLATE_MISSING for `fromYear`
 * and CONFLICT when `toYear` already has a template.
 */
export async function copyTemplateToYear(tx: Executor, fromYear: number, toYear: number, userId: UserId | null): Promise<TemplateVersion> {
  const source = await getCurrentTemplate(tx, fromYear);
  const [existing] = await tx.select({ id: agreementTemplates.id }).from(agreementTemplates).where(eq(agreementTemplates.year, toYear)).limit(1);
  if (existing) throw new AppError('CONFLICT', `Für das AQB-Jahr ${toYear} ist bereits eine Vorlage hinterlegt.`);
  return saveTemplateVersion(tx, toYear, source.content, `Kopie der Vorlage ${fromYear} (Version ${source.version})`, userId);
}

/**
 * Seeds version 1 of the 2024 and 2025 templates from the reference agreements where a year has
 * no template yet (idempotent, keeps the ministry's versions).
 */
export async function seedTemplates(tx: Executor): Promise<void> {
  for (const year of SEED_TEMPLATE_YEARS) {
    await tx
      .insert(agreementTemplates)
      .values({ year, version: 1, content: defaultTemplate(year), note: 'Standardvorlage aus der veröffentlichten Zielvereinbarung' })
      .onConflictDoNothing();
  }
}


/** HTML fragment of a preview: a template (possibly unsaved) applied to an agreement; headings start at `headingLevel`. */
export function renderPreviewHtml(template: YearTemplateContent, agreement: AgreementInterchange, district: District, headingLevel: number): string {
  return renderHtml(composeAgreement({ agreement, district, template }), { headingLevel });
}


/**
 * A template as comparable sections: the title, the Präambel, § 1 … § 7 (heading, paragraphs and
 * closing paragraphs) and the printed Maßnahmenart labels, each as plain text, so two versions can
 * be compared word by word with the agreements' diff.
 */
export function templateSections(content: YearTemplateContent): AgreementSection[] {
  const sections: AgreementSection[] = [
    { key: 'titel', heading: 'Titel', text: [content.title.heading, ...content.title.lines].join('\n') },
    { key: 'buendnis', heading: 'Bündnis-Zeitraum', text: content.buendnisPeriod },
    { key: 'praeambel', heading: content.preamble.heading, text: content.preamble.paragraphs.join('\n\n') },
  ];
  for (const section of content.sections) {
    const parts = [section.heading, ...section.paragraphs, ...section.closingParagraphs];
    sections.push({ key: `§ ${section.number}`, heading: `§ ${section.number} ${section.heading}`, text: parts.join('\n\n') });
  }
  sections.push({ key: 'massnahmenarten', heading: 'Maßnahmenarten', text: content.measureTypeLabels.join('\n') });
  return sections;
}

/** Word-by-word comparison of two versions of a year's template. Throws NOT_FOUND for an unknown version. */
export async function compareTemplateVersions(db: Executor, year: number, from: number, to: number): Promise<{ from: TemplateVersion; to: TemplateVersion; diff: SectionDiff[] }> {
  const versions = await findTemplateVersions(db, year);
  const a = versions.find((v) => v.version === from);
  const b = versions.find((v) => v.version === to);
  if (!a || !b) throw new AppError('NOT_FOUND', `Die Vorlage ${year} hat keine Version ${!a ? from : to}.`);
  return { from: a, to: b, diff: diffAgreementSections(templateSections(a.content), templateSections(b.content)) };
}

/**
 * Restores an earlier version as the NEXT version (nothing is overwritten): the old content with a
 * note naming its origin, audited. Throws NOT_FOUND for an unknown version, CONFLICT when it is the
 * current one already.
 */
export async function restoreTemplateVersion(tx: Executor, year: number, version: number, note: string, userId: UserId): Promise<TemplateVersion> {
  const versions = await findTemplateVersions(tx, year);
  const source = versions.find((v) => v.version === version);
  if (!source) throw new AppError('NOT_FOUND', `Die Vorlage ${year} hat keine Version ${version}.`);
  if (versions[0]?.version === version) throw new AppError('CONFLICT', `Version ${version} ist bereits die aktuelle Vorlage.`);
  const reason = note.trim();
  return saveTemplateVersion(tx, year, source.content, `Wiederhergestellt aus Version ${version}${reason ? `: ${reason}` : ''}`, userId);
}
