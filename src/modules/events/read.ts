import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { type Actor, authorize, can, tenantFilter } from '../access/policy';
import type { Event, Material, Registration } from './schema';
import { eventMaterials, eventRegistrationPeople, eventRegistrations, events } from './tables';

type EventRow = typeof events.$inferSelect;

// Qualified by hand: inside the subquery drizzle would render `${events.id}` as a bare "id" (the registration's).
const registered = sql<number>`coalesce((select sum(r.people_count) from event_registrations r where r.event_id = "events"."id"), 0)::int`;

function toEvent(row: EventRow & { registeredPeople: number | string }): Event {
  return {
    id: row.id,
    title: row.title,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    place: row.place,
    videoUrl: row.videoUrl,
    agenda: row.agenda,
    capacity: row.capacity,
    registrationDeadline: row.registrationDeadline,
    status: row.status,
    isPublic: row.isPublic,
    publishedAt: row.publishedAt,
    personalDataDeletedAt: row.personalDataDeletedAt,
    version: row.version,
    isDemo: row.isDemo,
    registeredPeople: Number(row.registeredPeople),
  };
}

/** Whether the actor sees a draft (only who may manage conferences). */
const seesDrafts = (actor: Actor) => can(actor, 'event.manage');

/** The conferences the actor may see, latest first: the ministry all, everybody else the published ones. */
export async function findEvents(db: Executor, actor: Actor): Promise<Event[]> {
  authorize(actor, 'event.read');
  const rows = await db
    .select({ ...eventColumns(), registeredPeople: registered })
    .from(events)
    .where(seesDrafts(actor) ? undefined : eq(events.status, 'veroeffentlicht'))
    .orderBy(desc(events.startsAt), desc(events.id));
  return rows.map(toEvent);
}

/** Published conferences marked for the portal, upcoming first. No actor: public data only. */
export async function findPublicEvents(db: Executor): Promise<Event[]> {
  const rows = await db
    .select({ ...eventColumns(), registeredPeople: registered })
    .from(events)
    .where(and(eq(events.status, 'veroeffentlicht'), eq(events.isPublic, true)))
    .orderBy(asc(events.startsAt), asc(events.id));
  return rows.map(toEvent);
}

function eventColumns() {
  const { id, title, startsAt, endsAt, place, videoUrl, agenda, capacity, registrationDeadline, status, isPublic, publishedAt, personalDataDeletedAt, version, isDemo, createdAt, createdBy, updatedAt, updatedBy } = events;
  return { id, title, startsAt, endsAt, place, videoUrl, agenda, capacity, registrationDeadline, status, isPublic, publishedAt, personalDataDeletedAt, version, isDemo, createdAt, createdBy, updatedAt, updatedBy };
}

/** One conference; NOT_FOUND for an unknown id and for a draft the actor may not see (so ids reveal nothing). */
export async function getEvent(db: Executor, actor: Actor | null, id: number): Promise<Event> {
  if (actor) authorize(actor, 'event.read');
  const [row] = await db.select({ ...eventColumns(), registeredPeople: registered }).from(events).where(eq(events.id, id));
  const visible = row && (row.status === 'veroeffentlicht' ? actor !== null || row.isPublic : actor !== null && seesDrafts(actor));
  if (!row || !visible) throw new AppError('NOT_FOUND', 'Diese Tagung gibt es nicht.');
  return toEvent(row);
}

/**
 * The registrations of a conference the actor may see: the ministry all (with names), a district
 * only its own (the number of names, never the names once stored), RP none.
 */
export async function findRegistrations(db: Executor, actor: Actor, eventId: number): Promise<Registration[]> {
  const own = tenantFilter(actor);
  if (own === null && !can(actor, 'event.readPersonalData')) return [];
  const rows = await db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), own === null ? undefined : eq(eventRegistrations.ags, own)))
    .orderBy(asc(eventRegistrations.ags));
  if (rows.length === 0) return [];
  const people = await db
    .select()
    .from(eventRegistrationPeople)
    .where(inArray(eventRegistrationPeople.registrationId, rows.map((r) => r.id)))
    .orderBy(asc(eventRegistrationPeople.position), asc(eventRegistrationPeople.id));
  const withNames = can(actor, 'event.readPersonalData');
  return rows.map((r) => {
    const mine = people.filter((p) => p.registrationId === r.id);
    return {
      id: r.id,
      eventId: r.eventId,
      ags: r.ags,
      peopleCount: r.peopleCount,
      // The needs are personal data too (health, religion): the district that typed them sees them, the ministry too.
      needs: r.needs,
      version: r.version,
      isDemo: r.isDemo,
      updatedAt: r.updatedAt,
      people: withNames ? mine.map((p) => ({ name: p.name, role: p.role })) : [],
      namedPeople: mine.length,
    };
  });
}

/** Whether the conference is over (its end has passed): then the districts see materials and minutes. */
export const isOver = (event: Pick<Event, 'endsAt'>, now: Date = new Date()) => event.endsAt.getTime() <= now.getTime();

const materialColumns = {
  id: eventMaterials.id,
  eventId: eventMaterials.eventId,
  kind: eventMaterials.kind,
  title: eventMaterials.title,
  fileName: eventMaterials.fileName,
  mediaType: eventMaterials.mediaType,
  sizeBytes: eventMaterials.sizeBytes,
  sha256: eventMaterials.sha256,
  isDemo: eventMaterials.isDemo,
  uploadedAt: eventMaterials.uploadedAt,
};

/** The materials and minutes the actor may see: the ministry always, the others once the conference is over. */
export async function findMaterials(db: Executor, actor: Actor, event: Event, now: Date = new Date()): Promise<Material[]> {
  if (!seesDrafts(actor) && !isOver(event, now)) return [];
  return db.select(materialColumns).from(eventMaterials).where(eq(eventMaterials.eventId, event.id)).orderBy(asc(eventMaterials.kind), asc(eventMaterials.id));
}

/** One file with its bytes; NOT_FOUND when unknown or not yet visible to the actor. */
export async function getMaterialFile(db: Executor, actor: Actor, event: Event, id: number, now: Date = new Date()): Promise<Material & { bytes: Uint8Array }> {
  const visible = seesDrafts(actor) || isOver(event, now);
  const [row] = visible ? await db.select({ ...materialColumns, bytes: eventMaterials.bytes }).from(eventMaterials).where(and(eq(eventMaterials.eventId, event.id), eq(eventMaterials.id, id))) : [];
  if (!row) throw new AppError('NOT_FOUND', 'Dieses Dokument gibt es nicht.');
  return row;
}
