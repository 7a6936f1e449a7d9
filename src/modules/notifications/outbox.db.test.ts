import { sql } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/support/test-database';
import { buildAccounts } from '../../../tests/factories';
import type { AppDatabase } from '../../platform/db/client';
import { createSmtpTransport, type MailTransport } from '../../platform/mail';
import { renderMetrics } from '../../platform/metrics';
import { createApp } from '../../app/app';
import { TestClient } from '../access/testing/http-client';
import { backoffMs, enqueueMail, LEASE_MS, messageIdFor, processOutbox } from '../../platform/outbox/outbox';
import { outboxMails } from '../../platform/outbox/tables';
import { retryMail } from './use-cases/retry-mail';

/**
 * The outbox against a real SMTP server on loopback (smtp-server): mails arrive once with their
 * stable Message-ID; with the server down nothing is lost and the attempts back off; with the
 * server back each mail is delivered exactly once; two workers at once send every mail once.
 */
const FROM = 'AQB-Steuerung <aqb@land.example>';

interface Received {
  to: string[];
  messageId: string;
  subject: string;
  body: string;
}

/** A loopback SMTP server that records every message it accepts. */
async function startSmtp(port = 0): Promise<{ server: SMTPServer; port: number; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim() ?? '';
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), messageId: header('Message-ID'), subject: header('Subject'), body: raw.split(/\r?\n\r?\n/).slice(1).join('\n\n') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.server.address() as AddressInfo).port;
  return { server, port: actual, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let database: AppDatabase;
let adminId: number;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;

async function rows() {
  return database.db.select().from(outboxMails).orderBy(outboxMails.id);
}

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database, '-outbox');
  adminId = accounts.admin.actor.userId;
});
afterAll(async () => {
  await database?.close();
});
beforeEach(async () => {
  await database.db.execute(sql`delete from reminder_log`);
  await database.db.execute(sql`delete from outbox_mails`);
});

const mail = (n: number) => ({ to: `person${n}@kreis.example`, subject: `Erinnerung Nr. ${n}: Frist morgen`, text: `Guten Tag,\n\nFrist Nummer ${n} – Antrag bei RP Kassel einreichen.\n`, kind: 'erinnerung', dedupeKey: `test:${n}` });

describe('backoff', () => {
  it('doubles from one minute and stops at six hours (hand-checked)', () => {
    expect([1, 2, 3, 4, 8].map((n) => backoffMs(n))).toEqual([60_000, 120_000, 240_000, 480_000, 7_680_000]);
    expect(backoffMs(20)).toBe(6 * 60 * 60 * 1000);
  });
});

