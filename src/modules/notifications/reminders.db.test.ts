import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createApp } from '../../app/app';
import { runCli } from '../../app/cli/main';
import { buildAccounts, OTHER_AGS, OWN_AGS, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import type { AppDatabase } from '../../platform/db/client';
import { TestClient } from '../access/testing/http-client';
import { daysUntil, dueOffset, scheduleReminders } from './reminders';
import { outboxMails } from '../../platform/outbox/tables';
import { reminderLog } from './tables';
import { getReminderSettings, updateReminderSettings } from './use-cases/update-reminder-settings';

/**
 * Reminders from the calendar's own deadlines (the test database has the years 2024 and 2025 with
 * the seeded agreements; Limburg-Weilburg 2025 is published, RTK 2025 has none): once per
 * (account, deadline, offset), idempotent across runs and concurrent runs, a daily digest on request.
 */
const BASE = 'https://aqb.example.org';
let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
let app: ReturnType<typeof createApp>;
const client = (role: RoleKey) => new TestClient(app, 'http://localhost', { authorization: `Bearer ${accounts[role].token}` });
const email = (role: RoleKey) => `${role}-rem@test.example`.toLowerCase();
const mailsTo = (role: RoleKey) => database.db.select().from(outboxMails).where(eq(outboxMails.recipient, email(role))).orderBy(outboxMails.id);
const run = (today: string) => scheduleReminders(database, { today, baseUrl: BASE });

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database, '-rem');
  // HMSI: a digest three days ahead; RP: no reminders at all.
  await database.db.transaction((tx) => updateReminderSettings(tx, accounts.hmsi.actor, { expectedVersion: 0, enabled: true, dailyDigest: true, tage: '3' }));
  await database.db.transaction((tx) => updateReminderSettings(tx, accounts.rp.actor, { expectedVersion: 0, enabled: false, dailyDigest: false, tage: '7, 1' }));
});
afterAll(async () => {
  await database?.close();
});

describe('due offsets (pure)', () => {
  it('picks the smallest offset not below the days left (hand-checked)', () => {
    expect(daysUntil('2025-03-24', '2025-03-31')).toBe(7);
    expect(daysUntil('2024-02-28', '2024-03-01')).toBe(2);
    expect(dueOffset([7, 1], 8)).toBeNull();
    expect(dueOffset([7, 1], 7)).toBe(7);
    expect(dueOffset([7, 1], 5)).toBe(7);
    expect(dueOffset([7, 1], 1)).toBe(1);
    expect(dueOffset([7, 1], 0)).toBe(1);
    expect(dueOffset([7, 1], -1)).toBeNull();
  });

  it('never answers an offset below the days left or above the largest (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: -10, max: 80 }), (offsets, days) => {
        const o = dueOffset(offsets, days);
        if (o === null) return days < 0 || days > Math.max(...offsets);
        return offsets.includes(o) && o >= days && offsets.every((x) => x < days || x >= o);
      }),
    );
  });
});

