import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { AppError, type FieldIssue } from '../../platform/errors';
import { formatDate } from '../../platform/format';
import { checkText, isRealIsoDate } from '../../platform/input';
import { authorize, type MaybeActor } from '../access/policy';
import { strategies } from './tables';

/** What a strategy document may be: PDF or Word, at most 20 MB. */
export const MAX_STRATEGY_BYTES = 20 * 1024 * 1024;
const MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface Strategy {
  id: number;
  ags: string;
  title: string;
  validFrom: string;
  validTo: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  isDemo: boolean;
  uploadedAt: Date;
}

const columns = {
  id: strategies.id,
  ags: strategies.ags,
  title: strategies.title,
  validFrom: strategies.validFrom,
  validTo: strategies.validTo,
  fileName: strategies.fileName,
  mediaType: strategies.mediaType,
  sizeBytes: strategies.sizeBytes,
  sha256: strategies.sha256,
  isDemo: strategies.isDemo,
  uploadedAt: strategies.uploadedAt,
};

/** The district's strategy documents, newest validity first (without their bytes). */
export async function findStrategies(db: Executor, ags: string): Promise<Strategy[]> {
  return db.select(columns).from(strategies).where(eq(strategies.ags, ags)).orderBy(desc(strategies.validFrom), desc(strategies.id));
}

/** A strategy valid on some day of the AQB year, or null. */
export async function findStrategyForYear(db: Executor, ags: string, year: number): Promise<Strategy | null> {
  const [row] = await db
    .select(columns)
    .from(strategies)
    .where(and(eq(strategies.ags, ags), lte(strategies.validFrom, `${year}-12-31`), gte(strategies.validTo, `${year}-01-01`)))
    .orderBy(asc(strategies.validFrom))
    .limit(1);
  return row ?? null;
}

/** One document with its bytes; NOT_FOUND for an unknown id or another district's. */
export async function getStrategyFile(db: Executor, ags: string, id: number): Promise<Strategy & { bytes: Uint8Array }> {
  const [row] = await db.select({ ...columns, bytes: strategies.bytes }).from(strategies).where(and(eq(strategies.ags, ags), eq(strategies.id, id)));
  if (!row) throw new AppError('NOT_FOUND', 'Dieses Strategiedokument gibt es nicht.');
  return row;
}

/**
 * Stores an uploaded strategy document (PDF or DOCX, recognised by its first bytes, at most 20 MB)
 * with title and validity period, audited in the caller's transaction. Policy `strategy.edit`
 * (own district). VALIDATION_FAILED with German field messages, nothing stored.
 */
export async function uploadStrategy(
  tx: Executor,
  actor: MaybeActor,
  ags: string,
  input: { title: string; validFrom: string | null; validTo: string | null; file: { name: string; bytes: Uint8Array } | null },
): Promise<Strategy> {
  authorize(actor, 'strategy.edit', { ags });
  const issues: FieldIssue[] = [];
  const titleProblem = checkText(input.title, 300, { required: 'Bitte geben Sie den Titel der Strategie an.' });
  if (titleProblem) issues.push({ path: 'title', message: titleProblem });
  if (!input.validFrom || !isRealIsoDate(input.validFrom)) issues.push({ path: 'validFrom', message: 'Bitte geben Sie an, ab wann die Strategie gilt (z. B. 1.1.2024).' });
  if (!input.validTo || !isRealIsoDate(input.validTo)) issues.push({ path: 'validTo', message: 'Bitte geben Sie an, bis wann die Strategie gilt (z. B. 31.12.2027).' });
  else if (input.validFrom && isRealIsoDate(input.validFrom) && input.validTo < input.validFrom) issues.push({ path: 'validTo', message: `Das Ende liegt vor dem Beginn (${formatDate(input.validFrom)}).` });
  let kind: 'pdf' | 'docx' | null = null;
  if (!input.file || input.file.bytes.byteLength === 0) issues.push({ path: 'file', message: 'Bitte wählen Sie das Strategiedokument (PDF oder DOCX).' });
  else if (input.file.bytes.byteLength > MAX_STRATEGY_BYTES) issues.push({ path: 'file', message: 'Die Datei ist größer als 20 MB.' });
  else {
    const head = new TextDecoder('latin1').decode(input.file.bytes.subarray(0, 5));
    kind = head === '%PDF-' ? 'pdf' : head.startsWith('PK\u0003\u0004') && /\.docx$/i.test(input.file.name) ? 'docx' : null;
    if (!kind) issues.push({ path: 'file', message: 'Bitte laden Sie eine PDF- oder DOCX-Datei hoch.' });
  }
  const fileName = input.file ? input.file.name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(-200) || 'strategie' : '';
  if (input.file && !issues.some((i) => i.path === 'file')) {
    const nameProblem = checkText(fileName, 200);
    if (nameProblem) issues.push({ path: 'file', message: `Dateiname: ${nameProblem}` });
  }
  if (issues.length || !kind || !input.file) throw new AppError('VALIDATION_FAILED', undefined, { issues });
  const sha256 = createHash('sha256').update(input.file.bytes).digest('hex');
  const [created] = await tx
    .insert(strategies)
    .values({ ags, title: input.title.trim(), validFrom: input.validFrom!, validTo: input.validTo!, fileName, mediaType: MEDIA_TYPES[kind]!, sizeBytes: input.file.bytes.byteLength, sha256, bytes: input.file.bytes, uploadedBy: actor.userId })
    .returning(columns);
  await recordAuditEvent(tx, {
    actorId: actor.userId,
    action: 'strategy.upload',
    recordType: 'strategy',
    recordId: created!.id,
    before: null,
    after: { ags, title: created!.title, validFrom: created!.validFrom, validTo: created!.validTo, fileName, sha256, sizeBytes: created!.sizeBytes },
  });
  return created!;
}