describe('outbox over SMTP', () => {
  it('enqueues idempotently by key and delivers each mail once with its stable Message-ID', async () => {
    const smtp = await startSmtp();
    const transport = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`);
    try {
      const ids = await database.db.transaction(async (tx) => [await enqueueMail(tx, mail(1)), await enqueueMail(tx, mail(2)), await enqueueMail(tx, mail(1))]);
      expect(ids[0]).toBeTypeOf('number');
      expect(ids[2]).toBeNull();
      expect(await processOutbox(database, transport, { from: FROM })).toEqual({ sent: 2, failed: 0 });
      expect(await processOutbox(database, transport, { from: FROM })).toEqual({ sent: 0, failed: 0 });
      expect(smtp.received).toHaveLength(2);
      expect(smtp.received.map((r) => r.to)).toEqual([['person1@kreis.example'], ['person2@kreis.example']]);
      expect(smtp.received[0]!.messageId).toBe(messageIdFor(ids[0]!, FROM));
      expect(smtp.received[0]!.messageId).toBe(`<aqb-outbox-${ids[0]}@land.example>`);
      expect(smtp.received[0]!.body).toContain('Antrag bei RP Kassel einreichen');
      expect((await rows()).map((r) => [r.status, r.attempts, r.lastError])).toEqual([
        ['gesendet', 1, null],
        ['gesendet', 1, null],
      ]);
    } finally {
      transport.close();
      await smtp.stop();
    }
  });

  it('loses nothing while the server is down, backs off, and delivers exactly once when it is back', async () => {
    // A port nobody listens on: take one from a server and close it again.
    const probe = await startSmtp();
    const port = probe.port;
    await probe.stop();
    const down = createSmtpTransport(`smtp://127.0.0.1:${port}`, { timeoutMs: 2000 });
    await database.db.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await enqueueMail(tx, mail(n));
    });
    const t0 = Math.floor(Date.now() / 1000) * 1000 + 5000;
    const at = (ms: number) => () => new Date(t0 + ms);
    // The rows were created "now"; the fake clock is later, so they are due.
    expect(await processOutbox(database, down, { from: FROM, now: at(0) })).toEqual({ sent: 0, failed: 3 });
    let state = await rows();
    expect(state.map((r) => [r.status, r.attempts])).toEqual([
      ['wartend', 1],
      ['wartend', 1],
      ['wartend', 1],
    ]);
    expect(state.every((r) => r.nextAttemptAt.getTime() === t0 + 60_000)).toBe(true);
    expect(state[0]!.lastError).toMatch(/ECONNREFUSED|connect/i);
    // Before the backoff has passed nothing is tried.
    expect(await processOutbox(database, down, { from: FROM, now: at(59_000) })).toEqual({ sent: 0, failed: 0 });
    // Second failure: twice the wait.
    expect(await processOutbox(database, down, { from: FROM, now: at(60_000) })).toEqual({ sent: 0, failed: 3 });
    state = await rows();
    expect(state.every((r) => r.attempts === 2 && r.nextAttemptAt.getTime() === t0 + 60_000 + 120_000)).toBe(true);
    expect(renderMetrics()).toMatch(/aqb_mail_outbox_pending 3/);
    down.close();

    // The server is back (same address).
    const smtp = await startSmtp(port);
    const up = createSmtpTransport(`smtp://127.0.0.1:${port}`);
    try {
      expect(await processOutbox(database, up, { from: FROM, now: at(100_000) })).toEqual({ sent: 0, failed: 0 });
      expect(await processOutbox(database, up, { from: FROM, now: at(180_000) })).toEqual({ sent: 3, failed: 0 });
      expect(await processOutbox(database, up, { from: FROM, now: at(10_000_000) })).toEqual({ sent: 0, failed: 0 });
      expect(smtp.received.map((r) => r.subject).sort()).toEqual(['Erinnerung Nr. 1: Frist morgen', 'Erinnerung Nr. 2: Frist morgen', 'Erinnerung Nr. 3: Frist morgen']);
      expect(new Set(smtp.received.map((r) => r.messageId)).size).toBe(3);
      expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
        ['gesendet', 3],
        ['gesendet', 3],
        ['gesendet', 3],
      ]);
      expect(renderMetrics()).toMatch(/aqb_mail_outbox_pending 0/);
    } finally {
      up.close();
      await smtp.stop();
    }
  });

  it('gives up after the last attempt; "erneut senden" (audited) puts it back with the same Message-ID', async () => {
    const failing: MailTransport = { send: () => Promise.reject(new Error('550 Postfach voll')), close: () => {} };
    const [id] = await database.db.transaction(async (tx) => [await enqueueMail(tx, mail(9))]);
    const t0 = Date.now() + 1000;
    expect(await processOutbox(database, failing, { from: FROM, maxAttempts: 2, now: () => new Date(t0) })).toEqual({ sent: 0, failed: 1 });
    expect(await processOutbox(database, failing, { from: FROM, maxAttempts: 2, now: () => new Date(t0 + 60_000) })).toEqual({ sent: 0, failed: 1 });
    let [row] = await rows();
    expect([row!.status, row!.attempts, row!.lastError]).toEqual(['fehlgeschlagen', 2, '550 Postfach voll']);
    expect(renderMetrics()).toMatch(/aqb_mail_outbox_failed 1/);
    expect(renderMetrics()).toMatch(/aqb_mail_send_failures_total \d+/);
    // Nothing more is tried for a failed mail.
    expect(await processOutbox(database, failing, { from: FROM, now: () => new Date(t0 + 1e9) })).toEqual({ sent: 0, failed: 0 });

    const admin = { userId: adminId, role: 'admin' as const };
    await expect(database.db.transaction((tx) => retryMail(tx, admin, { id, expectedVersion: row!.version - 1 }))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(database.db.transaction((tx) => retryMail(tx, { userId: adminId, role: 'hmsi' }, { id, expectedVersion: row!.version }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await database.db.transaction((tx) => retryMail(tx, admin, { id, expectedVersion: row!.version }));
    [row] = await rows();
    expect([row!.status, row!.attempts]).toEqual(['wartend', 0]);
    const audit = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = 'mail.retry' and record_id = ${String(id)}`)) as unknown as { rows: { n: number }[] };
    expect(audit.rows[0]!.n).toBe(1);
    await expect(database.db.transaction((tx) => retryMail(tx, admin, { id, expectedVersion: row!.version }))).rejects.toMatchObject({ code: 'CONFLICT' });

    const smtp = await startSmtp();
    const up = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`);
    try {
      expect(await processOutbox(database, up, { from: FROM, now: () => new Date(Date.now() + 1000) })).toEqual({ sent: 1, failed: 0 });
      expect(smtp.received.map((r) => r.messageId)).toEqual([messageIdFor(id!, FROM)]);
    } finally {
      up.close();
      await smtp.stop();
    }
  });

  it('two workers at once send every mail exactly once (FOR UPDATE SKIP LOCKED)', async () => {
    await database.db.transaction(async (tx) => {
      for (let n = 1; n <= 12; n++) await enqueueMail(tx, mail(n));
    });
    const smtp = await startSmtp();
    const a = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`);
    const b = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`);
    try {
      const now = () => new Date(Date.now() + 1000);
      const [ra, rb] = await Promise.all([processOutbox(database, a, { from: FROM, now }), processOutbox(database, b, { from: FROM, now })]);
      expect(ra.sent + rb.sent).toBe(12);
      expect(ra.failed + rb.failed).toBe(0);
      expect(smtp.received).toHaveLength(12);
      expect(new Set(smtp.received.map((r) => r.messageId)).size).toBe(12);
      expect((await rows()).every((r) => r.status === 'gesendet' && r.attempts === 1)).toBe(true);
    } finally {
      a.close();
      b.close();
      await smtp.stop();
    }
  });
});

