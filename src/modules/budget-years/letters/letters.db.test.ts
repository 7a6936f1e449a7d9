import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../../../tests/factories';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { createApp } from '../../../app/app';
import { findAuditEvents } from '../../../platform/audit/store';
import type { AppDatabase } from '../../../platform/db/client';
import { TestClient } from '../../access/testing/http-client';
import { generateTotpCode } from '../../access/totp';
import { loadShippedDistricts } from '../../districts/service';
import { findLetterhead, updateLetterhead } from '../../letterheads/service';
import { letterheads } from '../../letterheads/tables';
import { createBudgetYear, findAllocationCents, findChangeLetters, findRevisions, fixScenario, reviseAllocation, saveScenario } from '../service';
import { announcementChangeLetters, announcementLetters } from '../tables';

const YEAR = 2031;
const RTK = '06439';
const DADI = '06432';
const dir = mkdtempSync(join(tmpdir(), 'aqb-letters-db-'));

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let hmsi: TestClient;
let hmsiId: number;
let rtk: TestClient;
let scenarioId: number;

async function signIn(role: 'hmsi' | 'admin' | 'district', ags?: string) {
  const user = await buildUser(database, role, { totp: role !== 'district', ...(ags ? { ags } : {}) });
  const client = new TestClient(app);
  await client.post('/anmelden', { email: user.email, password: user.password });
  if (user.totpSecret) await client.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret) });
  return { client, id: user.id };
}

/** The text of a PDF answer, whitespace and soft hyphens folded. */
async function pdfText(response: Response, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\u00ad\s*/g, '').replace(/-\n/g, '-').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  ({ client: hmsi, id: hmsiId } = await signIn('hmsi'));
  rtk = (await signIn('district', RTK)).client;
  await database.db.transaction((tx) => createBudgetYear(tx, { year: YEAR, actor: hmsiId, landesbudgetCents: 26 * 1_000_000_00 }));
  const allocations = loadShippedDistricts().map((d) => ({ ags: d.ags, amountCents: 1_000_000_00 }));
  scenarioId = await database.db.transaction((tx) => saveScenario(tx, { year: YEAR, name: 'Gleich verteilt', method: 'manuell', budgetCents: 26 * 1_000_000_00, allocations, actor: hmsiId }));
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const countLetters = async () => Number((await database.db.select({ n: count() }).from(announcementLetters).where(eq(announcementLetters.year, YEAR)))[0]!.n);

