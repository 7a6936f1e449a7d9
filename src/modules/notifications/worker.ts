import type { AppDatabase } from '../../platform/db/client';
import { logger } from '../../platform/logger';
import { createSmtpTransport, type MailTransport } from '../../platform/mail';
import { berlinToday } from '../calendar/service';
import { countOutbox, processOutbox } from '../../platform/outbox/outbox';
import { scheduleReminders } from './reminders';

export interface MailSettings {
  smtpUrl: string | undefined;
  mailFrom: string;
  baseUrl: string;
}

/**
 * One run: enqueue the reminders due today (advisory lock: one process at a time), then send what
 * is due in the outbox (without SMTP_URL nothing is sent; the mails wait). Used by the server's
 * timer and by `aqb erinnerungen senden`.
 */
export async function runMailCycle(database: AppDatabase, settings: MailSettings, options: { transport?: MailTransport; now?: Date; today?: string; via?: string; schedule?: boolean } = {}) {
  const now = options.now ?? new Date();
  const reminders = options.schedule === false ? { mails: 0, reminders: 0 } : await scheduleReminders(database, { today: options.today ?? berlinToday(now), baseUrl: settings.baseUrl, ...(options.via ? { via: options.via } : {}) });
  const transport = options.transport ?? (settings.smtpUrl ? createSmtpTransport(settings.smtpUrl) : undefined);
  try {
    const delivery = transport ? await processOutbox(database, transport, { from: settings.mailFrom }) : { sent: 0, failed: 0 };
    const counts = await countOutbox(database.db);
    return { reminders, delivery, counts, smtp: transport !== undefined };
  } finally {
    if (transport && !options.transport) transport.close();
  }
}

/** Reminders are planned at start and then hourly (each run reads the calendar of every account). */
export const SCHEDULE_EVERY_MS = 60 * 60 * 1000;

/**
 * In the server process: the outbox every minute, the reminder planning at start and hourly; a
 * failure is logged, never fatal. Returns the stop function.
 */
export function startMailWorker(database: AppDatabase, settings: MailSettings, intervalMs = 60_000): () => void {
  const transport = settings.smtpUrl ? createSmtpTransport(settings.smtpUrl) : undefined;
  let running = false;
  let scheduledAt = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const schedule = Date.now() - scheduledAt >= SCHEDULE_EVERY_MS;
      const result = await runMailCycle(database, settings, { schedule, ...(transport ? { transport } : {}) });
      if (schedule) scheduledAt = Date.now();
      if (result.reminders.mails || result.delivery.sent || result.delivery.failed) logger.info('Postausgang bearbeitet', { enqueued: result.reminders.mails, sent: result.delivery.sent, failed: result.delivery.failed, waiting: result.counts.wartend });
    } catch (error) {
      logger.error('Postausgang: Durchlauf fehlgeschlagen', { message: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    transport?.close();
  };
}