describe('a worker that died while sending', () => {
  it('leaves the mail reserved for the lease, then it is sent again with the same Message-ID', async () => {
    const [id] = await database.db.transaction(async (tx) => [await enqueueMail(tx, mail(5))]);
    const t0 = Math.floor(Date.now() / 1000) * 1000 + 5000;
    // What taking the row does, without the rest (the process "died" after the SMTP server accepted).
    await database.db.update(outboxMails).set({ attempts: 1, nextAttemptAt: new Date(t0 + LEASE_MS) }).where(sql`id = ${id}`);
    const smtp = await startSmtp();
    const up = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`);
    try {
      expect(await processOutbox(database, up, { from: FROM, now: () => new Date(t0 + LEASE_MS - 1) })).toEqual({ sent: 0, failed: 0 });
      expect(await processOutbox(database, up, { from: FROM, now: () => new Date(t0 + LEASE_MS) })).toEqual({ sent: 1, failed: 0 });
      expect(smtp.received.map((r) => r.messageId)).toEqual([messageIdFor(id!, FROM)]);
      expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([['gesendet', 2]]);
    } finally {
      up.close();
      await smtp.stop();
    }
  });
});

describe('/admin/postausgang', () => {
  it('lists mails with state, attempts and last error for administrators, filters and pages, and asks before "erneut senden"', async () => {
    const app = createApp({ database });
    const admin = new TestClient(app, 'http://localhost', { authorization: `Bearer ${accounts.admin.token}` });
    const [a, b] = await database.db.transaction(async (tx) => [await enqueueMail(tx, mail(1)), await enqueueMail(tx, mail(2))]);
    await database.db.update(outboxMails).set({ status: 'fehlgeschlagen', attempts: 8, lastError: '421 Dienst nicht verfügbar' }).where(sql`id = ${b}`);
    const page = await admin.get('/admin/postausgang');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Kein Mailserver eingerichtet');
    expect(html).toContain('Wartend: 1 · Gesendet: 0 · Fehlgeschlagen: 1');
    expect(html).toContain('421 Dienst nicht verfügbar');
    expect(html).toContain(`/admin/postausgang/${b}/erneut-senden`);
    expect(html).not.toContain(`/admin/postausgang/${a}/erneut-senden`);
    const failedOnly = await (await admin.get('/admin/postausgang?status=fehlgeschlagen')).text();
    expect(failedOnly).toContain('Erinnerung Nr. 2');
    expect(failedOnly).not.toContain('Erinnerung Nr. 1');
    const bad = await admin.get('/admin/postausgang?status=unsinn');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Bitte einen Status aus der Liste wählen.');
    expect((await admin.get(`/admin/postausgang/${a}/erneut-senden`)).status).toBe(409);
    const ask = await admin.get(`/admin/postausgang/${b}/erneut-senden`);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain(`Mail ${b} erneut senden?`);
    const [row] = await database.db.select().from(outboxMails).where(sql`id = ${b}`);
    const done = await admin.post(`/admin/postausgang/${b}/erneut-senden`, { version: String(row!.version) });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/admin/postausgang?erneut=1');
    const [after] = await database.db.select().from(outboxMails).where(sql`id = ${b}`);
    expect([after!.status, after!.attempts]).toEqual(['wartend', 0]);
    const hmsi = new TestClient(app, 'http://localhost', { authorization: `Bearer ${accounts.hmsi.token}` });
    expect((await hmsi.get('/admin/postausgang')).status).toBe(403);
  });
});
