import { type Context, Hono } from 'hono';
import { formVersion, idParam } from '../../platform/http/route-params';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, type FieldIssue, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { isHttps } from '../../platform/http/security-headers';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { type Actor, authorize, can, tenantFilter } from '../access/policy';
import { findDistricts } from '../districts/service';
import { eventIcal } from './ics';
import { findEvents, findMaterials, findRegistrations, getEvent, getMaterialFile, isOver } from './read';
import type { Event } from './schema';
import { berlinToday } from './time';
import { cancelRegistration, saveRegistration } from './use-cases/register';
import { publishEvent, saveEvent } from './use-cases/save-event';
import { MAX_MATERIAL_BYTES, uploadMaterial } from './use-cases/upload-material';
import {
  EventFormPage,
  type EventFormValues,
  eventFormValues,
  EventListPage,
  EventPage,
  type EventPageProps,
  eventPath,
  eventsPath,
  NAME_ROWS,
  PublishEventPage,
  type RegistrationFormValues,
} from './views/event-pages';

/** The upload route's path pattern, for the body limit in app.tsx. */
export const EVENT_MATERIAL_UPLOAD = /^\/tagungen\/\d{1,9}\/dokumente$/;
export { MAX_MATERIAL_BYTES };

const EVENT_FIELDS: Record<string, string> = {
  title: 'titel',
  date: 'datum',
  startTime: 'beginn',
  endTime: 'ende',
  place: 'ort',
  videoUrl: 'videolink',
  agenda: 'programm',
  capacity: 'plaetze',
  registrationDeadline: 'anmeldeschluss',
  isPublic: 'portal',
};

function registrationField(path: string): string {
  const person = /^people\.(\d+)\.(name|role)/.exec(path);
  if (person) return `${person[2] === 'name' ? 'name' : 'funktion'}_${person[1]}`;
  if (path.startsWith('people')) return 'namen';
  if (path.startsWith('needs')) return 'bedarf';
  return 'personen';
}

function toFields(issues: FieldIssue[], map: (path: string) => string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[map(issue.path)] ??= issue.message;
  return errors;
}


function str(body: Record<string, unknown>, name: string, max: number): string {
  const value = Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
}


function readEventForm(body: Record<string, unknown>): EventFormValues {
  return {
    title: str(body, 'titel', 400),
    date: str(body, 'datum', 40),
    startTime: str(body, 'beginn', 20),
    endTime: str(body, 'ende', 20),
    place: str(body, 'ort', 600),
    videoUrl: str(body, 'videolink', 1000),
    agenda: str(body, 'programm', 10_000),
    capacity: str(body, 'plaetze', 20),
    registrationDeadline: str(body, 'anmeldeschluss', 40),
    isPublic: str(body, 'portal', 5) === '1',
  };
}

const eventInput = (v: EventFormValues) => ({ ...v, capacity: v.capacity.trim() === '' ? undefined : v.capacity.trim() });

function readRegistrationForm(body: Record<string, unknown>): RegistrationFormValues {
  return {
    peopleCount: str(body, 'personen', 20),
    needs: str(body, 'bedarf', 2000),
    people: Array.from({ length: NAME_ROWS }, (_, i) => ({ name: str(body, `name_${i}`, 400), role: str(body, `funktion_${i}`, 400) })),
    clearPeople: str(body, 'namen_loeschen', 5) === '1',
  };
}

/** The registration form → the use case's input: empty rows dropped, a row with only a role keeps its (empty) name, so the schema names it. */
function registrationInput(v: RegistrationFormValues) {
  const rows = v.people.map((p, index) => ({ ...p, index })).filter((p) => p.name.trim() !== '' || p.role.trim() !== '');
  return { rows, input: { peopleCount: v.peopleCount.trim() === '' ? undefined : v.peopleCount.trim(), needs: v.needs, people: rows.map(({ name, role }) => ({ name, role })) } };
}

function originOf(c: Context): string {
  const url = new URL(c.req.url);
  return `${isHttps(c.req.url, c.req.header('x-forwarded-proto')) ? 'https' : url.protocol.slice(0, -1)}://${url.host}`;
}

/**
 * The conference pages (/tagungen): the ministry creates,
 * publishes and documents a conference; the districts register; materials after the event.
 * Every write goes through the use cases (policy, lock, audit in one transaction).
 */
