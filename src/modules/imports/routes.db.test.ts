import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { formatEuroNumber } from '../../platform/format';
import { createTestDatabase } from '../../../tests/support/test-database';
import { authHeaders, withHeaders } from '../../../tests/support/auth';
import { composeAgreement, defaultTemplate, renderText } from '../documents/service';
import { LW_2025 } from '../documents/reference-agreements';
import { findCurrentAgreementContent } from '../agreements/service';
import { loadShippedDistricts } from '../districts/master-data';
import { buildAgreement } from '../../../tests/factories';
import { fieldName, type PreviewFormValues, SIGNATURE_FIELDS, valuesFromAgreement } from './views/preview-form';

let database: AppDatabase;
let app: ReturnType<typeof withHeaders>;
let cookie = '';
let csrf = '';
const districts = loadShippedDistricts();
const lwBytes = readFileSync(new URL('./fixtures/limburg-weilburg_2025.txt', import.meta.url));
const kassel = buildAgreement(districts.find((d) => d.ags === '06633')!, 2024); // Landkreis Kassel
const kasselText = renderText(composeAgreement({ agreement: kassel, district: districts.find((d) => d.ags === '06633')!, template: defaultTemplate(2024) }));
const fulda = buildAgreement(districts.find((d) => d.ags === '06631')!, 2024); // Landkreis Fulda, no agreement stored
const fuldaText = renderText(composeAgreement({ agreement: fulda, district: districts.find((d) => d.ags === '06631')!, template: defaultTemplate(2024) }));

beforeAll(async () => {
  database = await createTestDatabase();
  app = withHeaders(createApp({ database }), await authHeaders(database, 'hmsi'));
  const page = await app.request('/import');
  cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
});
afterAll(async () => {
  await database?.close();
});

async function countDocuments(): Promise<{ documents: number; versions: number }> {
  const result = await database.db.execute(
    sql`select (select count(*) from import_documents)::int as documents, (select count(*) from agreement_versions)::int as versions`,
  );
  return (result as unknown as { rows: { documents: number; versions: number }[] }).rows[0]!;
}

function formBody(values: PreviewFormValues, action = 'save'): URLSearchParams {
  const body = new URLSearchParams({ _csrf: csrf, action, [fieldName.year]: values.year, [fieldName.ags]: values.ags, [fieldName.amount]: values.amount });
  values.projects.forEach((text, i) => body.set(fieldName.projects(i + 1), text));
  for (const side of ['land', 'district'] as const) for (const f of SIGNATURE_FIELDS) body.set(fieldName.signature(side, f), values[side][f]);
  return body;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) => app.request(path, { method: 'POST', body, headers: { cookie, ...headers } });

