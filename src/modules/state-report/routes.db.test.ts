import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { buildAccounts, buildIssuedBescheid, buildProject, OWN_AGS, type RoleKey, setAllocation } from '../../../tests/factories';
import { csrfPair } from '../../../tests/support/auth';
import { createTestDatabase } from '../../../tests/support/test-database';
import { setPortalCacheClock } from '../portal/cache';

/**
 * The Landesbericht through the pages, the JSON API and the public portal: the ministry creates,
 * edits (field messages, nothing half-saved) and releases after the confirmation page; RP reads
 * drafts; a district only the release; the portal and open data show the frozen release.
 */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const YEAR = 2025;

async function form(role: RoleKey, path: string, fields: Record<string, string>) {
  const { cookie, token } = await csrfPair(app);
  const body = new URLSearchParams({ _csrf: token, ...fields });
  return app.request(path, { method: 'POST', body, headers: { cookie, authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/x-www-form-urlencoded' } });
}
const page = (role: RoleKey | null, path: string) => app.request(path, { headers: role === null ? {} : { authorization: `Bearer ${accounts[role].token}` } });
const api = (role: RoleKey, path: string, body?: unknown) =>
  app.request(`/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/json', accept: 'application/json' },
  });
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const TEXTS = { vorwort: 'Das Vorwort.', kommentar_mittel: 'Kommentar zu den Mitteln.', kommentar_teilnehmende: '', kommentar_verbleib: '', kommentar_zielerreichung: '', kommentar_abweichungen: '' };

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 500_000_00);
  const project = await buildProject(database, { year: YEAR, ags: OWN_AGS, key: 'BO', title: 'Berufsorientierung', measureType: 2 });
  await buildIssuedBescheid(database, { year: YEAR, lines: [{ projectId: project.id, approvedCents: 123_456_78 }] });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('Landesbericht pages, API and portal', () => {
  it('create → edit → confirm → release → correction, with the access of each role', async () => {
    expect((await page('districtOwn', `/landesbericht/${YEAR}`)).status).toBe(404);
    expect((await form('rp', '/landesbericht', { jahr: String(YEAR) })).status).toBe(403);
    const created = await form('hmsi', '/landesbericht', { jahr: String(YEAR) });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe(`/landesbericht/${YEAR}?angelegt=1`);
    expect((await form('hmsi', '/landesbericht', { jahr: String(YEAR) })).status).toBe(422);

    const draftPage = await (await page('hmsi', `/landesbericht/${YEAR}`)).text();
    expect(draftPage).toContain('Vorschau des Entwurfs');
    expect(draftPage).toMatch(/<td[^>]*>123\.456,78<\/td>/);
    expect(draftPage).toContain('Für 2025 liegt die Zielerreichung einer Gebietskörperschaft vor; das HMSI hat sie noch nicht abschließend beurteilt.');
    const version = versionOf(draftPage);

    // Too long a commentary: the message at its field, nothing stored (the foreword is unchanged).
    const bad = await form('hmsi', `/landesbericht/${YEAR}`, { ...TEXTS, kommentar_verbleib: 'x'.repeat(10_001), version });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('kern-error');
    expect(badHtml).toContain('Höchstens 10.000 Zeichen.');
    expect(versionOf(await (await page('hmsi', `/landesbericht/${YEAR}`)).text())).toBe(version);

    expect((await form('hmsi', `/landesbericht/${YEAR}`, { ...TEXTS, version })).status).toBe(303);
    expect((await form('hmsi', `/landesbericht/${YEAR}`, { ...TEXTS, version })).status).toBe(409);
    const rpPage = await (await page('rp', `/landesbericht/${YEAR}`)).text();
    expect(rpPage).toContain('Kommentar zu den Mitteln.');
    expect(rpPage).not.toContain('Entwurf speichern');
    expect((await form('rp', `/landesbericht/${YEAR}`, { ...TEXTS, version: '2' })).status).toBe(403);

    const draftPdf = await page('rp', `/landesbericht/${YEAR}/dokument/pdf`);
    expect(draftPdf.status).toBe(200);
    expect(draftPdf.headers.get('content-disposition')).toContain('_Entwurf.pdf');

    const confirm = await page('hmsi', `/landesbericht/${YEAR}/freigeben`);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('endgültig freigeben');
    expect((await page('rp', `/landesbericht/${YEAR}/freigeben`)).status).toBe(403);
    expect((await form('hmsi', `/landesbericht/${YEAR}/freigeben`, { version: versionOf(confirmHtml) })).status).toBe(303);

    // Released: no form any more; the district reads it now; the portal shows it with checksums.
    const released = await (await page('hmsi', `/landesbericht/${YEAR}`)).text();
    expect(released).not.toContain('Entwurf speichern');
    expect(released).toContain('Korrektur als neue Fassung anlegen');
    const districtPage = await page('districtOwn', `/landesbericht/${YEAR}`);
    expect(districtPage.status).toBe(200);
    expect(await districtPage.text()).toContain('Kommentar zu den Mitteln.');
    const districtFile = await page('districtOwn', `/landesbericht/${YEAR}/dokument/docx`);
    expect(districtFile.status).toBe(200);

    const portal = await page(null, `/portal/landesbericht/${YEAR}`);
    expect(portal.status).toBe(200);
    const portalHtml = await portal.text();
    expect(portalHtml).toContain('Fassung 1, veröffentlicht am');
    expect(portalHtml).toContain('Kommentar zu den Mitteln.');
    const sha = /SHA-256: <code>([0-9a-f]{64})<\/code>/.exec(portalHtml)?.[1];
    const pdf = await page(null, `/portal/landesbericht/${YEAR}/landesbericht.pdf`);
    expect(pdf.headers.get('x-content-sha256')).toBe(sha);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    expect(await (await page(null, '/portal/landesbericht')).text()).toContain(`/portal/landesbericht/${YEAR}`);
    const csv = await (await page(null, `/opendata/landesbericht/${YEAR}/landesbericht.csv`)).text();
    expect(csv).toContain(`2025;1;mittel;mittel-gebietskoerperschaften;Mittel 2025 je Gebietskörperschaft (Euro);${OWN_AGS} Rheingau-Taunus-Kreis;Bewilligt;123456.78;nein`);
    const json = (await (await page(null, `/opendata/landesbericht/${YEAR}/landesbericht.json`)).json()) as { cells: Array<{ table: string; row: string; column: string; value: number | null }> };
    expect(json.cells.find((c) => c.table === 'mittel-gebietskoerperschaften' && c.row === `${OWN_AGS} Rheingau-Taunus-Kreis` && c.column === 'Zugewiesen')?.value).toBe(500_000);
    expect((await page(null, `/portal/landesbericht/2024`)).status).toBe(404);

    // API: versions, release refused without a draft, correction through the page.
    const versions = (await (await api('districtOwn', `/landesbericht/${YEAR}/versions`)).json()) as { versions: Array<{ versionNo: number; status: string }> };
    expect(versions.versions).toEqual([expect.objectContaining({ versionNo: 1, status: 'freigegeben' })]);
    expect((await api('hmsi', `/landesbericht/${YEAR}/release`, { version: 3 })).status).toBe(409);
    expect((await form('hmsi', `/landesbericht/${YEAR}/korrektur`, {})).status).toBe(303);
    const current = (await (await api('rp', `/landesbericht/${YEAR}`)).json()) as { versionNo: number; status: string; version: number; content: { isDraft: boolean } };
    expect(current).toMatchObject({ versionNo: 2, status: 'entwurf', content: { isDraft: true } });
    // The district still sees version 1 only.
    expect(((await (await api('districtOwn', `/landesbericht/${YEAR}`)).json()) as { versionNo: number }).versionNo).toBe(1);
    expect((await api('districtOwn', `/landesbericht/${YEAR}/release`, { version: current.version })).status).toBe(403);
    const releasedByApi = await api('hmsi', `/landesbericht/${YEAR}/release`, { version: current.version });
    expect(releasedByApi.status).toBe(200);
    const history = await (await page('hmsi', `/landesbericht/${YEAR}`)).text();
    expect(history).toContain('korrigiert durch Fassung 2');
    // The cached portal page follows the release once the publication stamp is checked again (no explicit invalidation).
    try {
      setPortalCacheClock(() => Date.now() + 60_000);
      expect(await (await page(null, `/portal/landesbericht/${YEAR}`)).text()).toContain('Fassung 2, veröffentlicht am');
    } finally {
      setPortalCacheClock();
    }
  });
});
