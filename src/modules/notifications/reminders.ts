import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { AppDatabase, Executor } from '../../platform/db/client';
import { findUsers } from '../access/service';
import { type Actor, can } from '../access/policy';
import { type CalendarEntry, findCalendarEntries } from '../calendar/service';
import { enqueueMail } from '../../platform/outbox/outbox';
import { reminderLog } from './tables';
import { getReminderSettings } from './use-cases/update-reminder-settings';

/** Key of the transaction-level advisory lock: one scheduler run at a time across processes. */
export const REMINDER_LOCK_KEY = 15_001;

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
/** Whole days from `today` to `date` (both YYYY-MM-DD). */
export function daysUntil(today: string, date: string): number {
  return dayNumber(date) - dayNumber(today);
}

/**
 * The reminder an open deadline is due for today: the smallest configured offset that is at least
 * the days left, so a day the scheduler did not run is caught up (once) on the next run; null when
 * the deadline is further away than every offset or already past.
 */
export function dueOffset(offsets: readonly number[], days: number): number | null {
  if (days < 0) return null;
  const fitting = offsets.filter((o) => o >= days);
  return fitting.length ? Math.min(...fitting) : null;
}

const deDate = (iso: string) => `${Number(iso.slice(8, 10))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`;
const inWords = (days: number) => (days === 0 ? 'heute' : days === 1 ? 'morgen' : `in ${days} Tagen`);

interface DueReminder {
  entry: CalendarEntry;
  offset: number;
  days: number;
}

function line(r: DueReminder, baseUrl: string): string {
  return `– ${r.entry.title}, ${r.entry.districtName}: Frist ${inWords(r.days)} (${deDate(r.entry.date)})\n  ${baseUrl}${r.entry.href}`;
}

const FOOTER = (baseUrl: string) => `\n\nDiese Erinnerung kommt aus der AQB-Steuerung. Tage und Tagesübersicht stellen Sie unter ${baseUrl}/konto/erinnerungen ein.\n`;

/** The German plain-text mail of one reminder (no participant data: title, district, date and link only). */
export function reminderMail(name: string, r: DueReminder, baseUrl: string): { subject: string; text: string } {
  return {
    subject: `Erinnerung: ${r.entry.title} – Frist ${inWords(r.days)} (${deDate(r.entry.date)})`,
    text: `Guten Tag ${name},\n\neine Frist im AQB-Fristenkalender steht bevor:\n\n${line(r, baseUrl)}${FOOTER(baseUrl)}`,
  };
}

/** The daily digest: every reminder due today for the account in one mail. */
export function digestMail(name: string, today: string, due: DueReminder[], baseUrl: string): { subject: string; text: string } {
  return {
    subject: `AQB-Fristen: Tagesübersicht vom ${deDate(today)} (${due.length} ${due.length === 1 ? 'Frist' : 'Fristen'})`,
    text: `Guten Tag ${name},\n\ndiese Fristen im AQB-Fristenkalender stehen bevor:\n\n${due.map((r) => line(r, baseUrl)).join('\n\n')}${FOOTER(baseUrl)}`,
  };
}

/**
 * Enqueues the reminders due `today` for every active account that may read the calendar, with the
 * calendar's own entries (open deadlines only). Each (account, entry, offset) is logged once in
 * `reminder_log` (primary key), and the mail is written in the same transaction, so running twice
 * — or in two processes at once — enqueues nothing new. A run that enqueued mails is one audit
 * event `reminder.enqueue` (system). Returns the numbers of reminders and mails enqueued.
 */
export async function scheduleReminders(database: AppDatabase, options: { today: string; baseUrl: string; via?: string }): Promise<{ mails: number; reminders: number; skipped?: 'locked' }> {
  return database.db.transaction(async (tx) => {
    const [lock] = ((await tx.execute(sql`select pg_try_advisory_xact_lock(${REMINDER_LOCK_KEY}) as locked`)) as unknown as { rows: { locked: boolean }[] }).rows;
    if (!lock?.locked) return { mails: 0, reminders: 0, skipped: 'locked' as const };
    let mails = 0;
    let reminders = 0;
    for (const user of await findUsers(tx)) {
      // Demo accounts have made-up addresses; demo records remind nobody.
      if (!user.isActive || user.isDemo) continue;
      const actor: Actor | null = user.role === 'district' ? (user.ags ? { userId: user.id, role: 'district', ags: user.ags } : null) : { userId: user.id, role: user.role };
      if (!actor || !can(actor, 'calendar.read') || !can(actor, 'reminder.manage', { ownerUserId: user.id })) continue;
      const settings = await getReminderSettings(tx, user.id);
      if (!settings.enabled) continue;
      const candidates: DueReminder[] = [];
      for (const entry of await findCalendarEntries(tx, actor, {}, options.today)) {
        if (!entry.isDeadline || entry.isDone || entry.isDemo) continue;
        const days = daysUntil(options.today, entry.date);
        const offset = dueOffset(settings.offsetDays, days);
        if (offset !== null) candidates.push({ entry, offset, days });
      }
      const fresh = await claim(tx, user.id, candidates);
      if (fresh.length === 0) continue;
      reminders += fresh.length;
      if (settings.dailyDigest) {
        const mail = digestMail(user.name, options.today, fresh, options.baseUrl);
        const id = await enqueueMail(tx, { to: user.email, ...mail, kind: 'tagesuebersicht', dedupeKey: `tagesuebersicht:${user.id}:${options.today}:${fresh.map((r) => `${r.entry.id}/${r.offset}`).join(',')}` });
        await link(tx, user.id, fresh, id);
        mails += id === null ? 0 : 1;
      } else {
        for (const r of fresh) {
          const id = await enqueueMail(tx, { to: user.email, ...reminderMail(user.name, r, options.baseUrl), kind: 'erinnerung', dedupeKey: `erinnerung:${user.id}:${r.entry.id}:${r.offset}` });
          await link(tx, user.id, [r], id);
          mails += id === null ? 0 : 1;
        }
      }
    }
    // One system event per run that enqueued anything (counts only; the outbox holds the mails).
    if (mails > 0) await recordAuditEvent(tx, { actorId: null, action: 'reminder.enqueue', recordType: 'system', recordId: 'erinnerungen', before: null, after: { today: options.today, reminders, mails, via: options.via ?? 'server' } });
    return { mails, reminders };
  });
}

/** Logs the candidates; returns those not logged before (the ones to send now). */
async function claim(tx: Executor, userId: number, candidates: DueReminder[]): Promise<DueReminder[]> {
  if (candidates.length === 0) return [];
  const inserted = await tx
    .insert(reminderLog)
    .values(candidates.map((c) => ({ userId, entryId: c.entry.id, offsetDays: c.offset })))
    .onConflictDoNothing()
    .returning({ entryId: reminderLog.entryId, offsetDays: reminderLog.offsetDays });
  const fresh = new Set(inserted.map((r) => `${r.entryId}/${r.offsetDays}`));
  return candidates.filter((c) => fresh.has(`${c.entry.id}/${c.offset}`));
}

async function link(tx: Executor, userId: number, reminders: DueReminder[], outboxId: number | null): Promise<void> {
  if (outboxId === null) return;
  for (const r of reminders) {
    await tx.update(reminderLog).set({ outboxId }).where(and(eq(reminderLog.userId, userId), eq(reminderLog.entryId, r.entry.id), eq(reminderLog.offsetDays, r.offset)));
  }
}