describe('scheduleReminders', () => {
  it('sends the default 7-day reminder once, with the link, and catches nothing up twice', async () => {
    expect(await getReminderSettings(database.db, accounts.districtOwn.actor.userId)).toEqual({ enabled: true, offsetDays: [7, 1], dailyDigest: false, version: 0 });
    await run('2025-03-24');
    const [first, ...more] = await mailsTo('districtOwn');
    expect(more).toHaveLength(0);
    expect(first!.subject).toBe('Erinnerung: Antrag bei RP Kassel einreichen – Frist in 7 Tagen (31.3.2025)');
    expect(first!.bodyText).toContain('Guten Tag Test districtOwn,');
    expect(first!.bodyText).toContain('– Antrag bei RP Kassel einreichen, Rheingau-Taunus-Kreis: Frist in 7 Tagen (31.3.2025)');
    expect(first!.bodyText).toContain(`${BASE}/antraege/2025/${OWN_AGS}`);
    expect(first!.bodyText).toContain(`${BASE}/konto/erinnerungen`);
    expect(first!.dedupeKey).toBe(`erinnerung:${accounts.districtOwn.actor.userId}:antrag-2025-${OWN_AGS}:7`);
    expect(first!.status).toBe('wartend');
    const audited = (await database.db.execute(sql`select after from audit_events where action = 'reminder.enqueue' order by sequence`)) as unknown as { rows: { after: { today: string; mails: number } }[] };
    expect(audited.rows.map((r) => r.after.today)).toEqual(['2025-03-24']);
    // Same day again, and the days until the next offset: nothing new.
    expect((await run('2025-03-24')).mails).toBe(0);
    await run('2025-03-25');
    await run('2025-03-29');
    expect(await mailsTo('districtOwn')).toHaveLength(1);
    // One day before: the 1-day reminder, once.
    await run('2025-03-30');
    await run('2025-03-31');
    await run('2025-04-01');
    const all = await mailsTo('districtOwn');
    expect(all.map((m) => m.subject)).toEqual(['Erinnerung: Antrag bei RP Kassel einreichen – Frist in 7 Tagen (31.3.2025)', 'Erinnerung: Antrag bei RP Kassel einreichen – Frist morgen (31.3.2025)']);
    const log = await database.db.select().from(reminderLog).where(eq(reminderLog.userId, accounts.districtOwn.actor.userId));
    expect(log.map((l) => [l.entryId, l.offsetDays]).sort()).toEqual([
      [`antrag-2025-${OWN_AGS}`, 1],
      [`antrag-2025-${OWN_AGS}`, 7],
    ]);
  });

  it('reminds nobody of a step already done (published seeded year), the disabled and the administration', async () => {
    // Limburg-Weilburg 2025 is published: talks and Antrag are done.
    expect(await mailsTo('districtOther')).toHaveLength(0);
    expect(await mailsTo('rp')).toHaveLength(0);
    expect(await mailsTo('admin')).toHaveLength(0);
  });

  it('collects the day into one digest for HMSI and never repeats it', async () => {
    const digests = await mailsTo('hmsi');
    // Its offset is 3: the first run that day (24 March is 7 days before) found nothing; 29 March (2 days) did.
    expect(digests).toHaveLength(1);
    const digest = digests[0]!;
    expect(digest.kind).toBe('tagesuebersicht');
    expect(digest.subject).toMatch(/^AQB-Fristen: Tagesübersicht vom 29\.3\.2025 \(\d+ Fristen\)$/);
    expect(digest.bodyText).toContain(`– Antrag bei RP Kassel einreichen, Rheingau-Taunus-Kreis: Frist in 2 Tagen (31.3.2025)\n  ${BASE}/antraege/2025/${OWN_AGS}`);
    expect(digest.bodyText).not.toContain('Limburg-Weilburg: Frist');
    const lines = digest.bodyText.split('\n').filter((l) => l.startsWith('– ')).length;
    expect(digest.subject).toContain(`(${lines} Fristen)`);
    expect((await database.db.select().from(reminderLog).where(eq(reminderLog.userId, accounts.hmsi.actor.userId))).length).toBe(lines);
  });

  it('enqueues each reminder once when two runs race (advisory lock + log key)', async () => {
    await database.db.transaction((tx) => updateReminderSettings(tx, accounts.districtOwn.actor, { expectedVersion: 0, enabled: true, dailyDigest: false, tage: '20' }));
    const before = (await mailsTo('districtOwn')).length;
    const results = await Promise.all([run('2025-03-15'), run('2025-03-15'), run('2025-03-15')]);
    const after = await mailsTo('districtOwn');
    expect(after.length - before).toBe(1);
    expect(results.reduce((sum, r) => sum + r.mails, 0)).toBeGreaterThanOrEqual(1);
    const keyed = await database.db.select().from(outboxMails).where(and(like(outboxMails.dedupeKey, `erinnerung:${accounts.districtOwn.actor.userId}:%`), eq(outboxMails.subject, 'Erinnerung: Antrag bei RP Kassel einreichen – Frist in 16 Tagen (31.3.2025)')));
    expect(keyed).toHaveLength(1);
  });
});

describe('/konto/erinnerungen', () => {
  it('shows the settings, refuses bad days next to the field, saves (audited) and refuses a stale form', async () => {
    const page = await client('districtOther').get('/konto/erinnerungen');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('value="7, 1"');
    expect(html).toContain("districtother-rem@test.example");
    const bad = await client('districtOther').post('/konto/erinnerungen', { version: '0', aktiv: '1', tage: '0, 99' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Jeder Tag muss zwischen 1 und 60 liegen.');
    expect(badHtml).toContain('href="#feld-tage"');
    const ok = await client('districtOther').post('/konto/erinnerungen', { version: '0', aktiv: '1', tage: '14 2', tagesuebersicht: '1' });
    expect(ok.status).toBe(303);
    expect(await getReminderSettings(database.db, accounts.districtOther.actor.userId)).toEqual({ enabled: true, offsetDays: [14, 2], dailyDigest: true, version: 1 });
    const stale = await client('districtOther').post('/konto/erinnerungen', { version: '0', aktiv: '1', tage: '3' });
    expect(stale.status).toBe(409);
    const audit = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = 'reminder.settings.update' and actor_id = ${String(accounts.districtOther.actor.userId)}`)) as unknown as { rows: { n: number }[] };
    expect(audit.rows[0]!.n).toBe(1);
    expect((await client('admin').get('/konto/erinnerungen')).status).toBe(403);
  });
});

describe('aqb erinnerungen senden', () => {
  it('plans for the given day, says that nothing is sent without SMTP_URL, and refuses a non-date', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) };
    const runtime = async () => ({ database, close: async () => {} });
    expect(await runCli(['erinnerungen', 'senden', '--stichtag', '2025-02-30'], io, { DATABASE_URL: 'memory://' }, { runtime })).toBe(2);
    expect(out.join('')).toContain('--stichtag: „2025-02-30“ ist kein Datum (JJJJ-MM-TT).');
    out.length = 0;
    const waiting = (await database.db.select().from(outboxMails).where(eq(outboxMails.status, 'wartend'))).length;
    expect(await runCli(['erinnerungen', 'senden', '--stichtag', '2025-04-02'], io, { DATABASE_URL: 'memory://' }, { runtime })).toBe(0);
    expect(out.join('')).toBe(`Erinnerungen: 0 neu, 0 Mails in den Postausgang gestellt.\nKein SMTP_URL: nichts gesendet, ${waiting} Mails warten im Postausgang.\n`);
  });
});