export function eventRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  async function eventPage(c: Context, actor: Actor, event: Event, extra: Partial<EventPageProps> = {}, status = 200) {
    const own = tenantFilter(actor);
    const districts = await findDistricts(db);
    const names = new Map(districts.map((d) => [d.ags, d.name]));
    return renderPage(
      c,
      <EventPage
        event={event}
        districtName={own ? names.get(own) : undefined}
        registrations={await findRegistrations(db, actor, event.id)}
        districtNames={names}
        materials={await findMaterials(db, actor, event)}
        isOver={isOver(event)}
        canManage={can(actor, 'event.manage')}
        canRegister={own !== null && event.status === 'veroeffentlicht' && can(actor, 'event.register', { ags: own })}
        canReadNames={can(actor, 'event.readPersonalData')}
        registrationOpen={berlinToday() <= event.registrationDeadline}
        csrf={csrfToken(c)}
        {...extra}
      />,
      status as 200,
    );
  }

  app.get(eventsPath, async (c) => {
    const actor = requireActor(c);
    const events = await findEvents(db, actor);
    return renderPage(c, <EventListPage events={events} canManage={can(actor, 'event.manage')} />);
  });

  app.get(`${eventsPath}/neu`, (c) => {
    const actor = requireActor(c);
    authorize(actor, 'event.manage');
    return renderPage(c, <EventFormPage values={eventFormValues()} csrf={csrfToken(c)} />);
  });

  app.post(`${eventsPath}/neu`, async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'event.manage');
    const values = readEventForm(await c.req.parseBody());
    try {
      const saved = await db.transaction((tx) => saveEvent(tx, actor, {}, eventInput(values)));
      return c.redirect(`${eventPath(saved.id)}?gespeichert=1`, 303);
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
        return renderPage(c, <EventFormPage values={values} errors={toFields(error.issues, (p) => EVENT_FIELDS[p.split('.')[0]!] ?? 'titel')} csrf={csrfToken(c)} />, 422);
      }
      throw error;
    }
  });

  app.get(`${eventsPath}/:id{[0-9]{1,9}}`, async (c) => {
    const actor = requireActor(c);
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    const q = c.req.query();
    const notice =
      q.gespeichert !== undefined
        ? 'Die Tagung wurde gespeichert.'
        : q.veroeffentlicht !== undefined
          ? 'Die Tagung ist veröffentlicht.'
          : q.angemeldet !== undefined
            ? 'Ihre Anmeldung ist gespeichert.'
            : q.zurueckgezogen !== undefined
              ? 'Ihre Anmeldung ist zurückgezogen.'
              : q.hochgeladen !== undefined
                ? 'Das Dokument wurde hochgeladen.'
                : undefined;
    return eventPage(c, actor, event, { notice });
  });

  app.get(`${eventsPath}/:id{[0-9]{1,9}}/bearbeiten`, async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'event.manage');
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    return renderPage(c, <EventFormPage event={event} values={eventFormValues(event)} csrf={csrfToken(c)} />);
  });

  app.post(`${eventsPath}/:id{[0-9]{1,9}}/bearbeiten`, async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'event.manage');
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body);
    const values = readEventForm(body);
    try {
      await db.transaction((tx) => saveEvent(tx, actor, { id: event.id, expectedVersion }, eventInput(values)));
      return c.redirect(`${eventPath(event.id)}?gespeichert=1`, 303);
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') {
        return renderPage(c, <EventFormPage event={{ ...event, version: expectedVersion }} values={values} errors={toFields(error.issues, (p) => EVENT_FIELDS[p.split('.')[0]!] ?? 'titel')} csrf={csrfToken(c)} />, 422);
      }
      if (error.code === 'CONFLICT') {
        const fresh = await getEvent(db, actor, event.id);
        return renderPage(c, <EventFormPage event={fresh} values={values} conflict={error.message} csrf={csrfToken(c)} />, 409);
      }
      throw error;
    }
  });

  app.get(`${eventsPath}/:id{[0-9]{1,9}}/veroeffentlichen`, async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'event.manage');
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    const error = event.status === 'entwurf' ? undefined : 'Die Tagung ist schon veröffentlicht.';
    return renderPage(c, <PublishEventPage event={event} csrf={csrfToken(c)} error={error} />, error ? 409 : 200);
  });

  app.post(`${eventsPath}/:id{[0-9]{1,9}}/veroeffentlichen`, async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'event.manage');
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    const expectedVersion = formVersion(await c.req.parseBody());
    try {
      await db.transaction((tx) => publishEvent(tx, actor, { id: event.id, expectedVersion }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION')) {
        return renderPage(c, <PublishEventPage event={await getEvent(db, actor, event.id)} csrf={csrfToken(c)} error={error.message} />, 409);
      }
      throw error;
    }
    return c.redirect(`${eventPath(event.id)}?veroeffentlicht=1`, 303);
  });

  /** The acting district (only district accounts register; everybody else: 403 by the policy). */
  function registeringDistrict(actor: Actor): string {
    const own = tenantFilter(actor);
    authorize(actor, 'event.register', own ? { ags: own } : undefined);
    return own!;
  }

  app.post(`${eventsPath}/:id{[0-9]{1,9}}/anmeldung`, async (c) => {
    const actor = requireActor(c);
    const ags = registeringDistrict(actor);
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body, 0);
    const values = readRegistrationForm(body);
    const { rows, input } = registrationInput(values);
    try {
      await db.transaction((tx) => saveRegistration(tx, actor, { eventId: event.id, ags, expectedVersion }, input, { clearPeople: values.clearPeople }));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') {
        // Person rows were renumbered without the empty ones: map the schema's index back to the form row.
        const map = (path: string) => {
          const m = /^people\.(\d+)\.(name|role)/.exec(path);
          return m ? `${m[2] === 'name' ? 'name' : 'funktion'}_${rows[Number(m[1])]?.index ?? 0}` : registrationField(path);
        };
        return eventPage(c, actor, await getEvent(db, actor, event.id), { registrationValues: values, registrationErrors: toFields(error.issues, map) }, 422);
      }
      if (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION') return eventPage(c, actor, await getEvent(db, actor, event.id), { conflict: error.message, registrationValues: values }, 409);
      throw error;
    }
    return c.redirect(`${eventPath(event.id)}?angemeldet=1`, 303);
  });

  app.post(`${eventsPath}/:id{[0-9]{1,9}}/anmeldung/zurueckziehen`, async (c) => {
    const actor = requireActor(c);
    const ags = registeringDistrict(actor);
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    const expectedVersion = formVersion(await c.req.parseBody());
    try {
      await db.transaction((tx) => cancelRegistration(tx, actor, { eventId: event.id, ags, expectedVersion }));
    } catch (error) {
      if (isAppError(error) && error.code === 'CONFLICT') return eventPage(c, actor, event, { conflict: error.message }, 409);
      throw error;
    }
    return c.redirect(`${eventPath(event.id)}?zurueckgezogen=1`, 303);
  });

  app.post(`${eventsPath}/:id{[0-9]{1,9}}/dokumente`, async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'event.manage');
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    const body = await c.req.parseBody();
    const values = { title: str(body, 'dokument_titel', 600), kind: str(body, 'art', 20) || 'material' };
    const upload = body.datei;
    const file =
      upload instanceof File && upload.size > 0
        ? { name: upload.name, bytes: upload.size > MAX_MATERIAL_BYTES ? new Uint8Array(MAX_MATERIAL_BYTES + 1) : new Uint8Array(await upload.arrayBuffer()) }
        : null;
    try {
      await db.transaction((tx) => uploadMaterial(tx, actor, event.id, { ...values, file }));
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
        const names: Record<string, string> = { title: 'dokument_titel', kind: 'art', file: 'datei' };
        return eventPage(c, actor, event, { materialValues: values, materialErrors: toFields(error.issues, (p) => names[p] ?? 'dokument_titel') }, 422);
      }
      throw error;
    }
    return c.redirect(`${eventPath(event.id)}?hochgeladen=1#material-titel`, 303);
  });

  app.get(`${eventsPath}/:id{[0-9]{1,9}}/dokumente/:doc{[0-9]{1,9}}`, async (c) => {
    const actor = requireActor(c);
    const event = await getEvent(db, actor, idParam(c.req.param('id')));
    const file = await getMaterialFile(db, actor, event, idParam(c.req.param('doc')));
    const ascii = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.mediaType,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  const ics = (c: Context, event: Event) =>
    c.body(eventIcal(event, originOf(c)), 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="tagung-${event.id}.ics"` });

  app.get(`${eventsPath}/:id{[0-9]{1,9}}/tagung.ics`, async (c) => {
    const actor = requireActor(c);
    return ics(c, await getEvent(db, actor, idParam(c.req.param('id'))));
  });

  return app;
}
