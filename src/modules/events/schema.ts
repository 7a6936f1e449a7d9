import { z } from 'zod';
import { parseGermanDate, text } from '../../platform/input';

/** `entwurf`: the ministry prepares it; `veroeffentlicht`: the districts see it and may register. */
export const EVENT_STATUSES = ['entwurf', 'veroeffentlicht'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT_STATUS_LABELS: Record<EventStatus, string> = { entwurf: 'Entwurf', veroeffentlicht: 'Veröffentlicht' };

/** An uploaded file of a conference: a material (slides, hand-outs) or the minutes (Protokoll). */
export const MATERIAL_KINDS = ['material', 'protokoll'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const MATERIAL_KIND_LABELS: Record<MaterialKind, string> = { material: 'Material', protokoll: 'Protokoll' };

/** The most people one district may register for one conference (a typing error guard, not a rule of the ministry). */
export const MAX_PEOPLE_PER_DISTRICT = 50;

/** Why the registration asks for needs (shown next to the field, GDPR Art. 13: purpose of the data). */
export const NEEDS_PURPOSE =
  'Wir fragen nur, damit Verpflegung, Räume und Unterlagen passen (z. B. vegetarisch, Rollstuhlplatz, Gebärdensprache, Unterlagen in großer Schrift). ' +
  'Nur das HMSI sieht diese Angaben; sie werden ein Jahr nach der Tagung gelöscht.';

const germanDate = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .transform((value, ctx) => {
      const iso = parseGermanDate(value);
      if (!iso) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return iso;
    });

const clockTime = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^([01]?\d|2[0-3])[:.][0-5]\d$/, message)
    .transform((v) => v.replace('.', ':').padStart(5, '0'));

/**
 * A conference as the ministry enters it (form and API): the day and times in Europe/Berlin, a
 * place or a video link (or both), the registration deadline on or before the day.
 */
export const EventInputSchema = z
  .object({
    title: text(200, { required: 'Bitte geben Sie den Titel der Tagung an.' }),
    date: germanDate('Bitte geben Sie den Tag der Tagung an (z. B. 10.6.2026).'),
    startTime: clockTime('Bitte geben Sie den Beginn als Uhrzeit an (z. B. 9:30).'),
    endTime: clockTime('Bitte geben Sie das Ende als Uhrzeit an (z. B. 16:00).'),
    place: text(300, { min: 0 }).default(''),
    videoUrl: z
      .string()
      .trim()
      .max(500, 'Höchstens 500 Zeichen')
      .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/.test(v), 'Bitte geben Sie einen Link mit https:// an.')
      .default(''),
    agenda: text(5000, { min: 0, multiline: true }).default(''),
    capacity: z.coerce
      .number({ error: 'Bitte geben Sie die Zahl der Plätze an.' })
      .int('Bitte geben Sie eine ganze Zahl an.')
      .min(1, 'Mindestens ein Platz.')
      .max(5000, 'Höchstens 5.000 Plätze.'),
    registrationDeadline: germanDate('Bitte geben Sie den Anmeldeschluss an (z. B. 1.6.2026).'),
    isPublic: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if (value.place === '' && value.videoUrl === '') ctx.addIssue({ code: 'custom', path: ['place'], message: 'Bitte geben Sie einen Ort oder einen Videolink an.' });
    if (value.endTime <= value.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'Das Ende liegt nicht nach dem Beginn.' });
    if (value.registrationDeadline > value.date) ctx.addIssue({ code: 'custom', path: ['registrationDeadline'], message: 'Der Anmeldeschluss liegt nach dem Tag der Tagung.' });
  });
export type EventInput = z.infer<typeof EventInputSchema>;

export const PersonSchema = z.object({
  name: text(200, { required: 'Bitte geben Sie den Namen an oder lassen Sie die Zeile leer.' }),
  role: text(200, { min: 0 }).default(''),
});

/** One district's registration: how many people, optionally who (name, role), and their needs. */
export const RegistrationInputSchema = z
  .object({
    peopleCount: z.coerce
      .number({ error: 'Bitte geben Sie an, wie viele Personen teilnehmen.' })
      .int('Bitte geben Sie eine ganze Zahl an.')
      .min(1, 'Mindestens eine Person.')
      .max(MAX_PEOPLE_PER_DISTRICT, `Höchstens ${MAX_PEOPLE_PER_DISTRICT} Personen je Gebietskörperschaft.`),
    needs: text(1000, { min: 0, multiline: true }).default(''),
    people: z.array(PersonSchema).max(MAX_PEOPLE_PER_DISTRICT).default([]),
  })
  .superRefine((value, ctx) => {
    if (value.people.length > value.peopleCount) ctx.addIssue({ code: 'custom', path: ['people'], message: `Sie haben ${value.people.length} Namen, aber ${value.peopleCount} Personen angegeben.` });
  });
export type RegistrationInput = z.infer<typeof RegistrationInputSchema>;

/** A conference as pages and the API show it. */
export interface Event {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  videoUrl: string;
  agenda: string;
  capacity: number;
  registrationDeadline: string;
  status: EventStatus;
  isPublic: boolean;
  publishedAt: Date | null;
  personalDataDeletedAt: Date | null;
  version: number;
  isDemo: boolean;
  /** People registered by all districts together. */
  registeredPeople: number;
}

export interface Registration {
  id: number;
  eventId: number;
  ags: string;
  peopleCount: number;
  needs: string;
  version: number;
  isDemo: boolean;
  updatedAt: Date;
  /** Names and roles: only filled for readers with `event.readPersonalData`; otherwise only their count. */
  people: { name: string; role: string }[];
  namedPeople: number;
}

export interface Material {
  id: number;
  eventId: number;
  kind: MaterialKind;
  title: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  isDemo: boolean;
  uploadedAt: Date;
}

/** API: the public view of a conference (no registrations). */
export const EventSummarySchema = z.object({
  id: z.number().int(),
  title: z.string(),
  startsAt: z.string().describe('ISO 8601, UTC'),
  endsAt: z.string(),
  place: z.string(),
  videoUrl: z.string(),
  agenda: z.string(),
  capacity: z.number().int(),
  freePlaces: z.number().int(),
  registrationDeadline: z.string().describe('JJJJ-MM-TT, letzter Tag der Anmeldung'),
  status: z.enum(EVENT_STATUSES),
  isPublic: z.boolean(),
  version: z.number().int(),
  demo: z.boolean(),
});
export const EventListSchema = z.object({ items: z.array(EventSummarySchema) });
export const RegistrationSchema = z.object({
  ags: z.string(),
  peopleCount: z.number().int(),
  needs: z.string(),
  version: z.number().int(),
  namedPeople: z.number().int(),
  people: z.array(z.object({ name: z.string(), role: z.string() })).describe('Nur für das HMSI; sonst leer'),
});
export const EventEnvelopeSchema = z.object({ event: EventSummarySchema, registrations: z.array(RegistrationSchema) });
export const RegistrationBodySchema = z.object({
  version: z.number().int().min(0).describe('0 für eine neue Anmeldung, sonst die gelesene Version'),
  peopleCount: z.number().int(),
  needs: z.string().optional(),
  people: z.array(z.object({ name: z.string(), role: z.string().optional() })).optional(),
});
