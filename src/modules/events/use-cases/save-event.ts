import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { type Actor, authorize, type MaybeActor } from '../../access/policy';
import { getEvent } from '../read';
import { type Event, EventInputSchema } from '../schema';
import { events } from '../tables';
import { berlinInstant } from '../time';

function conflict(expected: number, current: number): AppError {
  return new AppError('CONFLICT', `Die Tagung wurde inzwischen geändert (Ihre Fassung beruht auf Version ${expected}, aktuell ist Version ${current}). Ihre Änderungen wurden nicht gespeichert.`, {
    details: { expectedVersion: expected, currentVersion: current },
  });
}

const auditView = (e: Event) => ({
  title: e.title,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt.toISOString(),
  place: e.place,
  videoUrl: e.videoUrl,
  capacity: e.capacity,
  registrationDeadline: e.registrationDeadline,
  status: e.status,
  isPublic: e.isPublic,
  version: e.version,
});

/**
 * Creates a conference (a draft) or saves a changed one, audited in the caller's transaction.
 * Policy `event.manage`. A change needs `expectedVersion` (stale: CONFLICT, nothing written); the
 * capacity of a published conference cannot drop below the people already registered.
 * VALIDATION_FAILED with German field messages (paths: title, date, startTime, …).
 */
export async function saveEvent(tx: Executor, actor: MaybeActor, target: { id?: number; expectedVersion?: number }, raw: unknown): Promise<Event> {
  authorize(actor, 'event.manage');
  const input = unwrapZod(EventInputSchema.safeParse(raw));
  const values = {
    title: input.title,
    startsAt: berlinInstant(input.date, input.startTime),
    endsAt: berlinInstant(input.date, input.endTime),
    place: input.place,
    videoUrl: input.videoUrl,
    agenda: input.agenda,
    capacity: input.capacity,
    registrationDeadline: input.registrationDeadline,
    isPublic: input.isPublic,
    updatedAt: new Date(),
    updatedBy: actor.userId,
  };
  if (target.id === undefined) {
    const [created] = await tx.insert(events).values({ ...values, createdBy: actor.userId }).returning({ id: events.id });
    const saved = await getEvent(tx, actor, created!.id);
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'event.create', recordType: 'event', recordId: saved.id, before: null, after: auditView(saved) });
    return saved;
  }
  const current = await lockEvent(tx, actor, target.id);
  if (target.expectedVersion !== current.version) throw conflict(target.expectedVersion ?? 0, current.version);
  if (input.capacity < current.registeredPeople) {
    throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'capacity', message: `Es sind schon ${current.registeredPeople} Personen angemeldet; weniger Plätze sind nicht möglich.` }] });
  }
  await tx.update(events).set({ ...values, version: sql`${events.version} + 1` }).where(and(eq(events.id, current.id), eq(events.version, current.version)));
  const saved = await getEvent(tx, actor, current.id);
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'event.update', recordType: 'event', recordId: saved.id, before: auditView(current), after: auditView(saved) });
  return saved;
}

/** The conference row locked for this transaction (registrations and changes queue behind it). */
export async function lockEvent(tx: Executor, actor: Actor, id: number): Promise<Event> {
  await tx.execute(sql`select id from events where id = ${id} for update`);
  return getEvent(tx, actor, id);
}

/**
 * Publishes a draft to the districts (and the portal when marked), audited. Policy `event.manage`;
 * stale version: CONFLICT; already published: INVALID_STATE_TRANSITION.
 */
export async function publishEvent(tx: Executor, actor: MaybeActor, target: { id: number; expectedVersion: number }): Promise<Event> {
  authorize(actor, 'event.manage');
  const current = await lockEvent(tx, actor, target.id);
  if (current.status !== 'entwurf') throw new AppError('INVALID_STATE_TRANSITION', 'Die Tagung ist schon veröffentlicht.');
  if (target.expectedVersion !== current.version) throw conflict(target.expectedVersion, current.version);
  await tx.update(events).set({ status: 'veroeffentlicht', publishedAt: new Date(), version: sql`${events.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId }).where(eq(events.id, current.id));
  const saved = await getEvent(tx, actor, current.id);
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'event.publish', recordType: 'event', recordId: saved.id, before: { status: current.status }, after: { status: saved.status, isPublic: saved.isPublic } });
  return saved;
}
