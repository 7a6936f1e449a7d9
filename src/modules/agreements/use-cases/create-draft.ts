import type { AppDatabase } from '../../../platform/db/client';
import { z } from 'zod';
import { AppError, unwrapZod } from '../../../platform/errors';
import { AgsSchema, YearSchema } from '../../../platform/input';
import { type MaybeActor, authorize } from '../../access/policy';
import { findAllocationCents } from '../../budget-years/service';
import { getBudgetYear } from '../../budget-years/service';
import { getDistrict } from '../../districts/service';
import { AGREEMENT_SCHEMA_ID, type AgreementInterchange } from '../../documents/schema';
import { measuresFromProjects } from '../../projects/service';
import { agreements, agreementVersions } from '../tables';
import { auditAgreementChange } from './audit';
import { auditSnapshot, currentTemplateId } from './agreement-record';
import { draftEckdaten, withEckdaten } from './refresh-projects';

/** What a new draft needs: the API's POST body and the form on /zielvereinbarungen alike. */
export const CreateDraftSchema = z.object({ year: YearSchema, ags: AgsSchema });
export type CreateDraftInput = z.infer<typeof CreateDraftSchema>;

/**
 * HMSI drafts the Zielvereinbarung of a district for a year: version 1 in `entwurf`, § 4 amount
 * = the current allocation (0 when none is set yet). Throws CONFLICT when one exists already,
 * NOT_FOUND for an unknown year or district.
 */
export async function createDraft(database: AppDatabase, actor: MaybeActor, raw: CreateDraftInput): Promise<{ id: number; version: number }> {
  authorize(actor, 'agreement.create');
  const input = unwrapZod(CreateDraftSchema.safeParse(raw));
  authorize(actor, 'agreement.create', { ags: input.ags });
  await getBudgetYear(database.db, input.year);
  const district = await getDistrict(database.db, input.ags);
  return database.db.transaction(async (tx) => {
    const allocation = await findAllocationCents(tx, input.ags, input.year);
    const content: AgreementInterchange = withEckdaten({
      schema: AGREEMENT_SCHEMA_ID,
      year: input.year,
      district: { ags: district.ags, name: district.name },
      amountCents: allocation ?? 0,
      // § 5 is drawn from the district's project records of the year (none yet: four empty lists).
      measures: await measuresFromProjects(tx, input.year, input.ags),
      signatures: { land: null, district: null },
    }, await draftEckdaten(tx, input.year, input.ags));
    const [created] = await tx
      .insert(agreements)
      .values({ year: input.year, ags: input.ags, status: 'entwurf', currentVersion: 1 })
      .onConflictDoNothing()
      .returning({ id: agreements.id });
    if (!created) {
      throw new AppError('CONFLICT', `Für ${district.name} gibt es für ${input.year} bereits eine Zielvereinbarung.`);
    }
    await tx.insert(agreementVersions).values({
      agreementId: created.id,
      version: 1,
      content,
      source: 'draft',
      status: 'entwurf',
      createdBy: actor!.userId,
      templateVersionId: await currentTemplateId(tx, input.year),
    });
    await auditAgreementChange(tx, actor!, 'agreement.create', created.id, null, auditSnapshot({ status: 'entwurf', currentVersion: 1, content }));
    return { id: created.id, version: 1 };
  });
}
