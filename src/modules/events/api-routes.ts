import { type Context, Hono } from 'hono';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { requireActor } from '../access/middleware';
import { authorize, tenantFilter } from '../access/policy';
import { findEvents, findRegistrations, getEvent } from './read';
import { type Event, RegistrationBodySchema, type Registration } from './schema';
import { saveRegistration } from './use-cases/register';

const MAX_BODY = 100_000;

async function jsonBody(c: Context): Promise<unknown> {
  if (!/^application\/(.+\+)?json\b/i.test(c.req.header('content-type') ?? '')) throw new AppError('VALIDATION_FAILED', 'Bitte senden Sie JSON (Content-Type: application/json).');
  const text = await c.req.text();
  if (text.length > MAX_BODY) throw new AppError('FILE_TOO_LARGE', 'Die Anfrage ist zu groß.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Der Inhalt ist kein gültiges JSON.');
  }
}

function idParam(value: string | undefined): number {
  if (!value || !/^\d{1,9}$/.test(value)) throw new AppError('NOT_FOUND');
  return Number(value);
}

export const eventJson = (e: Event) => ({
  id: e.id,
  title: e.title,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt.toISOString(),
  place: e.place,
  videoUrl: e.videoUrl,
  agenda: e.agenda,
  capacity: e.capacity,
  freePlaces: Math.max(0, e.capacity - e.registeredPeople),
  registrationDeadline: e.registrationDeadline,
  status: e.status,
  isPublic: e.isPublic,
  version: e.version,
  demo: e.isDemo,
});
const registrationJson = (r: Registration) => ({ ags: r.ags, peopleCount: r.peopleCount, needs: r.needs, version: r.version, namedPeople: r.namedPeople, people: r.people });

/**
 * JSON API of the conferences (/api/v1/tagungen): the same reads and the same registration use
 * case as the pages (policy, capacity lock, audit). Errors: { error: { code, message, issues } }.
 */
export function eventApiRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  app.get('/api/v1/tagungen', async (c) => {
    const actor = requireActor(c);
    return c.json({ items: (await findEvents(db, actor)).map(eventJson) });
  });

  app.get('/api/v1/tagungen/:id', async (c) => {
    const actor = requireActor(c);
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    return c.json({ event: eventJson(event), registrations: (await findRegistrations(db, actor, event.id)).map(registrationJson) });
  });

  app.put('/api/v1/tagungen/:id/anmeldung', async (c) => {
    const actor = requireActor(c);
    const own = tenantFilter(actor);
    authorize(actor, 'event.register', own ? { ags: own } : undefined);
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    const body = unwrapZod(RegistrationBodySchema.safeParse(await jsonBody(c)));
    const saved = await db.transaction((tx) =>
      saveRegistration(tx, actor, { eventId: event.id, ags: own!, expectedVersion: body.version }, { peopleCount: body.peopleCount, needs: body.needs ?? '', people: (body.people ?? []).map((p) => ({ name: p.name, role: p.role ?? '' })) }),
    );
    return c.json(registrationJson(saved));
  });

  return app;
}
