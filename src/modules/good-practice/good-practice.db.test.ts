import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { csrfTokenFor } from '../../platform/http/csrf';
import { isAppError } from '../../platform/errors';
import { buildAccounts, buildProject, OTHER_AGS, OWN_AGS, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { findCatalogueEntries, goodPracticeCsv, parseCatalogueFilter } from '../portal/good-practice';
import { decideGoodPractice, findGoodPracticeEntries, getGoodPracticeEntry, saveGoodPractice } from './entries';

/** Good practice on a real database: marking, proposals, decisions, district isolation, German full text and filters of the catalogue. */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
let places: number; // RTK 2024 (published agreement in the master data)
let parents: number; // LW 2025 (published agreement)
let draftProject: number; // RTK 2025 (no published agreement)

const text = (overrides: Record<string, unknown> = {}) => ({ summary: 'Betriebe bieten zusätzliche Ausbildungsplätze für Jugendliche an.', targetGroup: 'jugendliche', contact: 'Amt für Arbeit, aqb@example.org', ...overrides });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}
async function form(role: RoleKey, path: string, fields: Record<string, string>) {
  const page = await app.request('/');
  const cookie = /aqb-csrf=[^;]+/.exec(page.headers.get('set-cookie') ?? '')![0];
  const body = new URLSearchParams({ _csrf: csrfTokenFor(`anon:${cookie.split('=')[1]}`), ...fields });
  return app.request(path, { method: 'POST', body: body.toString(), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${accounts[role].token}` } });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  places = (await buildProject(database, { year: 2024, ags: OWN_AGS, key: 'GP1', title: 'Verbundausbildung im Rheingau', measureType: 2 })).id;
  parents = (await buildProject(database, { year: 2025, ags: OTHER_AGS, key: 'GP2', title: 'Teilzeitausbildung für Alleinerziehende', measureType: 3 })).id;
  draftProject = (await buildProject(database, { year: 2025, ags: OWN_AGS, key: 'GP3', title: 'Werkstatt Zukunft', measureType: 1 })).id;
  await database.db.transaction(async (tx) => {
    await saveGoodPractice(tx, accounts.hmsi.actor, { expectedVersion: 0 }, { projectId: places, ...text() });
    await saveGoodPractice(tx, accounts.hmsi.actor, { expectedVersion: 0 }, { projectId: parents, ...text({ summary: 'Eine Anlaufstelle vermittelt Ausbildung in Teilzeit mit Kinderbetreuung.', targetGroup: 'eltern' }) });
  });
});
afterAll(async () => {
  await database?.close();
});

describe('Vorschlag und Entscheidung', () => {
  it('a district proposes only its own project; the proposal is not public until the ministry accepts it', async () => {
    const own = accounts.districtOwn.actor;
    expect(await codeOf(database.db.transaction((tx) => saveGoodPractice(tx, own, { expectedVersion: 0 }, { projectId: parents, ...text() })))).toBe('NOT_FOUND');
    const proposal = await database.db.transaction((tx) => saveGoodPractice(tx, own, { expectedVersion: 0 }, { projectId: draftProject, ...text({ summary: 'Werkstatttage mit Betrieben der Region für Schülerinnen und Schüler.', targetGroup: 'schueler' }) }));
    expect(proposal.status).toBe('vorgeschlagen');
    expect((await findCatalogueEntries(database.db, {})).some((e) => e.id === proposal.id)).toBe(false);
    // The other district neither lists nor opens it; RP reads, but cannot decide.
    expect((await findGoodPracticeEntries(database.db, accounts.districtOther.actor)).map((e) => e.id)).not.toContain(proposal.id);
    expect(await codeOf(getGoodPracticeEntry(database.db, accounts.districtOther.actor, proposal.id))).toBe('NOT_FOUND');
    expect((await app.request(`/gute-praxis/${proposal.id}`, { headers: { authorization: `Bearer ${accounts.districtOther.token}` } })).status).toBe(404);
    expect(await codeOf(database.db.transaction((tx) => decideGoodPractice(tx, accounts.rp.actor, { id: proposal.id, expectedVersion: proposal.version }, { decision: 'aufnehmen' })))).toBe('FORBIDDEN');
    // Declining needs a reason (422 with the field message), then the district sees it.
    const noReason = await form('hmsi', `/gute-praxis/${proposal.id}/entscheidung`, { version: String(proposal.version), entscheidung: 'ablehnen', grund: '' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Bitte nennen Sie den Grund');
    expect((await form('hmsi', `/gute-praxis/${proposal.id}/entscheidung`, { version: String(proposal.version), entscheidung: 'aufnehmen' })).status).toBe(303);
    const accepted = await getGoodPracticeEntry(database.db, own, proposal.id);
    expect(accepted.status).toBe('aufgenommen');
    const entry = (await findCatalogueEntries(database.db, {})).find((e) => e.id === proposal.id)!;
    // RTK 2025 has no published agreement: no link.
    expect(entry.agreementHref).toBeNull();
    // Once in the catalogue, only the ministry changes the text; a stale version is a conflict.
    expect(await codeOf(database.db.transaction((tx) => saveGoodPractice(tx, own, { expectedVersion: accepted.version }, { projectId: draftProject, ...text() })))).toBe('INVALID_STATE_TRANSITION');
    expect(await codeOf(database.db.transaction((tx) => saveGoodPractice(tx, accounts.hmsi.actor, { expectedVersion: proposal.version }, { projectId: draftProject, ...text() })))).toBe('CONFLICT');
    const withdrawn = await database.db.transaction((tx) => decideGoodPractice(tx, accounts.hmsi.actor, { id: proposal.id, expectedVersion: accepted.version }, { decision: 'zuruecknehmen', reason: 'Projekt endet.' }));
    expect(withdrawn.status).toBe('zurueckgenommen');
    expect((await findCatalogueEntries(database.db, {})).some((e) => e.id === proposal.id)).toBe(false);
  });

  it('a proposal form for another district\'s project is a field error, nothing stored', async () => {
    const response = await form('districtOwn', `/gute-praxis/neu?jahr=2025&gk=${OWN_AGS}`, { version: '0', projekt: String(parents), beschreibung: 'x'.repeat(30), zielgruppe: 'eltern', kontakt: 'Amt' });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Bitte wählen Sie ein Projekt aus der Liste.');
  });
});

describe('Katalog: deutsche Volltextsuche und Filter', () => {
  const ids = async (query: Record<string, string>) => (await findCatalogueEntries(database.db, parseCatalogueFilter(query))).map((e) => e.title);

  it('stems German words (plural and inflection), on PGlite as on PostgreSQL', async () => {
    // "Ausbildungsplatz" and "Ausbildungsplätze" share the stem in the summary of GP1.
    expect(await ids({ q: 'Ausbildungsplatz' })).toEqual(['Verbundausbildung im Rheingau']);
    expect(await ids({ q: 'Ausbildungsplätze' })).toEqual(['Verbundausbildung im Rheingau']);
    // Inflection: "Alleinerziehenden" finds the title's "Alleinerziehende".
    expect(await ids({ q: 'Alleinerziehenden' })).toEqual(['Teilzeitausbildung für Alleinerziehende']);
    // What it does NOT do: split compounds. "Ausbildung" finds the entry that has the word itself
    // ("vermittelt Ausbildung in Teilzeit"), not "Ausbildungsplätze" nor "Verbundausbildung".
    expect(await ids({ q: 'Ausbildung' })).toEqual(['Teilzeitausbildung für Alleinerziehende']);
    // websearch syntax: quotes, minus; nonsense finds nothing (and is no error).
    expect(await ids({ q: 'Teilzeit -Kinderbetreuung' })).toEqual([]);
    expect(await ids({ q: '"&|!(' })).toEqual(expect.any(Array));
  });

  it('filters by Maßnahmenart, target group, Rechtskreis, district and year; unknown values are ignored', async () => {
    expect(await ids({ massnahmenart: '3' })).toEqual(['Teilzeitausbildung für Alleinerziehende']);
    expect(await ids({ zielgruppe: 'jugendliche' })).toEqual(['Verbundausbildung im Rheingau']);
    expect(await ids({ gk: OWN_AGS })).toEqual(['Verbundausbildung im Rheingau']);
    expect(await ids({ jahr: '2025' })).toEqual(['Teilzeitausbildung für Alleinerziehende']);
    expect(await ids({ rechtskreis: 'SGB II' })).toEqual([]);
    expect((await ids({ massnahmenart: '9', zielgruppe: 'x', jahr: 'abc' })).sort()).toEqual(['Teilzeitausbildung für Alleinerziehende', 'Verbundausbildung im Rheingau']);
  });

  it('links each entry to the published agreement and is in open data', async () => {
    const entries = await findCatalogueEntries(database.db, {});
    expect(entries.find((e) => e.title.startsWith('Verbund'))!.agreementHref).toBe(`/portal/zielvereinbarungen/2024/${OWN_AGS}`);
    expect(entries.find((e) => e.title.startsWith('Teilzeit'))!.agreementHref).toBe(`/portal/zielvereinbarungen/2025/${OTHER_AGS}`);
    const page = await (await app.request('/portal/gute-praxis?q=Ausbildungspl%C3%A4tze')).text();
    expect(page).toContain('Verbundausbildung im Rheingau');
    expect(page).toContain(`href="/portal/zielvereinbarungen/2024/${OWN_AGS}"`);
    expect(page).not.toContain('Teilzeitausbildung für Alleinerziehende');
    const bytes = new Uint8Array(await (await app.request('/opendata/gute-praxis.csv')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv.split('\r\n')[0]).toBe('Jahr;AGS;Gebietskörperschaft;Projekt;Maßnahmenart (Nr.);Rechtskreise;Zielgruppe;Kurzbeschreibung;Kontakt;Zielvereinbarung;Demodaten');
    expect(goodPracticeCsv(entries, 'https://x')).toContain(`https://x/portal/zielvereinbarungen/2024/${OWN_AGS}`);
    const json = (await (await app.request('/opendata/gute-praxis.json')).json()) as { items: { title: string }[] };
    expect(json.items.map((i) => i.title).sort()).toEqual(['Teilzeitausbildung für Alleinerziehende', 'Verbundausbildung im Rheingau']);
  });
});
