import type { Executor } from '../../../platform/db/client';
import type { MaybeActor } from '../../access/policy';
import { type AgreementSection, diffAgreementSections, documentSections, type SectionDiff } from '../../documents/service';
import type { AgreementInterchange } from '../../documents/schema';
import { type AgreementVersionRow, getAgreementFor, getAgreementVersion } from './agreement-record';
import { composeContent } from './compose-record';

async function sectionsOf(db: Executor, content: AgreementInterchange): Promise<AgreementSection[]> {
  return documentSections(await composeContent(db, content));
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
  return { from, to, diff: diffAgreementSections(await sectionsOf(db, from.content), await sectionsOf(db, to.content)) };
}

/** Comparison of the current agreements of one district in two years (e.g. RTK 2024 → 2025). */
export async function compareYears(db: Executor, actor: MaybeActor, ags: string, fromYear: number, toYear: number) {
  const from = await getAgreementFor(db, actor, fromYear, ags);
  const to = await getAgreementFor(db, actor, toYear, ags);
  return { from, to, diff: diffAgreementSections(await sectionsOf(db, from.content), await sectionsOf(db, to.content)) };
}
