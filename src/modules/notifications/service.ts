/**
 * The notifications module's surface: the outbox (enqueue in the causing transaction, the worker
 * that sends over SMTP with retry and backoff) and the e-mail reminders from the calendar's deadlines.
 */
export { BASE_DELAY_MS, backoffMs, countOutbox, enqueueMail, findOutboxPage, MAX_ATTEMPTS, messageIdFor, type NewMail, type OutboxStatus, processOutbox } from '../../platform/outbox/outbox';
export { daysUntil, digestMail, dueOffset, REMINDER_LOCK_KEY, reminderMail, scheduleReminders } from './reminders';
export { DEFAULT_OFFSETS, getReminderSettings, type ReminderSettings, updateReminderSettings } from './use-cases/update-reminder-settings';
export { retryMail } from './use-cases/retry-mail';
export { type MailSettings, runMailCycle, startMailWorker } from './worker';
