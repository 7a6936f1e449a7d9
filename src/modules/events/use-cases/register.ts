import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { formatDate } from '../../../platform/format';
import { authorize, type MaybeActor } from '../../access/policy';
import { findRegistrations } from '../read';
import { type Registration, RegistrationInputSchema } from '../schema';
import { eventRegistrationPeople, eventRegistrations } from '../tables';
import { berlinToday } from '../time';
import { lockEvent } from './save-event';

/**
 * Registers a district for a published conference, or changes its registration, audited in the
 * caller's transaction. Policy `event.register` (own district). The conference row is locked
 * first, so concurrent registrations are counted one after the other and together never exceed
 * the capacity (VALIDATION_FAILED on `peopleCount` with the free places). Refused after the
 * registration deadline (Europe/Berlin) and for a draft (NOT_FOUND). `expectedVersion` 0 = a new
 * registration; a stale one is CONFLICT. Names given replace the stored ones; none given keep them
 * (the district never reads them back); `clearPeople` deletes them.
 */
export async function saveRegistration(
  tx: Executor,
  actor: MaybeActor,
  target: { eventId: number; ags: string; expectedVersion: number; today?: string },
  raw: unknown,
  options: { clearPeople?: boolean } = {},
): Promise<Registration> {
  authorize(actor, 'event.register', { ags: target.ags });
  const input = unwrapZod(RegistrationInputSchema.safeParse(raw));
  const event = await lockEvent(tx, actor, target.eventId);
  if (event.status !== 'veroeffentlicht') throw new AppError('NOT_FOUND', 'Diese Tagung gibt es nicht.');
  const today = target.today ?? berlinToday();
  if (today > event.registrationDeadline) throw new AppError('INVALID_STATE_TRANSITION', `Der Anmeldeschluss (${formatDate(event.registrationDeadline)}) ist vorbei.`);
  const [current] = await tx.select().from(eventRegistrations).where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.ags, target.ags)));
  if ((current?.version ?? 0) !== target.expectedVersion) {
    throw new AppError('CONFLICT', 'Die Anmeldung wurde inzwischen geändert. Bitte prüfen Sie die aktuelle Anmeldung.', { details: { expectedVersion: target.expectedVersion, currentVersion: current?.version ?? 0 } });
  }
  const [others] = ((await tx.execute(
    sql`select coalesce(sum(people_count), 0)::int as n from event_registrations where event_id = ${event.id} and ags <> ${target.ags}`,
  )) as unknown as { rows: { n: number }[] }).rows;
  const free = event.capacity - Number(others?.n ?? 0);
  if (input.peopleCount > free) {
    throw new AppError('VALIDATION_FAILED', undefined, {
      issues: [{ path: 'peopleCount', message: free <= 0 ? 'Die Tagung ist ausgebucht.' : `Es ${free === 1 ? 'ist nur noch 1 Platz' : `sind nur noch ${free} Plätze`} frei.` }],
    });
  }
  let id: number;
  if (current) {
    await tx
      .update(eventRegistrations)
      .set({ peopleCount: input.peopleCount, needs: input.needs, version: sql`${eventRegistrations.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
      .where(and(eq(eventRegistrations.id, current.id), eq(eventRegistrations.version, current.version)));
    id = current.id;
  } else {
    const [created] = await tx.insert(eventRegistrations).values({ eventId: event.id, ags: target.ags, peopleCount: input.peopleCount, needs: input.needs, updatedBy: actor.userId }).returning({ id: eventRegistrations.id });
    id = created!.id;
  }
  const [{ n: storedNames } = { n: 0 }] = ((await tx.execute(sql`select count(*)::int as n from event_registration_people where registration_id = ${id}`)) as unknown as { rows: { n: number }[] }).rows;
  if (input.people.length > 0 || options.clearPeople) {
    await tx.delete(eventRegistrationPeople).where(eq(eventRegistrationPeople.registrationId, id));
    if (input.people.length) await tx.insert(eventRegistrationPeople).values(input.people.map((p, position) => ({ registrationId: id, position, name: p.name, role: p.role })));
  } else if (Number(storedNames) > input.peopleCount) {
    throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'people', message: `Es sind ${storedNames} Namen hinterlegt, aber nur ${input.peopleCount} Personen angegeben. Bitte geben Sie die Namen neu ein oder löschen Sie sie.` }] });
  }
  // The audit trail keeps counts, never the names or needs (personal data is deleted after a year; the trail is not).
  await recordAuditEvent(tx, {
    actorId: actor.userId,
    action: current ? 'event.registration.update' : 'event.registration.create',
    recordType: 'event_registration',
    recordId: id,
    before: current ? { eventId: event.id, ags: target.ags, peopleCount: current.peopleCount } : null,
    after: { eventId: event.id, ags: target.ags, peopleCount: input.peopleCount, namedPeople: input.people.length > 0 || options.clearPeople ? input.people.length : Number(storedNames), hasNeeds: input.needs !== '' },
  });
  const [saved] = (await findRegistrations(tx, actor, event.id)).filter((r) => r.ags === target.ags);
  return saved!;
}

/** Withdraws a district's registration (deletes it with its names), audited. Same policy and lock as the registration. */
export async function cancelRegistration(tx: Executor, actor: MaybeActor, target: { eventId: number; ags: string; expectedVersion: number }): Promise<void> {
  authorize(actor, 'event.register', { ags: target.ags });
  const event = await lockEvent(tx, actor, target.eventId);
  const [current] = await tx.select().from(eventRegistrations).where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.ags, target.ags)));
  if (!current) throw new AppError('NOT_FOUND', 'Es gibt keine Anmeldung.');
  if (current.version !== target.expectedVersion) throw new AppError('CONFLICT', 'Die Anmeldung wurde inzwischen geändert. Bitte prüfen Sie die aktuelle Anmeldung.');
  await tx.delete(eventRegistrations).where(eq(eventRegistrations.id, current.id));
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'event.registration.cancel', recordType: 'event_registration', recordId: current.id, before: { eventId: event.id, ags: target.ags, peopleCount: current.peopleCount }, after: null });
}
