import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { authHeaders, withHeaders } from '../../../tests/support/auth';
import { findTemplateVersions, getCurrentTemplate } from './service';
import { formValuesFromContent } from './template-form';

let database: AppDatabase;
let app: ReturnType<typeof withHeaders>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = withHeaders(createApp({ database }), await authHeaders(database, 'hmsi'));
});
afterAll(async () => {
  await database?.close();
});

/** GETs the edit page for the CSRF cookie and token, then posts the form like a browser without JavaScript. */
async function post(year: number, fields: Record<string, string>) {
  const page = await app.request(`/vorlagen/${year}`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return app.request(`/vorlagen/${year}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
}

async function currentForm(year: number): Promise<Record<string, string>> {
  return formValuesFromContent((await getCurrentTemplate(database.db, year)).content);
}

const decode = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('template list and edit page', () => {
  it('lists both years with their current version and history', async () => {
    const response = await app.request('/vorlagen');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1 class="kern-heading-large">Jahresvorlagen der Zielvereinbarung</h1>');
    expect(html).toContain('href="/vorlagen/2024"');
    expect(html).toContain('href="/vorlagen/2025"');
    expect(html).toContain('Standardvorlage aus der veröffentlichten Zielvereinbarung');
  });

  it('shows one labelled field per text block, the placeholder help and the district choice', async () => {
    const html = await (await app.request('/vorlagen/2025')).text();
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain('<label class="kern-label" for="feld-preamble-paragraphs-0">Präambel, Text');
    expect(html).toContain('for="feld-sections-6-paragraphs-1">§ 7, Absatz 2');
    expect(html).toContain('for="feld-sections-3-closingParagraphs-0">§ 4, Absatz nach dem Betrag');
    expect(html).toContain('for="feld-measureTypeLabels-3">Maßnahmenart 4');
    expect(html).toContain('for="feld-buendnisPeriod">Laufzeit des Bündnisses');
    expect(html).toContain('value="2025 bis 2029"');
    expect(html).toContain('<code>{{gk.dat}}</code>');
    expect(html).toContain('<option value="06439" selected="">Rheingau-Taunus-Kreis</option>');
    expect(html).toContain('Als neue Version speichern');
  });

  it('answers a year without template with a German 404', async () => {
    const response = await app.request('/vorlagen/2016');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Für das AQB-Jahr 2016 ist keine Vorlage hinterlegt');
  });
});

describe('editing a template', () => {
  it('keeps the input, shows the error next to the field and saves nothing on an unknown placeholder', async () => {
    const form = await currentForm(2025);
    const edited = 'Der Text nennt {{gk.foo}} falsch.';
    const response = await post(2025, { ...form, 'sections.6.paragraphs.1': edited, note: 'Test', aktion: 'speichern' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Bitte prüfen Sie Ihre Eingaben');
    expect(html).toContain('href="#feld-sections-6-paragraphs-1"');
    expect(html).toMatch(/id="feld-sections-6-paragraphs-1-fehler"><span class="kern-icon kern-icon--danger" aria-hidden="true"><\/span><span>Unbekannter Platzhalter „\{\{gk\.foo\}\}“/);
    expect(html).toContain('aria-invalid="true"');
    expect(decode(html)).toContain(`>${edited}</textarea>`);
    expect(await findTemplateVersions(database.db, 2025)).toHaveLength(1);
  });

  it('requires a change note and saves nothing without one', async () => {
    const form = await currentForm(2025);
    const response = await post(2025, { ...form, note: '   ', aktion: 'speichern' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Bitte beschreiben Sie die Änderung.');
    expect(html).toContain('href="#feld-note"');
    expect(await findTemplateVersions(database.db, 2025)).toHaveLength(1);
  });

  it('previews the changed text with the chosen district without saving', async () => {
    const form = await currentForm(2025);
    const response = await post(2025, {
      ...form,
      'sections.6.paragraphs.1': 'Die Zielvereinbarungen werden im Portal veröffentlicht, {{gk.nom}} stimmt zu.',
      vorschau_ags: '06533',
      aktion: 'vorschau',
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Vorschau – nicht gespeichert');
    expect(html).toContain('Die gespeicherte Zielvereinbarung 2025 für Landkreis Limburg-Weilburg');
    expect(html).toContain('<p>Die Zielvereinbarungen werden im Portal veröffentlicht, der Landkreis Limburg-Weilburg stimmt zu.</p>');
    expect(html).toContain('895.210 Euro');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain('<option value="06533" selected="">Landkreis Limburg-Weilburg</option>');
    expect(await findTemplateVersions(database.db, 2025)).toHaveLength(1);
  });

  it('previews a district without agreement with an invented sample', async () => {
    const html = await (await post(2025, { ...(await currentForm(2025)), vorschau_ags: '06412', aktion: 'vorschau' })).text();
    expect(html).toContain('Beispiel mit erfundenen Projekten für Stadt Frankfurt am Main');
    expect(html).toContain('Beispielprojekt 1');
  });

  it('saves a valid change as version 2 and redirects to the page with a success notice', async () => {
    const form = await currentForm(2025);
    const changed = 'Die Zielvereinbarungen werden auf dem Internetportal „Arbeitswelt Hessen“ des HMSI veröffentlicht.';
    const response = await post(2025, { ...form, 'sections.6.paragraphs.1': changed, note: 'Reihenfolge im Satz geändert', aktion: 'speichern' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/vorlagen/2025?gespeichert=2');
    const versions = await findTemplateVersions(database.db, 2025);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]!.note).toBe('Reihenfolge im Satz geändert');
    expect(versions[0]!.content.sections[6]!.paragraphs[1]).toBe(changed);
    // Everything else is unchanged.
    const before = versions[1]!.content;
    expect({ ...versions[0]!.content, sections: before.sections }).toEqual(before);

    const page = await (await app.request('/vorlagen/2025?gespeichert=2')).text();
    expect(page).toContain('Version 2 gespeichert');
    expect(page).toContain('Reihenfolge im Satz geändert');
    // LW 2025 was rendered from version 1 and keeps its wording.
    const agreement = await (await app.request('/zielvereinbarungen/2025/06533/dokument.txt')).text();
    expect(agreement).toContain('Die Zielvereinbarungen werden auf dem Internetportal des HMSI „Arbeitswelt Hessen“ veröffentlicht.');
  });

  it('refuses a post without the CSRF token', async () => {
    const response = await app.request('/vorlagen/2025', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ note: 'x', aktion: 'speichern' }).toString(),
    });
    expect(response.status).toBe(403);
  });
});

describe('template access', () => {
  it('is the ministry’s: signed-out visitors sign in, districts get 403', async () => {
    const open = createApp({ database });
    expect((await open.request('/vorlagen/2025')).status).toBe(303);
    const district = withHeaders(open, await authHeaders(database, 'district', '06439'));
    expect((await district.request('/vorlagen')).status).toBe(403);
  });
});
