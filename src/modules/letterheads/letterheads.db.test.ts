import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { createApp } from '../../app/app';
import { findAuditEvents } from '../../platform/audit/store';
import type { AppDatabase } from '../../platform/db/client';
import { isAppError } from '../../platform/errors';
import type { Actor } from '../access/policy';
import { TestClient } from '../access/testing/http-client';
import { generateTotpCode } from '../access/totp';
import { findLetterhead, findLetterheads, seedLetterheads, senderParts, updateLetterhead } from './service';

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let admin: Actor;
let adminClient: TestClient;
let hmsiClient: TestClient;

async function signedIn(role: 'admin' | 'hmsi'): Promise<{ client: TestClient; id: number }> {
  const user = await buildUser(database, role, { totp: true });
  const client = new TestClient(app);
  await client.post('/anmelden', { email: user.email, password: user.password });
  await client.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret!) });
  return { client, id: user.id };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  const a = await signedIn('admin');
  adminClient = a.client;
  admin = { userId: a.id, role: 'admin' };
  hmsiClient = (await signedIn('hmsi')).client;
});
afterAll(async () => {
  await database?.close();
});

/** The form as the edit page sends it, from the stored letterhead. */
async function formOf(key: 'hmsi' | 'rp-kassel') {
  const l = await findLetterhead(database.db, key);
  return {
    expectedVersion: String(l.version),
    authority: l.authority,
    unit: l.unit ?? '',
    shortName: l.shortName,
    addressLines: l.addressLines.join('\n'),
    contactName: l.contactName,
    phone: l.phone ?? '',
    email: l.email ?? '',
    web: l.web ?? '',
    referencePrefix: l.referencePrefix,
    signerName: l.signerName,
    signerRole: l.signerRole,
    signaturePrefix: l.signaturePrefix ?? '',
  };
}

