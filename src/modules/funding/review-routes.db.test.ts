import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { TestClient } from '../access/testing/http-client';
import { getProject, saveProject } from '../projects/service';
import { buildAccounts, OTHER_AGS, OWN_AGS, setAllocation, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { getAntragState } from './antrag-record';
import { findApprovals } from './approvals';
import { findAllocationShortfalls, getBescheid } from './bescheid';
import { uploadStrategy } from './strategies';

/**
 * RP Kassel from the Eingang to the Bescheid through HTTP: the Prüfung checklist, a Nachforderung
 * (confirmation, frozen letter, projects unlocked for the district, its answer), the resumed
 * Prüfung (projects locked again), the Zuwendungsbescheid draft (checks: approved ≤ requested,
 * reason of a Teilablehnung, the sum of the Bescheide within the allocation), its issue after a
 * confirmation page (frozen PDF/UA and DOCX, Antrag beschieden), an Änderungsbescheid, district
 * isolation and the allocation shortfall for the ministry.
 */

const YEAR = 2025;
const PAGE = `/antraege/${YEAR}/${OWN_AGS}`;
const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const dir = mkdtempSync(join(tmpdir(), 'rp-bescheid-'));
const client = (role: RoleKey) => new TestClient(app, 'http://localhost', { authorization: `Bearer ${accounts[role].token}` });
const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
const german = (iso: string) => iso.split('-').reverse().map(Number).join('.');
const flat = (text: string) => text.replace(/\s+/g, ' ');
const version = async () => String((await getAntragState(database.db, YEAR, OWN_AGS)).version);

async function events(action: string): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = ${action}`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

function project(key: string, title: string, aqbCents: number) {
  return {
    key,
    title,
    measureType: 1 as const,
    provider: { name: 'Beispiel Bildungswerk gGmbH', address: 'Musterstraße 1, 65307 Bad Schwalbach' },
    start: `${YEAR}-01-01`,
    end: `${YEAR}-12-31`,
    expenses: [{ category: 'personal' as const, label: 'Sozialpädagogische Begleitung', amountCents: aqbCents + 10_000_00 }],
    funding: [
      { source: 'aqb' as const, amountCents: aqbCents },
      { source: 'eigenmittel' as const, amountCents: 10_000_00 },
    ],
  };
}

function pdfText(bytes: Uint8Array, name: string): { info: string; text: string } {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }), text: flat(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\u00ad\s*/g, '')) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 100_000_00);
  const actor = accounts.districtOwn.actor;
  await database.db.transaction(async (tx) => {
    await saveProject(tx, actor, { year: YEAR, ags: OWN_AGS }, project('P1', 'Projekt „Zukunft“', 60_000_00));
    await saveProject(tx, actor, { year: YEAR, ags: OWN_AGS }, project('P2', 'Werkstatt Ausbildung', 30_000_00));
    await uploadStrategy(tx, actor, OWN_AGS, { title: 'Regionale Strategie 2025–2027', validFrom: '2025-01-01', validTo: '2027-12-31', file: { name: 'strategie.pdf', bytes: PDF } });
  });
  expect((await client('districtOwn').post(`${PAGE}/einreichen`, { version: '0' })).status).toBe(303);
  expect((await client('rp').post(`${PAGE}/eingang`, { version: '1', aktenzeichen: `RPKS-57-AQB-${YEAR}-${OWN_AGS}`, eingang: german(today) })).status).toBe(303);
}, 60_000);
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Prüfung and Nachforderung', () => {
  it('locks the submitted projects for the district', async () => {
    const p1 = await getProject(database.db, YEAR, OWN_AGS, 'P1');
    await expect(database.db.transaction((tx) => saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, key: 'P1', expectedVersion: p1.version }, project('P1', 'Geändert', 60_000_00)))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('geprüft'),
    });
  });

  it('renders the Antrag as tagged PDF and DOCX in form layout', async () => {
    const pdf = await client('rp').get(`${PAGE}/antrag.pdf`);
    expect(pdf.status).toBe(200);
    const { info, text } = pdfText(new Uint8Array(await pdf.arrayBuffer()), 'antrag.pdf');
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Antrag AQB 2025 – Rheingau-Taunus-Kreis/);
    for (const part of ['1. Antragsteller', `RPKS-57-AQB-${YEAR}-${OWN_AGS}`, 'Projekte des Antrags 2025', 'Finanzierungsplan P1', 'Sozialpädagogische Begleitung', 'Beantragte AQB-Zuwendung', '90.000,00 €', 'Unterschrift']) expect(text).toContain(part);
    const docx = await client('districtOwn').get(`${PAGE}/antrag.docx`);
    expect(flat((await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value)).toContain('Finanzierungsplan P2 – Werkstatt Ausbildung');
    expect((await client('districtOther').get(`${PAGE}/antrag.pdf`)).status).toBe(404);
  });

  it('shows the checklist with the strategy prefilled and saves it with lock and audit', async () => {
    const html = await (await client('rp').get(PAGE)).text();
    expect(html).toContain('Prüfung durch das Regierungspräsidium');
    expect(html).toContain('„Regionale Strategie 2025–2027“, gültig vom 1.1.2025');
    expect(html).toContain('name="erledigt_strategie" value="1" checked');
    const before = await events('antrag.examine');
    const v = await version();
    const fields = { version: v, erledigt_vollstaendigkeit: '1', notiz_vollstaendigkeit: 'Vollständig', notiz_foerderfaehigkeit: 'Honorare prüfen', erledigt_strategie: '1', notiz_strategie: 'liegt vor' };
    expect((await client('rp').post(`${PAGE}/pruefung`, fields)).status).toBe(303);
    const state = await getAntragState(database.db, YEAR, OWN_AGS);
    expect(state.checklist?.map((i) => [i.key, i.checked])).toEqual([
      ['vollstaendigkeit', true],
      ['foerderfaehigkeit', false],
      ['besserstellungsverbot', false],
      ['strategie', true],
      ['zielvereinbarung', false],
    ]);
    expect(state.checklist?.[1]?.note).toBe('Honorare prüfen');
    expect(await events('antrag.examine')).toBe(before + 1);
    // A stale page changes nothing.
    expect((await client('rp').post(`${PAGE}/pruefung`, { ...fields, version: v })).status).toBe(409);
    // The district reads the checklist, cannot save it.
    expect(await (await client('districtOwn').get(PAGE)).text()).toContain('Honorare prüfen');
    expect((await client('districtOwn').post(`${PAGE}/pruefung`, { ...fields, version: String(state.version) })).status).toBe(403);
  });

  it('sends a Nachforderung after a confirmation, freezes the letter and unlocks the projects', async () => {
    const v = await version();
    const missing = await client('rp').post(`${PAGE}/nachforderung`, { version: v, fehlend: '', frist: '1.1.2020' });
    expect(missing.status).toBe(422);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain('Bitte beschreiben Sie, welche Unterlagen');
    expect(missingHtml).toContain('Die Frist muss nach dem heutigen Tag liegen.');
    const deadline = `${Number(today.slice(0, 4)) + 1}-01-31`;
    const confirm = await client('rp').post(`${PAGE}/nachforderung`, { version: v, fehlend: 'Kostenaufstellung der Honorare für P2', frist: german(deadline) });
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Nachforderung senden?');
    expect(confirmHtml).toContain('name="bestaetigt" value="1"');
    expect((await getAntragState(database.db, YEAR, OWN_AGS)).status).toBe('in_pruefung');
    const sent = await client('rp').post(`${PAGE}/nachforderung`, { version: v, fehlend: 'Kostenaufstellung der Honorare für P2', frist: german(deadline), bestaetigt: '1' });
    expect(sent.status).toBe(303);
    expect((await getAntragState(database.db, YEAR, OWN_AGS)).status).toBe('nachforderung');
    const letter = await client('districtOwn').get(`${PAGE}/nachforderungen/1/brief.pdf`);
    expect(letter.status).toBe(200);
    const { info, text } = pdfText(new Uint8Array(await letter.arrayBuffer()), 'nachforderung.pdf');
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(text).toContain('Kostenaufstellung der Honorare für P2');
    expect(text).toContain(`bis zum ${german(deadline)}`);
    expect(text).toContain(`RPKS-57-AQB-${YEAR}-${OWN_AGS}`);
    const docx = await client('districtOwn').get(`${PAGE}/nachforderungen/1/brief.docx`);
    expect(flat((await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value)).toContain('Kostenaufstellung der Honorare für P2');
    // The other district sees nothing of it.
    expect((await client('districtOther').get(`${PAGE}/nachforderungen/1/brief.pdf`)).status).toBe(404);
    expect((await client('districtOther').get(PAGE)).status).toBe(404);
    // Now the district may fix its project.
    const p2 = await getProject(database.db, YEAR, OWN_AGS, 'P2');
    await database.db.transaction((tx) => saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, key: 'P2', expectedVersion: p2.version }, project('P2', 'Werkstatt Ausbildung (ergänzt)', 30_000_00)));
  });

  it('lets the district answer and RP resume; the projects are locked again with the new content', async () => {
    expect((await client('districtOwn').post(`${PAGE}/nachforderung/antwort`, { version: await version(), antwort: '' })).status).toBe(422);
    expect((await client('districtOwn').post(`${PAGE}/nachforderung/antwort`, { version: await version(), antwort: 'Die Aufstellung ist im Projekt P2 ergänzt.' })).status).toBe(303);
    expect(await (await client('rp').get(PAGE)).text()).toContain('Die Aufstellung ist im Projekt P2 ergänzt.');
    expect((await client('districtOwn').post(`${PAGE}/fortsetzen`, { version: await version() })).status).toBe(403);
    expect((await client('rp').post(`${PAGE}/fortsetzen`, { version: await version() })).status).toBe(303);
    const state = await getAntragState(database.db, YEAR, OWN_AGS);
    expect(state.status).toBe('in_pruefung');
    expect(state.submittedContent?.projects.map((p) => p.title)).toEqual(['Projekt „Zukunft“', 'Werkstatt Ausbildung (ergänzt)']);
    const p2 = await getProject(database.db, YEAR, OWN_AGS, 'P2');
    await expect(database.db.transaction((tx) => saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, key: 'P2', expectedVersion: p2.version }, project('P2', 'Noch einmal', 30_000_00)))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

function draftForm(b: Awaited<ReturnType<typeof getBescheid>>, lines: Array<{ approved: string; reason?: string; requested?: string }>, extra: Record<string, string> = {}) {
  const fields: Record<string, string> = {
    version: String(b.version),
    beginn: german(b.periodFrom),
    ende: german(b.periodTo),
    nachweis: german(b.proofDueOn),
    zweck: b.purpose,
    nebenbestimmungen: b.conditions,
    rechtsbehelf: b.legalRemedy,
    anlass: b.reason,
    ...extra,
  };
  b.lines.forEach((l, i) => {
    fields[`projekt_${i}`] = String(l.projectId);
    fields[`bewilligt_${i}`] = lines[i]!.approved;
    fields[`art_${i}`] = l.financingType;
    fields[`begruendung_${i}`] = lines[i]!.reason ?? '';
    if (lines[i]!.requested) fields[`beantragt_${i}`] = lines[i]!.requested!;
  });
  return fields;
}

describe('Zuwendungsbescheid', () => {
  it('creates a draft with the defaults from the Antrag', async () => {
    expect((await client('districtOwn').post(`${PAGE}/bescheide`, { version: await version() })).status).toBe(403);
    const created = await client('rp').post(`${PAGE}/bescheide`, { version: await version() });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe(`${PAGE}/bescheide/1?angelegt=1`);
    const b = await getBescheid(database.db, YEAR, OWN_AGS, 1);
    expect(b).toMatchObject({ status: 'entwurf', kind: 'zuwendung', periodFrom: '2025-01-01', periodTo: '2025-12-31', proofDueOn: '2026-06-30' });
    expect(b.conditions).toContain('ANBest-GK');
    expect(b.conditions).toContain('ANBest-P');
    expect(b.lines.map((l) => [l.key, l.requestedCents, l.approvedCents])).toEqual([
      ['P1', 60_000_00, 60_000_00],
      ['P2', 30_000_00, 30_000_00],
    ]);
    // One draft at a time.
    expect((await client('rp').post(`${PAGE}/bescheide`, { version: await version() })).status).toBe(409);
    const page = await client('districtOwn').get(`${PAGE}/bescheide/1`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('Entwurf bearbeiten');
    expect((await client('districtOther').get(`${PAGE}/bescheide/1`)).status).toBe(404);
  });

  it('refuses more than requested and a Teilablehnung without reason, keeping the input', async () => {
    const b = await getBescheid(database.db, YEAR, OWN_AGS, 1);
    const over = await client('rp').post(`${PAGE}/bescheide/1`, draftForm(b, [{ approved: '60.000,01' }, { approved: '30.000,00' }]));
    expect(over.status).toBe(422);
    const overHtml = await over.text();
    expect(overHtml).toContain('BEWILLIGUNG_UEBER_ANTRAG');
    expect(overHtml).toContain('value="60.000,01"');
    const noReason = await client('rp').post(`${PAGE}/bescheide/1`, draftForm(b, [{ approved: '60.000,00' }, { approved: '20.000,00' }]));
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('TEILABLEHNUNG_OHNE_BEGRUENDUNG');
    const badDate = await client('rp').post(`${PAGE}/bescheide/1`, draftForm(b, [{ approved: '60.000,00' }, { approved: '30.000,00' }], { ende: '31.2.2025' }));
    expect(badDate.status).toBe(422);
    expect((await getBescheid(database.db, YEAR, OWN_AGS, 1)).version).toBe(b.version);
  });

  it('saves a Teilablehnung with reason; issues after the confirmation page with frozen files', async () => {
    const b = await getBescheid(database.db, YEAR, OWN_AGS, 1);
    const saved = await client('rp').post(`${PAGE}/bescheide/1`, draftForm(b, [{ approved: '60.000,00' }, { approved: '25.000,00', reason: 'Honorare über dem üblichen Satz sind nicht förderfähig.' }]));
    expect(saved.status).toBe(303);
    const preview = await client('rp').get(`${PAGE}/bescheide/1/vorschau.pdf`);
    expect(pdfText(new Uint8Array(await preview.arrayBuffer()), 'vorschau.pdf').text).toContain('Entwurf – Vorschau');
    expect((await client('rp').get(`${PAGE}/bescheide/1/bescheid.pdf`)).status).toBe(404);
    const confirm = await client('rp').get(`${PAGE}/bescheide/1/erlassen`);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Zuwendungsbescheid erlassen?');
    expect(confirmHtml).toContain('85.000,00 €');
    expect((await client('districtOwn').get(`${PAGE}/bescheide/1/erlassen`)).status).toBe(403);
    const v = String((await getBescheid(database.db, YEAR, OWN_AGS, 1)).version);
    expect((await client('rp').post(`${PAGE}/bescheide/1/erlassen`, { version: String(Number(v) - 1) })).status).toBe(409);
    const issued = await client('rp').post(`${PAGE}/bescheide/1/erlassen`, { version: v });
    expect(issued.status).toBe(303);
    const state = await getAntragState(database.db, YEAR, OWN_AGS);
    expect(state.status).toBe('beschieden');
    const bescheid = await getBescheid(database.db, YEAR, OWN_AGS, 1);
    expect(bescheid).toMatchObject({ status: 'erlassen', decidedOn: today, approvedCents: 85_000_00 });
    const approvals = await findApprovals(database.db, { year: YEAR, ags: OWN_AGS });
    expect([...approvals.values()].map((a) => [a.projectKey, a.approvedCents, a.financingType])).toEqual([
      ['P1', 60_000_00, 'anteil'],
      ['P2', 25_000_00, 'anteil'],
    ]);
    expect(approvals.get(bescheid.lines[0]!.projectId)?.plan.expenses[0]?.amountCents).toBe(70_000_00);

    const pdf = await client('districtOwn').get(`${PAGE}/bescheide/1/bescheid.pdf`);
    expect(pdf.status).toBe(200);
    const first = new Uint8Array(await pdf.arrayBuffer());
    const { info, text } = pdfText(first, 'bescheid.pdf');
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Zuwendungsbescheid AQB 2025/);
    for (const part of ['Zuwendungsbescheid', `RPKS-57-AQB-${YEAR}-${OWN_AGS}`, '85.000,00 €', 'Anteilfinanzierung', 'ANBest-GK', 'ANBest-P', '30.6.2026', 'Rechtsbehelfsbelehrung', 'Teilablehnung', 'Honorare über dem üblichen Satz', '1.1.2025 bis 31.12.2025']) {
      expect(text).toContain(part);
    }
    const docx = await client('districtOwn').get(`${PAGE}/bescheide/1/bescheid.docx`);
    const docxText = flat((await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value);
    expect(docxText).toContain('85.000,00 €');
    expect(docxText).toContain('Rechtsbehelfsbelehrung');
    // Frozen: the stored file is the same after a change of the project's title.
    const p1 = await getProject(database.db, YEAR, OWN_AGS, 'P1');
    await expect(database.db.transaction((tx) => saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, key: 'P1', expectedVersion: p1.version }, project('P1', 'Umbenannt', 60_000_00)))).rejects.toMatchObject({
      message: expect.stringContaining('Änderungsbescheid'),
    });
    await database.db.execute(sql`update projects set title = 'Umbenannt' where id = ${p1.id}`);
    const again = new Uint8Array(await (await client('rp').get(`${PAGE}/bescheide/1/bescheid.pdf`)).arrayBuffer());
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    await database.db.execute(sql`update projects set title = 'Projekt „Zukunft“' where id = ${p1.id}`);
    // Issued means frozen: no edit, no second issue.
    expect((await client('rp').post(`${PAGE}/bescheide/1`, draftForm(bescheid, [{ approved: '1,00', reason: 'x' }, { approved: '1,00', reason: 'x' }]))).status).toBe(409);
  });
});

describe('Änderungsbescheid and the sum of the Bescheide', () => {
  it('refuses an amount above the allocation with a stable code, issues within it, keeps the history', async () => {
    expect((await client('rp').post(`${PAGE}/bescheide`, { version: await version() })).status).toBe(303);
    const b = await getBescheid(database.db, YEAR, OWN_AGS, 2);
    expect(b.kind).toBe('aenderung');
    expect(b.lines.map((l) => l.approvedCents)).toEqual([60_000_00, 25_000_00]);
    // Änderungsantrag: P1 asks for 70.000; together 95.000 within 100.000. Then 80.000: 105.000 > 100.000.
    const tooMuch = draftForm(b, [{ approved: '80.000,00', requested: '80.000,00' }, { approved: '25.000,00', requested: '30.000,00', reason: 'wie bisher' }], { anlass: 'Erhöhung P1' });
    expect((await client('rp').post(`${PAGE}/bescheide/2`, tooMuch)).status).toBe(303);
    const confirm = await (await client('rp').get(`${PAGE}/bescheide/2/erlassen`)).text();
    expect(confirm).toContain('BESCHEIDE_UEBER_ZUWEISUNG');
    expect(confirm).not.toContain('Ja, 1. Änderungsbescheid erlassen');
    const refused = await client('rp').post(`${PAGE}/bescheide/2/erlassen`, { version: String((await getBescheid(database.db, YEAR, OWN_AGS, 2)).version) });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('BESCHEIDE_UEBER_ZUWEISUNG');
    expect((await getBescheid(database.db, YEAR, OWN_AGS, 2)).status).toBe('entwurf');

    const current = await getBescheid(database.db, YEAR, OWN_AGS, 2);
    expect((await client('rp').post(`${PAGE}/bescheide/2`, draftForm(current, [{ approved: '70.000,00', requested: '70.000,00' }, { approved: '25.000,00', requested: '30.000,00', reason: 'wie bisher' }], { anlass: 'Erhöhung P1' }))).status).toBe(303);
    const v = String((await getBescheid(database.db, YEAR, OWN_AGS, 2)).version);
    expect((await client('rp').post(`${PAGE}/bescheide/2/erlassen`, { version: v })).status).toBe(303);
    const approvals = await findApprovals(database.db, { year: YEAR, ags: OWN_AGS });
    expect([...approvals.values()].reduce((s, a) => s + a.approvedCents, 0)).toBe(95_000_00);
    const html = await (await client('hmsi').get(`${PAGE}/bescheide/2`)).text();
    expect(html).toContain('Verlauf der Bescheide');
    expect(html).toContain('Zuwendungsbescheid');
    expect(html).toContain('1. Änderungsbescheid');
    const pdf = pdfText(new Uint8Array(await (await client('rp').get(`${PAGE}/bescheide/2/bescheid.pdf`)).arrayBuffer()), 'aenderung.pdf');
    expect(pdf.text).toContain('1. Änderungsbescheid');
    expect(pdf.text).toContain('95.000,00 €');
    expect(pdf.text).toContain('Erhöhung P1');
  });

  it('flags an allocation cut below the Bescheide for the ministry', async () => {
    expect(await findAllocationShortfalls(database.db, YEAR)).toEqual([]);
    await setAllocation(database, YEAR, OWN_AGS, 90_000_00);
    expect(await findAllocationShortfalls(database.db, YEAR)).toEqual([{ ags: OWN_AGS, allocationCents: 90_000_00, approvedCents: 95_000_00, shortfallCents: 5_000_00 }]);
    expect(OTHER_AGS).not.toBe(OWN_AGS);
  });
});
