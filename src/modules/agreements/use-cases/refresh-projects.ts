import type { Executor } from '../../../platform/db/client';
import { isAppError } from '../../../platform/errors';
import type { Actor } from '../../access/policy';
import type { AgreementInterchange, EckdatenRow } from '../../documents/schema';
import { findEckdaten, measuresFromProjects } from '../../projects/service';
import { getCurrentTemplate } from '../../templates/service';
import { EDITABLE_AGREEMENT_STATES } from '../../access/policy';
import { auditAgreementChange } from './audit';
import { auditSnapshot, getAgreement, saveNewVersion } from './agreement-record';

/**
 * The Eckdaten of § 4 as the draft content keeps them (docs/decisions/0027): drawn from the active
 * project records when the year's current template prints the table, otherwise undefined (the
 * content then carries none, as in both reference agreements).
 */
export async function draftEckdaten(tx: Executor, year: number, ags: string): Promise<EckdatenRow[] | undefined> {
  let printsTable: boolean;
  try {
    printsTable = (await getCurrentTemplate(tx, year)).content.eckdatenTable === true;
  } catch (error) {
    if (isAppError(error) && error.code === 'TEMPLATE_MISSING') return undefined;
    throw error;
  }
  if (!printsTable) return undefined;
  return currentEckdaten(tx, year, ags);
}

/** The Eckdaten of the active project records in the shape the agreement content keeps (per Maßnahmenart 1–4). */
export async function currentEckdaten(db: Executor, year: number, ags: string): Promise<EckdatenRow[]> {
  const eckdaten = await findEckdaten(db, year, ags);
  return eckdaten.byMeasureType.map((m) => ({ type: m.measureType, projects: m.projects, aqbCents: m.aqbCents, places: m.plannedPlaces, outcomes: m.plannedOutcomesTotal }));
}

/** The content with the Eckdaten set (or removed when undefined). */
export function withEckdaten(content: AgreementInterchange, eckdaten: EckdatenRow[] | undefined): AgreementInterchange {
  const { eckdaten: _old, ...rest } = content;
  return eckdaten ? { ...rest, eckdaten } : rest;
}

/** Field by field, so the key order of stored JSON (jsonb sorts keys) does not matter. */
function sameEckdaten(a: EckdatenRow[] | undefined, b: EckdatenRow[] | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((r, i) => r.type === b[i]!.type && r.projects === b[i]!.projects && r.aqbCents === b[i]!.aqbCents && r.places === b[i]!.places && r.outcomes === b[i]!.outcomes);
}

/**
 * Keeps § 5 (and the Eckdaten of § 4, see draftEckdaten) of a draft in step with the project records (docs/decisions/0016): when the district's
 * agreement of that year is still being negotiated and its lists differ from the records, a new
 * version with the records' titles is written, audited, in the caller's transaction. Signed and
 * published versions keep their frozen text (a Nachtrag picks the change up). Returns the new
 * version number, or null when nothing was written (no agreement, frozen, or already in step).
 * `actor: null` is the system (the command line's `aqb antrag import` without an account).
 */
export async function refreshDraftFromProjects(tx: Executor, actor: Actor | null, year: number, ags: string): Promise<number | null> {
  let record;
  try {
    record = await getAgreement(tx, year, ags);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
  if (!(EDITABLE_AGREEMENT_STATES as readonly string[]).includes(record.status)) return null;
  const measures = await measuresFromProjects(tx, year, ags);
  // § 4's Eckdaten follow the records too, when the year's template prints them.
  const eckdaten = await draftEckdaten(tx, year, ags);
  if (JSON.stringify(measures) === JSON.stringify(record.content.measures) && sameEckdaten(eckdaten, record.content.eckdaten)) return null;
  const content = withEckdaten({ ...record.content, measures }, eckdaten);
  const version = await saveNewVersion(tx, record.id, {
    expectedVersion: record.currentVersion,
    content,
    status: record.status,
    source: 'projects',
    actor,
    amendsVersion: record.amendsVersion,
  });
  await auditAgreementChange(tx, actor, 'agreement.projects', record.id, auditSnapshot(record), auditSnapshot({ status: record.status, currentVersion: version, content }));
  return version;
}