async function failure(run: () => Promise<unknown>): Promise<{ code: string; issues: Record<string, string> }> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, issues: Object.fromEntries(error.issues.map((i) => [i.path, i.message])) };
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('letterheads: master data', () => {
  it('seeds the ministry and RP Kassel, Dezernat 57, from the domain notes with generic placeholders for people', async () => {
    const [hmsi, rp] = await findLetterheads(database.db);
    expect(hmsi).toMatchObject({ key: 'hmsi', authority: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales', addressLines: ['Sonnenberger Straße 2/2a', '65193 Wiesbaden'], contactName: 'nach Vereinbarung', phone: null, email: null, signerName: 'N. N.', version: 1 });
    expect(rp).toMatchObject({ key: 'rp-kassel', authority: 'Regierungspräsidium Kassel', unit: 'Dezernat 57 – Förderungen', addressLines: ['Am Alten Stadtschloss 1', '34117 Kassel'], referencePrefix: 'Dez. 57' });
    expect(senderParts(rp!, '2026/06439', '2.12.2026')).toMatchObject({
      returnAddress: 'RP Kassel · Am Alten Stadtschloss 1 · 34117 Kassel',
      infoBlock: [
        { label: 'Aktenzeichen', value: 'Dez. 57 – 2026/06439' },
        { label: 'Ansprechperson', value: 'nach Vereinbarung' },
        { label: 'Datum', value: '2.12.2026' },
      ],
      signature: { prefix: 'Im Auftrag', name: 'N. N.', role: 'Dezernatsleitung' },
    });
  });

  it('refuses bad input with German messages per field and saves nothing', async () => {
    const form = await formOf('hmsi');
    const bad = await failure(() =>
      database.db.transaction((tx) =>
        updateLetterhead(tx, admin, 'hmsi', { ...form, authority: ' ', addressLines: 'a\nb\nc\nd\ne', email: 'kein-at', phone: 'ruf an', web: 'https://x.de', referencePrefix: 'AQB#1', signaturePrefix: 'Gezeichnet' }),
      ),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.issues).toMatchObject({
      authority: 'Bitte geben Sie die Behörde an.',
      addressLines: 'Die Postanschrift hat eine bis vier Zeilen.',
      email: expect.stringContaining('gültige E-Mail-Adresse'),
      phone: expect.stringContaining('nur Ziffern'),
      web: expect.stringContaining('ohne „https://“'),
      referencePrefix: expect.stringContaining('Nur Buchstaben'),
      signaturePrefix: 'Bitte wählen Sie einen Zeichnungszusatz aus der Liste.',
    });
    expect((await findLetterhead(database.db, 'hmsi')).version).toBe(1);
  });

  it('saves an administrator\'s edit with optimistic lock and an audit event of the changed fields; others may not', async () => {
    const form = await formOf('hmsi');
    const saved = await database.db.transaction((tx) => updateLetterhead(tx, admin, 'hmsi', { ...form, phone: '0611 3219-0', email: 'aqb@soziales.hessen.example', signerName: 'Dr. Erika Beispiel', signerRole: 'Referatsleiterin' }));
    expect(saved).toMatchObject({ phone: '0611 3219-0', signerName: 'Dr. Erika Beispiel', version: 2, updatedBy: admin.userId });
    const [event] = await findAuditEvents(database.db, { recordType: 'letterhead', recordId: 'hmsi' });
    expect(event).toMatchObject({ action: 'letterhead.update', actorId: String(admin.userId) });
    expect(event!.before).toEqual({ phone: null, email: null, signerName: 'N. N.', signerRole: 'Referatsleitung', version: 1 });
    expect(event!.after).toEqual({ phone: '0611 3219-0', email: 'aqb@soziales.hessen.example', signerName: 'Dr. Erika Beispiel', signerRole: 'Referatsleiterin', version: 2 });
    // The form read at version 1 is stale now: nothing is overwritten.
    expect((await failure(() => database.db.transaction((tx) => updateLetterhead(tx, admin, 'hmsi', { ...form, signerName: 'Jemand' })))).code).toBe('CONFLICT');
    expect((await failure(() => database.db.transaction((tx) => updateLetterhead(tx, { userId: 1, role: 'hmsi' }, 'hmsi', form)))).code).toBe('FORBIDDEN');
    expect((await failure(() => database.db.transaction((tx) => updateLetterhead(tx, admin, 'nope' as 'hmsi', form)))).code).toBe('NOT_FOUND');
    // Seeding again keeps the edit.
    await database.db.transaction((tx) => seedLetterheads(tx));
    expect((await findLetterhead(database.db, 'hmsi')).signerName).toBe('Dr. Erika Beispiel');
  });
});

describe('letterheads: /admin/briefkoepfe', () => {
  it('lists both senders for administrators, with the placeholders still open; 403 for the ministry', async () => {
    const page = await adminClient.get('/admin/briefkoepfe');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Regierungspräsidium Kassel, Dezernat 57');
    expect(html).toContain('Noch nicht hinterlegt: Telefon, E-Mail, Ansprechperson, unterzeichnende Person.');
    expect(html).toContain('href="/admin/briefkoepfe/rp-kassel"');
    expect(html).toContain('href="/admin/briefkoepfe"');
    expect((await hmsiClient.get('/admin/briefkoepfe')).status).toBe(403);
    expect((await hmsiClient.post('/admin/briefkoepfe/rp-kassel', {})).status).toBe(403);
    expect((await adminClient.get('/admin/briefkoepfe/unbekannt')).status).toBe(404);
  });

  it('re-shows the form with the input and the message next to the field (422), saves a good one (303), refuses a stale one (409)', async () => {
    const form = await formOf('rp-kassel');
    const { expectedVersion, ...fields } = form;
    const page = await (await adminClient.get('/admin/briefkoepfe/rp-kassel')).text();
    expect(page).toContain(`name="version" value="${expectedVersion}"`);
    expect(page).toMatch(/<label class="kern-label" for="feld-email">E-Mail/);

    const bad = await adminClient.post('/admin/briefkoepfe/rp-kassel', { ...fields, version: expectedVersion, email: 'dezernat57(at)rp', contactName: 'Frau Muster' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="feld-email-fehler"');
    expect(badHtml).toContain('aria-describedby="feld-email-fehler"');
    expect(badHtml).toContain('value="dezernat57(at)rp"');
    expect(badHtml).toContain('value="Frau Muster"');
    expect((await findLetterhead(database.db, 'rp-kassel')).contactName).toBe('nach Vereinbarung');

    const ok = await adminClient.post('/admin/briefkoepfe/rp-kassel', { ...fields, version: expectedVersion, contactName: 'Frau Muster', email: 'dezernat57@rpks.hessen.example' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/briefkoepfe?gespeichert');
    expect(await (await adminClient.get('/admin/briefkoepfe?gespeichert')).text()).toContain('Der Briefkopf wurde gespeichert.');
    expect(await findLetterhead(database.db, 'rp-kassel')).toMatchObject({ contactName: 'Frau Muster', version: 2 });

    const stale = await adminClient.post('/admin/briefkoepfe/rp-kassel', { ...fields, version: expectedVersion, contactName: 'Herr Später' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('inzwischen von jemand anderem geändert');
    expect((await findLetterhead(database.db, 'rp-kassel')).contactName).toBe('Frau Muster');
    // Without the version field the page was not sent from here: a plain error, never a 500.
    expect((await adminClient.post('/admin/briefkoepfe/rp-kassel', { ...fields })).status).toBe(422);
  });
});