describe('preview of one letter before the year is fixed', () => {
  it('shows the district choice, then the letter marked "Entwurf – Vorschau", and stores nothing', async () => {
    const empty = await hmsi.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau`);
    expect(empty.status).toBe(200);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('<h1 class="kern-heading-large">Vorschau der Mittelankündigung 2031</h1>');
    expect(emptyHtml).toContain('Rheingau-Taunus-Kreis (1.000.000,00 €)');

    const page = await hmsi.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau?ags=${RTK}&datum=2030-12-19`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<p class="official-letter__mark">Entwurf – Vorschau</p>');
    expect(html).toContain('Ausbildungs- und Qualifizierungsbudget (AQB) 2031 – Mittelankündigung für den Rheingau-Taunus-Kreis');
    expect(html).toContain('wird dem Rheingau-Taunus-Kreis für das Förderjahr 2031 ein Betrag von 1.000.000,00 € in Aussicht gestellt.');
    expect(html).toContain('<dt>Aktenzeichen</dt><dd>AQB – 2031/06439</dd>');
    expect(html).toContain('<dt>Datum</dt><dd>19.12.2030</dd>');
    expect(html).toContain(`href="/jahre/${YEAR}/szenarien/${scenarioId}/vorschau/${RTK}/pdf?datum=2030-12-19"`);

    const pdf = await hmsi.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau/${RTK}/pdf?datum=2030-12-19`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toBe('inline; filename="vorschau-mittelankuendigung-2031-06439.pdf"');
    const text = await pdfText(pdf, 'preview');
    expect(text).toContain('Entwurf – Vorschau');
    expect(text).toContain('Mittelankündigung für den Rheingau-Taunus-Kreis');
    const docx = await hmsi.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau/${RTK}/docx`);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    expect(await countLetters()).toBe(0);
  });

  it('answers a district not in the scenario or an impossible date next to the field (422), and keeps districts out', async () => {
    const unknown = await hmsi.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau?ags=06999`);
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('Bitte wählen Sie eine Gebietskörperschaft aus dem Szenario.');
    const badDate = await hmsi.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau?ags=${RTK}&datum=2030-02-30`);
    expect(badDate.status).toBe(422);
    expect(await badDate.text()).toContain('id="feld-datum-fehler"');
    expect((await hmsi.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau/06999/pdf`)).status).toBe(404);
    expect((await hmsi.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau/${RTK}/txt`)).status).toBe(404);
    expect((await hmsi.get(`/jahre/${YEAR}/szenarien/999999/vorschau`)).status).toBe(404);
    expect((await rtk.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau?ags=${RTK}`)).status).toBe(403);
  });
});

describe('fixed letters and change letters', () => {
  it('freezes the letterhead as it stands when the year is fixed; no preview afterwards', async () => {
    const admin = await buildUser(database, 'admin');
    const hmsiLetterhead = await findLetterhead(database.db, 'hmsi');
    await database.db.transaction((tx) =>
      updateLetterhead(tx, { userId: admin.id, role: 'admin' }, 'hmsi', {
        expectedVersion: String(hmsiLetterhead.version),
        ...{ authority: hmsiLetterhead.authority, unit: hmsiLetterhead.unit ?? '', shortName: hmsiLetterhead.shortName, addressLines: hmsiLetterhead.addressLines.join('\n'), web: hmsiLetterhead.web ?? '', referencePrefix: hmsiLetterhead.referencePrefix, signerRole: 'Referatsleiterin', signaturePrefix: 'Im Auftrag' },
        contactName: 'Frau Beispiel',
        phone: '0611 3219-0',
        email: 'aqb@ministerium.example',
        signerName: 'Dr. Erika Beispiel',
      }),
    );
    await fixScenario(database, { year: YEAR, scenarioId, announcedOn: '2030-12-19', actor: hmsiId });
    const text = await pdfText(await rtk.get(`/mittelankuendigungen/${YEAR}/${RTK}/pdf`), 'fixed');
    for (const part of ['Ansprechperson Frau Beispiel', 'Telefon 0611 3219-0', 'E-Mail aqb@ministerium.example', 'Datum 19.12.2030', 'Im Auftrag Dr. Erika Beispiel Referatsleiterin']) expect(text).toContain(part);
    expect(text).not.toContain('Entwurf');
    const after = await hmsi.get(`/jahre/${YEAR}/szenarien/${scenarioId}/vorschau`);
    expect(after.status).toBe(409);
    expect(await after.text()).toContain('ist festgelegt');
  });

  it('writes the change letter in the revision\'s transaction: old and new amount, reason; the district downloads its own only', async () => {
    const revision = await database.db.transaction((tx) =>
      reviseAllocation(tx, { year: YEAR, ags: RTK, toCents: 900_000_00, reason: 'Kürzung nach Haushaltssperre des Landes.', decidedOn: '2031-05-04', letterDate: '2031-05-06', actor: hmsiId }),
    );
    expect(revision.changeLetter).toMatchObject({ number: 1, fromCents: 1_000_000_00, toCents: 900_000_00, letterDate: '2031-05-06' });
    const [event] = (await findAuditEvents(database.db, { recordType: 'allocation', recordId: String(((await database.db.execute(sql`select id from allocations where year = ${YEAR} and ags = ${RTK}`)) as unknown as { rows: { id: number }[] }).rows[0]!.id) })).filter((e) => e.action === 'allocation.revise');
    expect((event!.after as { changeLetter: unknown }).changeLetter).toEqual({ number: 1, letterDate: '2031-05-06' });

    const own = await rtk.get(`/mittelankuendigungen/${YEAR}/${RTK}/aenderungen/1/pdf`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-disposition')).toBe('attachment; filename="aenderung-mittelankuendigung-2031-06439-1.pdf"');
    const text = await pdfText(own, 'change');
    for (const part of [
      'Änderung der Mittelankündigung für den Rheingau-Taunus-Kreis',
      'Aktenzeichen AQB – 2031/06439-1',
      'Datum 6.5.2031',
      'mit Schreiben vom 19.12.2030 wurde dem Rheingau-Taunus-Kreis',
      'Mit Entscheidung vom 4.5.2031 wird dieser Betrag um 100.000,00 € gekürzt.',
      'Bisher in Aussicht gestellt 1.000.000,00 €',
      'Neu in Aussicht gestellt 900.000,00 €',
      'Begründung Kürzung nach Haushaltssperre des Landes.',
      'Dr. Erika Beispiel',
    ]) expect(text).toContain(part);
    expect((await rtk.get(`/mittelankuendigungen/${YEAR}/${RTK}/aenderungen/1/docx`)).status).toBe(200);
    expect((await rtk.get(`/mittelankuendigungen/${YEAR}/${RTK}/aenderungen/2/pdf`)).status).toBe(404);
    expect((await rtk.get(`/mittelankuendigungen/${YEAR}/${RTK}/aenderungen/x/pdf`)).status).toBe(404);

    // Another district's change letter answers 404, as if it did not exist; anonymous visitors sign in first.
    await database.db.transaction((tx) => reviseAllocation(tx, { year: YEAR, ags: DADI, toCents: 950_000_00, reason: 'Rückgabe', decidedOn: '2031-05-04', actor: hmsiId }));
    expect((await hmsi.get(`/mittelankuendigungen/${YEAR}/${DADI}/aenderungen/1/pdf`)).status).toBe(200);
    expect((await rtk.get(`/mittelankuendigungen/${YEAR}/${DADI}/aenderungen/1/pdf`)).status).toBe(404);
    expect((await new TestClient(app).get(`/mittelankuendigungen/${YEAR}/${RTK}/aenderungen/1/pdf`)).status).toBe(303);

    // The second change of one district is Nr. 2; the year page links every change letter.
    await database.db.transaction((tx) => reviseAllocation(tx, { year: YEAR, ags: RTK, toCents: 920_000_00, reason: 'Teilweise Aufhebung', decidedOn: '2031-07-01', actor: hmsiId }));
    expect((await findChangeLetters(database.db, YEAR, RTK)).map((l) => [l.number, l.fromCents, l.toCents])).toEqual([
      [1, 1_000_000_00, 900_000_00],
      [2, 900_000_00, 920_000_00],
    ]);
    expect(await pdfText(await rtk.get(`/mittelankuendigungen/${YEAR}/${RTK}/aenderungen/2/pdf`), 'second')).toContain('um 20.000,00 € aufgestockt');
    const yearPage = await (await hmsi.get(`/jahre/${YEAR}`)).text();
    expect(yearPage).toContain(`href="/mittelankuendigungen/${YEAR}/${RTK}/aenderungen/2/pdf"`);
    expect(yearPage).toContain(`href="/mittelankuendigungen/${YEAR}/${DADI}/aenderungen/1/docx"`);
  });

  it('saves neither revision nor allocation change when the letter cannot be written (same transaction)', async () => {
    const before = { revisions: (await findRevisions(database.db, YEAR, RTK)).length, amount: await findAllocationCents(database.db, RTK, YEAR), letters: (await findChangeLetters(database.db, YEAR)).length };
    // Without the ministry's letterhead the letter cannot be built: the whole revision is rolled back.
    await expect(
      database.db.transaction(async (tx) => {
        await tx.delete(letterheads).where(eq(letterheads.key, 'hmsi'));
        await reviseAllocation(tx, { year: YEAR, ags: RTK, toCents: 800_000_00, reason: 'Kürzung', decidedOn: '2031-08-01', actor: hmsiId });
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await findRevisions(database.db, YEAR, RTK)).length).toBe(before.revisions);
    expect(await findAllocationCents(database.db, RTK, YEAR)).toBe(before.amount);
    expect((await findChangeLetters(database.db, YEAR)).length).toBe(before.letters);
    expect(await findLetterhead(database.db, 'hmsi')).toMatchObject({ signerName: 'Dr. Erika Beispiel' });
    expect(Number((await database.db.select({ n: count() }).from(announcementChangeLetters)).at(0)!.n)).toBe(before.letters);
  });
});
