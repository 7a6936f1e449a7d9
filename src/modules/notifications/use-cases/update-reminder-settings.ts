import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { reminderSettings } from '../tables';

/** Without own settings: reminders 7 days and 1 day before each open deadline, one mail each. */
export const DEFAULT_OFFSETS = [7, 1] as const;
export const MAX_OFFSET_DAYS = 60;

export interface ReminderSettings {
  enabled: boolean;
  offsetDays: number[];
  dailyDigest: boolean;
  /** 0 = never saved (the defaults). */
  version: number;
}

/** The form: `tage` as "7, 1" (comma or space separated), checkboxes as "1". */
export const ReminderSettingsSchema = z.object({
  expectedVersion: z.coerce.number({ error: 'Versionsangabe fehlt' }).int('Versionsangabe fehlt').min(0, 'Versionsangabe fehlt'),
  enabled: z.boolean(),
  dailyDigest: z.boolean(),
  tage: z
    .string({ error: 'Bitte die Tage angeben, z. B. „7, 1“.' })
    .trim()
    .max(60, 'Höchstens 60 Zeichen.')
    .regex(/^[0-9 ,;]*$/, 'Nur ganze Zahlen, getrennt durch Komma, z. B. „7, 1“.')
    .transform((text) => [...new Set(text.split(/[ ,;]+/).filter(Boolean).map(Number))].sort((a, b) => b - a))
    .refine((days) => days.length >= 1, 'Mindestens einen Tag angeben, z. B. „7, 1“.')
    .refine((days) => days.length <= 5, 'Höchstens fünf Erinnerungen je Frist.')
    .refine((days) => days.every((d) => d >= 1 && d <= MAX_OFFSET_DAYS), `Jeder Tag muss zwischen 1 und ${MAX_OFFSET_DAYS} liegen.`),
});

export async function getReminderSettings(db: Executor, userId: number): Promise<ReminderSettings> {
  const [row] = await db.select().from(reminderSettings).where(eq(reminderSettings.userId, userId));
  return row ? { enabled: row.enabled, offsetDays: row.offsetDays, dailyDigest: row.dailyDigest, version: row.version } : { enabled: true, offsetDays: [...DEFAULT_OFFSETS], dailyDigest: false, version: 0 };
}

/** Saves the actor's own settings (policy `reminder.manage` self, optimistic lock, audited `reminder.settings.update`). */
export async function updateReminderSettings(tx: Executor, actor: MaybeActor, input: unknown): Promise<ReminderSettings> {
  authorize(actor, 'reminder.manage', actor ? { ownerUserId: actor.userId } : undefined);
  const data = unwrapZod(ReminderSettingsSchema.safeParse(input));
  const before = await getReminderSettings(tx, actor.userId);
  if (before.version !== data.expectedVersion) throw new AppError('CONFLICT', 'Die Einstellungen wurden inzwischen an anderer Stelle geändert. Bitte die Seite neu laden.');
  const values = { enabled: data.enabled, offsetDays: data.tage, dailyDigest: data.dailyDigest, updatedAt: new Date() };
  const [row] = await tx
    .insert(reminderSettings)
    .values({ userId: actor.userId, ...values })
    .onConflictDoUpdate({ target: reminderSettings.userId, set: { ...values, version: sql`${reminderSettings.version} + 1` }, setWhere: eq(reminderSettings.version, data.expectedVersion) })
    .returning();
  if (!row) throw new AppError('CONFLICT', 'Die Einstellungen wurden inzwischen an anderer Stelle geändert. Bitte die Seite neu laden.');
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'reminder.settings.update', recordType: 'reminder_settings', recordId: actor.userId, before: { enabled: before.enabled, offsetDays: before.offsetDays, dailyDigest: before.dailyDigest }, after: values && { enabled: row.enabled, offsetDays: row.offsetDays, dailyDigest: row.dailyDigest } });
  return { enabled: row.enabled, offsetDays: row.offsetDays, dailyDigest: row.dailyDigest, version: row.version };
}
