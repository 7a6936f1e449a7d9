import { and, eq, ne, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { getProvider } from '../read';
import { type Provider, ProviderInputSchema } from '../schema';
import { providers } from '../tables';

async function assertNameFree(tx: Executor, ags: string, name: string, exceptId?: number): Promise<void> {
  const [taken] = await tx
    .select({ id: providers.id })
    .from(providers)
    .where(and(eq(providers.ags, ags), eq(providers.name, name), exceptId === undefined ? undefined : ne(providers.id, exceptId)));
  if (taken) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'name', message: `Einen Träger „${name}“ gibt es in Ihrer Liste schon.` }] });
}

/**
 * Adds a Träger to the district's list (names are unique per district), audited in the caller's
 * transaction. Policy `project.edit` (own district only). Throws VALIDATION_FAILED (German).
 */
export async function createProvider(tx: Executor, actor: MaybeActor, ags: string, raw: unknown): Promise<Provider> {
  authorize(actor, 'project.edit', { ags });
  const input = unwrapZod(ProviderInputSchema.safeParse(raw));
  await assertNameFree(tx, ags, input.name);
  const [created] = await tx.insert(providers).values({ ags, name: input.name, address: input.address, createdBy: actor.userId, updatedBy: actor.userId }).returning({ id: providers.id });
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'provider.create', recordType: 'provider', recordId: created!.id, before: null, after: { ags, name: input.name, address: input.address } });
  return getProvider(tx, ags, created!.id);
}

/**
 * Changes a Träger's name and address, only if nobody saved since `expectedVersion` (CONFLICT
 * otherwise). Projects refer to the record, so every year's projects show the new name. Audited.
 */
export async function updateProvider(tx: Executor, actor: MaybeActor, target: { ags: string; id: number; expectedVersion: number }, raw: unknown): Promise<Provider> {
  authorize(actor, 'project.edit', { ags: target.ags });
  const current = await getProvider(tx, target.ags, target.id);
  const input = unwrapZod(ProviderInputSchema.safeParse(raw));
  const stale = () =>
    new AppError('CONFLICT', `Der Träger wurde inzwischen geändert (Ihre Fassung beruht auf Version ${target.expectedVersion}, aktuell ist Version ${current.version}). Ihre Änderungen wurden nicht gespeichert.`, {
      details: { expectedVersion: target.expectedVersion, currentVersion: current.version },
    });
  if (current.version !== target.expectedVersion) throw stale();
  await assertNameFree(tx, target.ags, input.name, current.id);
  const [updated] = await tx
    .update(providers)
    .set({ name: input.name, address: input.address, version: sql`${providers.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
    .where(and(eq(providers.id, current.id), eq(providers.version, current.version)))
    .returning({ id: providers.id });
  if (!updated) throw stale();
  await recordAuditEvent(tx, {
    actorId: actor.userId,
    action: 'provider.update',
    recordType: 'provider',
    recordId: current.id,
    before: { name: current.name, address: current.address },
    after: { name: input.name, address: input.address },
  });
  return getProvider(tx, target.ags, current.id);
}
