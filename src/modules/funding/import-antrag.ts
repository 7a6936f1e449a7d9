import { recordAuditEvent } from '../../platform/audit/store';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { authorize, type MaybeActor } from '../access/policy';
import { refreshDraftFromProjects } from '../agreements/service';
import { dropProject, findProjects, saveProject } from '../projects/service';
import { type AntragCheckResult, type AntragProblem, checkAntragText, jsonPath, SUBMISSION_ONLY_CODES } from './antrag';
import { getAntragState } from './antrag-record';
import { ANTRAG_STATUS_LABELS } from './antrag-status';

/** Who imports: a district account (`aqb antrag import --als`) or the command line as the system. */
export interface AntragImporter {
  actor: MaybeActor;
  /** For the audit events when there is no account behind the import, e.g. "cli:root". */
  via?: string;
}

export interface AntragImportResult extends Omit<AntragCheckResult, 'antrag'> {
  /** Whether the file was stored. */
  stored: boolean;
  /** Problems that kept the file from being stored (schema, keys, Laufzeit, plan balance …). */
  blocking: AntragProblem[];
  created: string[];
  updated: string[];
  /** Active projects of the year that the file no longer lists: now `entfallen` (records kept). */
  dropped: string[];
  /** The new version of the draft agreement whose § 5 followed, or null. */
  agreementVersion: number | null;
}

/**
 * Stores an `aqb.antrag/1` file as the district's draft Antrag, i.e. its project records of that
 * year, in ONE transaction: listed keys are created or replaced, active projects the file does not
 * list become `entfallen`, § 5 of a draft agreement follows, one `antrag.import` audit event sums
 * it up (beside each project's own). Blocks on every problem except those that only block the
 * submission (allocation, Teilbudget, completeness: SUBMISSION_ONLY_CODES). With an actor the policy
 * `project.edit` applies (own district only); `actor: null` with `via` is the system. Only a draft
 * Antrag takes an import (INVALID_STATE_TRANSITION once it is submitted).
 */
export async function importAntragText(database: AppDatabase, who: AntragImporter, text: string): Promise<AntragImportResult> {
  const check = await checkAntragText(database.db, text);
  const { antrag, ...rest } = check;
  const blocking = check.problems.filter((p) => !SUBMISSION_ONLY_CODES.has(p.code));
  const empty = { ...rest, stored: false, blocking, created: [], updated: [], dropped: [], agreementVersion: null };
  if (!antrag || blocking.length > 0) return empty;
  const ags = antrag.district.ags;
  if (who.actor !== null || who.via === undefined) authorize(who.actor, 'project.edit', { ags });
  const state = await getAntragState(database.db, antrag.year, ags);
  if (state.status !== 'entwurf') {
    throw new AppError('INVALID_STATE_TRANSITION', `Der Antrag ${antrag.year} ist im Status „${ANTRAG_STATUS_LABELS[state.status]}“: ein Import ersetzt nur die Projekte eines Entwurfs.`);
  }
  const via = who.via;
  try {
    return await database.db.transaction(async (tx) => {
      const existing = await findProjects(tx, antrag.year, ags, { includeDropped: true });
      const created: string[] = [];
      const updated: string[] = [];
      for (const [index, project] of antrag.projects.entries()) {
        const current = existing.find((p) => p.key === project.key);
        try {
          await saveProject(tx, who.actor, { year: antrag.year, ags, key: current?.key, expectedVersion: current?.version, via }, project);
        } catch (error) {
          // The checks above should have caught it; a remaining refusal names the project's path.
          if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
            throw new AppError('VALIDATION_FAILED', `${project.key}: ${error.issues.map((i) => i.message).join(' ') || error.message}`, {
              issues: error.issues.map((i) => ({ path: jsonPath(['projects', index, ...i.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))]), message: i.message })),
            });
          }
          throw error;
        }
        (current ? updated : created).push(project.key);
      }
      const listed = new Set(antrag.projects.map((p) => p.key));
      const dropped: string[] = [];
      for (const project of await findProjects(tx, antrag.year, ags)) {
        if (listed.has(project.key)) continue;
        await dropProject(tx, who.actor, { year: antrag.year, ags, key: project.key, expectedVersion: project.version, via });
        dropped.push(project.key);
      }
      const agreementVersion = await refreshDraftFromProjects(tx, who.actor, antrag.year, ags);
      await recordAuditEvent(tx, {
        actorId: who.actor?.userId ?? null,
        action: 'antrag.import',
        recordType: 'district_year',
        recordId: `${antrag.year}/${ags}`,
        before: null,
        after: { created, updated, dropped, aqbCents: check.totals.aqbCents, warnings: check.problems.map((p) => p.code), ...(via ? { via } : {}) },
      });
      return { ...rest, stored: true, blocking: [], created, updated, dropped, agreementVersion };
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
      return { ...empty, ok: false, blocking: error.issues.map((i) => ({ code: 'SCHEMA_UNGUELTIG' as const, path: i.path, message: i.message })) };
    }
    throw error;
  }
}
