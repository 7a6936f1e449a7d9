/**
 * The Basiszinssatz history (§ 247 BGB) as master data: read by every interest calculation, seeded
 * with the published history, added to and corrected by administrators (audited, optimistic lock).
 */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { recordAuditEvent } from '../../platform/audit/store';
import { AppError, unwrapZod } from '../../platform/errors';
import { formatDate } from '../../platform/format';
import { authorize, type MaybeActor, type UserId } from '../access/policy';
import { type BaseRateEntry, formatRatePercent, parseRatePercent, type SetBaseInterestRate, SetBaseInterestRateSchema } from './schema';
import { baseInterestRates } from './tables';

/**
 * The Basiszinssatz as published by the Deutsche Bundesbank (§ 247 Abs. 2 BGB), from 2023 on
 * (issue 13). Later half-years are added by administrators.
 */
export const SEEDED_BASE_INTEREST_RATES: readonly { validFrom: string; rateBasisPoints: number }[] = [
  { validFrom: '2023-01-01', rateBasisPoints: 162 },
  { validFrom: '2023-07-01', rateBasisPoints: 312 },
  { validFrom: '2024-01-01', rateBasisPoints: 362 },
  { validFrom: '2024-07-01', rateBasisPoints: 337 },
  { validFrom: '2025-01-01', rateBasisPoints: 227 },
  { validFrom: '2025-07-01', rateBasisPoints: 127 },
];

export interface BaseInterestRate extends BaseRateEntry {
  rateBasisPoints: number;
  version: number;
  updatedAt: Date;
  updatedBy: UserId | null;
}

function toRate(row: typeof baseInterestRates.$inferSelect): BaseInterestRate {
  return {
    validFrom: row.validFrom,
    ratePercent: formatRatePercent(row.rateBasisPoints),
    rateBasisPoints: row.rateBasisPoints,
    version: row.version,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/**
 * Inserts the published history where missing (idempotent, keeps an administrator's corrections).
 * Audited by the start-up's `system.seed` event (row counts of `base_interest_rates`, see
 * src/app/setup-database.ts).
 */
export async function seedBaseInterestRates(tx: Executor): Promise<void> {
  await tx
    .insert(baseInterestRates)
    .values(SEEDED_BASE_INTEREST_RATES.map((rate) => ({ validFrom: rate.validFrom, rateBasisPoints: rate.rateBasisPoints })))
    .onConflictDoNothing();
}

/** The whole history, oldest first; pass it to computeInterest and friends. */
export async function findBaseInterestRates(db: Executor): Promise<BaseInterestRate[]> {
  const rows = await db.select().from(baseInterestRates).orderBy(asc(baseInterestRates.validFrom));
  return rows.map(toRate);
}

/**
 * Adds the Basiszinssatz of a new half-year (`expectedVersion: null`) or corrects an existing one
 * (`expectedVersion` = the version the form showed; CONFLICT when someone changed it meanwhile,
 * nothing overwritten). Administrators only (`masterdata.edit`). Audited in the same transaction as
 * "baseInterestRate.create" / "baseInterestRate.update". Throws VALIDATION_FAILED (German field
 * issues) for a date other than 1 January / 1 July or a rate outside −5 % … 20 %.
 */
export async function setBaseInterestRate(tx: Executor, actor: MaybeActor, rawInput: SetBaseInterestRate): Promise<BaseInterestRate> {
  const input = unwrapZod(SetBaseInterestRateSchema.safeParse(rawInput));
  authorize(actor, 'masterdata.edit');
  const rateBasisPoints = parseRatePercent(input.ratePercent)!;
  const [existing] = await tx.select().from(baseInterestRates).where(eq(baseInterestRates.validFrom, input.validFrom)).for('update');

  if (input.expectedVersion === null) {
    if (existing) {
      throw new AppError('CONFLICT', `Für die Zeit ab ${formatDate(input.validFrom)} ist bereits ein Basiszinssatz hinterlegt (${formatRatePercent(existing.rateBasisPoints).replace('.', ',')} %). Bitte diesen ändern.`, {
        details: { current: toRate(existing) },
      });
    }
    // ON CONFLICT: a concurrent insert of the same half-year loses with CONFLICT instead of a raw key error.
    const [row] = await tx.insert(baseInterestRates).values({ validFrom: input.validFrom, rateBasisPoints, updatedBy: actor.userId }).onConflictDoNothing().returning();
    if (!row) throw new AppError('CONFLICT', `Für die Zeit ab ${formatDate(input.validFrom)} wurde inzwischen ein Basiszinssatz hinterlegt. Bitte die Seite neu laden.`);
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'baseInterestRate.create', recordType: 'base_interest_rate', recordId: row.validFrom, before: null, after: { ratePercent: formatRatePercent(rateBasisPoints) } });
    return toRate(row);
  }

  if (!existing) throw new AppError('NOT_FOUND', `Für die Zeit ab ${formatDate(input.validFrom)} ist kein Basiszinssatz hinterlegt.`);
  if (existing.version !== input.expectedVersion) {
    throw new AppError('CONFLICT', 'Der Basiszinssatz wurde inzwischen geändert. Bitte die Seite neu laden und die Änderung erneut eintragen.', { details: { current: toRate(existing) } });
  }
  const [row] = await tx
    .update(baseInterestRates)
    .set({ rateBasisPoints, version: existing.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(baseInterestRates.validFrom, input.validFrom))
    .returning();
  if (!row) throw new Error('Basiszinssatz wurde nicht gespeichert');
  await recordAuditEvent(tx, {
    actorId: actor.userId,
    action: 'baseInterestRate.update',
    recordType: 'base_interest_rate',
    recordId: row.validFrom,
    before: { ratePercent: formatRatePercent(existing.rateBasisPoints), version: existing.version },
    after: { ratePercent: formatRatePercent(rateBasisPoints), version: row.version },
  });
  return toRate(row);
}
