import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import { renderPage } from '../../ui/render';
import { requirePermission } from '../access/middleware';
import { getUser } from '../access/service';
import { countOutbox, findOutboxMail, findOutboxPage, type OutboxStatus } from '../../platform/outbox/outbox';
import { retryMail } from './use-cases/retry-mail';
import { getReminderSettings, ReminderSettingsSchema, updateReminderSettings } from './use-cases/update-reminder-settings';
import { OutboxPage, RetryMailPage } from './views/outbox-page';
import { ReminderSettingsPage } from './views/reminder-settings-page';

/** Mails per page of /admin/postausgang. */
export const OUTBOX_PAGE_SIZE = 50;

const OutboxQuerySchema = z.object({
  status: z.enum(['wartend', 'gesendet', 'fehlgeschlagen'], { error: 'Bitte einen Status aus der Liste wählen.' }).optional(),
  seite: z.coerce.number({ error: 'Seite muss eine Zahl sein.' }).int('Seite muss eine ganze Zahl sein.').min(1, 'Seite muss mindestens 1 sein.').max(1_000_000, 'Diese Seite gibt es nicht.').catch(1),
});

async function form(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** The outbox page (/admin/postausgang) and one's own reminder settings (/konto/erinnerungen). */
export function notificationRoutes({ database, smtpConfigured = false }: RouteDeps & { smtpConfigured?: boolean }) {
  const db = database.db;
  const app = new Hono();
  const noStore = (c: Context) => c.header('Cache-Control', 'private, no-store');

  app.get('/admin/postausgang', async (c) => {
    noStore(c);
    requirePermission(c, 'mail.manage');
    const rawStatus = c.req.query('status')?.trim() || undefined;
    const parsed = OutboxQuerySchema.safeParse({ status: rawStatus, seite: c.req.query('seite') });
    const error = parsed.success ? undefined : parsed.error.issues[0]?.message;
    const status: OutboxStatus | undefined = parsed.success ? parsed.data.status : undefined;
    const requested = parsed.success ? parsed.data.seite : 1;
    const counts = await countOutbox(db);
    let { rows, total } = await findOutboxPage(db, { page: requested, pageSize: OUTBOX_PAGE_SIZE, ...(status ? { status } : {}) });
    const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
    const page = Math.min(requested, pageCount);
    if (page !== requested) ({ rows, total } = await findOutboxPage(db, { page, pageSize: OUTBOX_PAGE_SIZE, ...(status ? { status } : {}) }));
    const notice = c.req.query('erneut') !== undefined ? 'Die Mail steht wieder im Postausgang und wird beim nächsten Durchlauf gesendet.' : undefined;
    return renderPage(c, <OutboxPage rows={rows} total={total} page={page} pageCount={pageCount} status={status} counts={counts} smtpConfigured={smtpConfigured} {...(notice ? { notice } : {})} {...(error ? { error } : {})} />, error ? 422 : 200);
  });

  app.get('/admin/postausgang/:id/erneut-senden', async (c) => {
    noStore(c);
    requirePermission(c, 'mail.manage');
    const mail = await findOutboxMail(db, Number(c.req.param('id')));
    if (!mail) throw new AppError('NOT_FOUND', 'Diese Mail gibt es nicht im Postausgang.');
    if (mail.status !== 'fehlgeschlagen') throw new AppError('CONFLICT', 'Nur fehlgeschlagene Mails können erneut gesendet werden.');
    return renderPage(c, <RetryMailPage csrf={csrfToken(c)} mail={mail} />);
  });

  app.post('/admin/postausgang/:id/erneut-senden', async (c) => {
    const actor = requirePermission(c, 'mail.manage');
    const body = await form(c);
    await db.transaction((tx) => retryMail(tx, actor, { id: c.req.param('id'), expectedVersion: body.version }));
    return c.redirect('/admin/postausgang?erneut=1', 303);
  });

  app.get('/konto/erinnerungen', async (c) => {
    noStore(c);
    const actor = requirePermission(c, 'reminder.manage');
    const user = await getUser(db, actor.userId);
    const s = await getReminderSettings(db, actor.userId);
    const notice = c.req.query('gespeichert') !== undefined ? 'Die Erinnerungen sind gespeichert.' : undefined;
    return renderPage(c, <ReminderSettingsPage csrf={csrfToken(c)} email={user.email} values={{ enabled: s.enabled, tage: s.offsetDays.join(', '), dailyDigest: s.dailyDigest, version: s.version }} errors={{}} {...(notice ? { notice } : {})} />);
  });

  app.post('/konto/erinnerungen', async (c) => {
    noStore(c);
    const actor = requirePermission(c, 'reminder.manage');
    const body = await form(c);
    const input = { expectedVersion: body.version, enabled: body.aktiv === '1', dailyDigest: body.tagesuebersicht === '1', tage: body.tage ?? '' };
    const parsed = ReminderSettingsSchema.safeParse(input);
    if (!parsed.success) {
      const user = await getUser(db, actor.userId);
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      if (errors.expectedVersion) throw new AppError('VALIDATION_FAILED', errors.expectedVersion);
      const version = Number.isSafeInteger(Number(body.version)) ? Number(body.version) : 0;
      return renderPage(c, <ReminderSettingsPage csrf={csrfToken(c)} email={user.email} values={{ enabled: input.enabled, tage: input.tage.slice(0, 60), dailyDigest: input.dailyDigest, version }} errors={errors} />, 422);
    }
    await db.transaction((tx) => updateReminderSettings(tx, actor, input));
    return c.redirect('/konto/erinnerungen?gespeichert=1', 303);
  });

  return app;
}