describe('import web UI', () => {
  it('shows the upload form with a multiple file field and an empty state', async () => {
    const html = await (await app.request('/import', { headers: { cookie } })).text();
    expect(html).toContain('<h1 class="kern-heading-large">Zielvereinbarungen importieren</h1>');
    expect(html).toMatch(/<form method="post" action="\/import" enctype="multipart\/form-data"/);
    expect(html).toMatch(/<input[^>]*name="dateien"[^>]*type="file"[^>]*multiple/);
    expect(html).toContain('<label class="kern-label" for="feld-dateien">');
    expect(html).toContain('Es wurde noch keine Datei importiert.');
    expect(html).toContain('href="/import" aria-current="page"');
  });

  it('refuses an upload without file, without CSRF token, and an oversized request, in German', async () => {
    const empty = new FormData();
    empty.set('_csrf', csrf);
    const none = await post('/import', empty);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Bitte wählen Sie mindestens eine Datei aus.');

    const noToken = new FormData();
    noToken.set('dateien', new File([lwBytes], 'lw.txt'));
    expect((await post('/import', noToken)).status).toBe(403);

    const big = new FormData();
    big.set('_csrf', csrf);
    big.set('dateien', new File([new Uint8Array(1)], 'a.txt'));
    const tooLarge = await post('/import', big, { 'content-length': String(200 * 1024 * 1024) });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain('Die Anfrage ist zu groß: erlaubt sind höchstens 100 MB. Es wurde nichts gespeichert. Bitte laden Sie weniger Dateien auf einmal hoch.');
  });

  it('uploads a batch, previews each file, saves corrections, keeps going after a failed file, and reports the results', async () => {
    const before = await countDocuments();
    const upload = new FormData();
    upload.set('_csrf', csrf);
    upload.append('dateien', new File([lwBytes], 'limburg-weilburg_2025.txt', { type: 'text/plain' }));
    upload.append('dateien', new File(['kein Text \u0000\u0001\u0002'.repeat(50)], 'kaputt.pdf', { type: 'application/pdf' }));
    upload.append('dateien', new File([kasselText], 'kassel_2024.txt', { type: 'text/plain' }));
    const uploaded = await post('/import', upload);
    expect(uploaded.status).toBe(303);
    const first = uploaded.headers.get('location')!;
    expect(first).toMatch(/^\/import\/stapel\/[0-9a-f-]{36}\/1$/);
    const batch = first.replace(/\/1$/, '');
    // Nothing is saved before the user confirms.
    expect(await countDocuments()).toEqual(before);

    // File 1: the recognised fields next to the extracted text, warnings highlighted.
    const preview = await (await app.request(first, { headers: { cookie } })).text();
    expect(preview).toContain('Datei 1 von 3');
    // The unreadable file counts as handled from the start.
    expect(preview).toMatch(/<progress[^>]*max="3"[^>]*value="1"/);
    expect(preview).toContain('value="895.210,00"');
    expect(preview).toMatch(/<option value="06533" selected="">Landkreis Limburg-Weilburg<\/option>/);
    expect(preview).toContain('data-code="SIGNATURE_ON_WEEKEND"');
    expect(preview).toContain('Ausgelesener Text');
    expect(preview).toContain('Michael Köberle');
    // LW 2025 is stored (published): the page says so before saving, with the differences, and offers only a Nachtrag draft.
    expect(preview).toContain('Für Landkreis Limburg-Weilburg 2025 gibt es bereits eine Zielvereinbarung (Veröffentlicht, Version 1)');
    expect(preview).toContain('unverändert 895.210,00 €');
    expect(preview).toContain('dieselben Projekte');
    expect(preview).toContain('>Als Nachtrag-Entwurf übernehmen<');
    expect(preview).toContain('>Verwerfen, weiter<');
    expect(preview).not.toContain('>Speichern<');

    // Correct the amount and a project title, then save: LW 2025 exists (seeded), so this is version 2.
    const corrected = valuesFromAgreement(LW_2025);
    corrected.amount = '900.000,00';
    corrected.projects[0] = corrected.projects[0].replace(/^[^\n]+/, 'Berichtigter Projekttitel');
    const saved = await post(first, formBody(corrected), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${batch}/2?vorher=1`);
    const lw = await findCurrentAgreementContent(database.db, '06533', 2025);
    expect(lw?.amountCents).toBe(900_000_00);
    expect(lw?.measures[0]!.projects[0]!.title).toBe('Berichtigter Projekttitel');
    expect(await countDocuments()).toEqual({ documents: before.documents + 1, versions: before.versions + 1 });

    // Sending the same form again changes nothing.
    expect((await post(first, formBody(corrected), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(303);
    expect(await countDocuments()).toEqual({ documents: before.documents + 1, versions: before.versions + 1 });

    // File 2 failed on upload: shown with its error, it does not block file 3.
    const second = await (await app.request(`${batch}/2?vorher=1`, { headers: { cookie } })).text();
    expect(second).toContain('Datei 2 von 3');
    expect(second).toContain('Diese Datei wurde nicht erkannt');
    expect(second).toContain('PDF_UNREADABLE');
    // LW 2025 is published: the corrected document becomes a Nachtrag draft, the publication stays.
    expect(second).toMatch(/als Nachtrag-Entwurf \(Version 2\) übernommen, die Unterschriften werden im Nachtrag erneut erfasst; abweichend: Betrag: 895\.210,00 € → 900\.000,00 €; Maßnahmenart 1: hinzugefügt „Berichtigter Projekttitel“/);
    expect(second).toContain(`href="${batch}/3"`);

    // File 3: no agreement for Landkreis Kassel 2024 yet — a plain "Speichern", no notice.
    const third = await (await app.request(`${batch}/3`, { headers: { cookie } })).text();
    expect(third).toContain('>Speichern<');
    expect(third).not.toContain('gibt es bereits eine Zielvereinbarung');
    // File 3: invalid corrections are answered next to the fields; nothing is saved.
    const bad = valuesFromAgreement(kassel);
    bad.amount = 'zwölf';
    bad.district.date = '31.2.2024';
    bad.land.name = '';
    const rejected = await post(`${batch}/3`, formBody(bad), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(rejected.status).toBe(422);
    const errorsHtml = await rejected.text();
    expect(errorsHtml).toContain('Bitte prüfen Sie Ihre Eingaben');
    expect(errorsHtml).toContain('id="feld-amount-fehler"');
    expect(errorsHtml).toContain('Der Betrag darf nur Ziffern, Tausenderpunkte und ein Dezimalkomma enthalten');
    expect(errorsHtml).toContain('Bitte Name ergänzen – oder alle Angaben dieser Unterschrift leer lassen.');
    expect(errorsHtml).toContain('Dieses Datum gibt es nicht');
    expect(errorsHtml).toContain('value="zwölf"');
    expect(await countDocuments()).toEqual({ documents: before.documents + 1, versions: before.versions + 1 });

    // A year without budget_years row: the save transaction fails, the file stays open, nothing is stored.
    const noYear = valuesFromAgreement(kassel);
    noYear.year = '2019';
    const refused = await post(`${batch}/3`, formBody(noYear), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Nicht gespeichert: Das AQB-Jahr 2019 ist nicht angelegt.');
    expect(await countDocuments()).toEqual({ documents: before.documents + 1, versions: before.versions + 1 });

    const good = valuesFromAgreement(kassel);
    expect(good.amount).toBe(formatEuroNumber(kassel.amountCents));
    const last = await post(`${batch}/3`, formBody(good), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(last.status).toBe(303);
    expect(last.headers.get('location')).toBe(batch);
    expect(await findCurrentAgreementContent(database.db, '06633', 2024)).toEqual(kassel);

    const results = await (await app.request(batch, { headers: { cookie } })).text();
    expect(results).toContain('3 von 3 Dateien bearbeitet');
    expect(results).toContain('Alle Dateien dieses Imports sind bearbeitet.');
    expect(results.match(/data-status="saved"/g)).toHaveLength(2);
    expect(results.match(/data-status="failed"/g)).toHaveLength(1);
    expect(results).toContain('neue Zielvereinbarung gespeichert (Version 1)');

    const list = await (await app.request('/import', { headers: { cookie } })).text();
    expect(list).toContain('kassel_2024.txt');
    expect(list).toContain('limburg-weilburg_2025.txt');
  });

  it('answers an unknown batch with a German 404', async () => {
    const response = await app.request('/import/stapel/00000000-0000-4000-8000-000000000000/1');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Diesen Import gibt es nicht (mehr).');
    expect((await app.request('/import/stapel/kein-import')).status).toBe(404);
  });
});

describe('import access', () => {
  it('is the ministry’s: signed-out visitors sign in, RP staff get 403', async () => {
    const open = createApp({ database });
    expect((await open.request('/import')).status).toBe(303);
    const rp = withHeaders(open, await authHeaders(database, 'rp'));
    expect((await rp.request('/import')).status).toBe(403);
  });
});

describe('import of a file that lacks some fields (issue 12)', () => {
  it('opens a file without the § 4 amount with that field empty and marked; the typed amount is validated and saved in one step', async () => {
    const printed = `${formatEuroNumber(fulda.amountCents)} Euro`;
    expect(fuldaText).toContain(printed);
    const withoutAmount = fuldaText.replace(printed, '');
    const before = await countDocuments();
    const upload = new FormData();
    upload.set('_csrf', csrf);
    upload.append('dateien', new File([withoutAmount], 'fulda_2024_ohne_betrag.txt', { type: 'text/plain' }));
    const uploaded = await post('/import', upload);
    expect(uploaded.status).toBe(303);
    const path = uploaded.headers.get('location')!;

    const preview = await (await app.request(path, { headers: { cookie } })).text();
    expect(preview).not.toContain('Diese Datei wurde nicht erkannt');
    expect(preview).toContain('In der Datei fehlen Angaben');
    expect(preview).toContain('<a class="kern-link" href="#feld-amount">der Betrag der Haushaltsmittel (§ 4)</a>');
    expect(preview).toContain('class="kern-form-input form-input--missing"');
    const amountInput = /<input[^>]*name="amount"[^>]*>/.exec(preview)?.[0] ?? '';
    expect(amountInput).toContain('aria-describedby="feld-amount-hinweis"');
    expect(amountInput).not.toMatch(/value="[^"]+"/);
    expect(preview).toContain('Fehlt in der Datei – bitte eintragen.');
    // Everything else was recognised: year, district, projects, signatures.
    expect(preview).toContain('value="2024"');
    expect(preview).toMatch(/<option value="06631" selected="">Landkreis Fulda<\/option>/);
    expect(preview).toContain(escapeHtml(fulda.measures[0]!.projects[0]!.title));
    expect(await countDocuments()).toEqual(before);

    // Left empty: 422, the German message next to the field, the other values kept, nothing saved.
    const values = valuesFromAgreement(fulda);
    const empty = await post(path, formBody({ ...values, amount: '' }), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('id="feld-amount-fehler"');
    expect(emptyHtml).toContain(escapeHtml(fulda.measures[0]!.projects[0]!.title));
    expect(await countDocuments()).toEqual(before);
    // Nonsense is refused the same way.
    expect((await post(path, formBody({ ...values, amount: 'viel Geld' }), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(422);
    expect(await countDocuments()).toEqual(before);

    // Typed in: saved as version 1 with the typed amount, the file with it.
    const saved = await post(path, formBody({ ...values, amount: '933.641,35' }), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(saved.status).toBe(303);
    expect((await findCurrentAgreementContent(database.db, '06631', 2024))?.amountCents).toBe(93_364_135);
    expect(await countDocuments()).toEqual({ documents: before.documents + 1, versions: before.versions + 1 });
  });
});
