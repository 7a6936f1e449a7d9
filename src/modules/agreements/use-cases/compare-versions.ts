import type { Executor } from '../../../platform/db/client';
import type { MaybeActor } from '../../access/policy';
import { type AgreementSection, diffAgreementSections, documentSections, type SectionDiff } from '../../documents/service';
import { type AgreementVersionRow, getAgreementFor, getAgreementVersion } from './agreement-record';
import { composeStoredVersion } from './agreement-document';

/** Each version is cut with the template it records, so a comparison shows what each version said. */
async function sectionsOf(db: Executor, version: Parameters<typeof composeStoredVersion>[1]): Promise<AgreementSection[]> {
  return documentSections((await composeStoredVersion(db, version)).document);
}

export interface VersionComparison {
  from: AgreementVersionRow;
  to: AgreementVersionRow;
  diff: SectionDiff[];
}

/** Word-by-word comparison of two versions of one agreement, aligned by §. Throws NOT_FOUND. */
export async function compareVersions(db: Executor, actor: MaybeActor, year: number, ags: string, fromVersion: number, toVersion: number): Promise<VersionComparison> {
  const record = await getAgreementFor(db, actor, year, ags);
  const from = await getAgreementVersion(db, record.id, fromVersion);
  const to = await getAgreementVersion(db, record.id, toVersion);
  return { from, to, diff: diffAgreementSections(await sectionsOf(db, from), await sectionsOf(db, to)) };
}

/** Comparison of the current agreements of one district in two years (e.g. RTK 2024 → 2025). */
export async function compareYears(db: Executor, actor: MaybeActor, ags: string, fromYear: number, toYear: number) {
  const from = await getAgreementFor(db, actor, fromYear, ags);
  const to = await getAgreementFor(db, actor, toYear, ags);
  return { from, to, diff: diffAgreementSections(await sectionsOf(db, from), await sectionsOf(db, to)) };
}
