import { execFileSync } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { applyDemoSetting } from '../../app/setup-database';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { authHeaders, withHeaders } from '../../../tests/support/auth';

let database: AppDatabase;
let app: ReturnType<typeof withHeaders>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = withHeaders(createApp({ database }), await authHeaders(database, 'hmsi'));
});
afterAll(async () => {
  await database?.close();
});

const RTK = '/zielvereinbarungen/2024/06439';

describe('agreement page', () => {
  it('shows the RTK 2024 agreement with status, amount, downloads and exactly one h1', async () => {
    const response = await app.request(RTK);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain('<h1 class="kern-heading-large">Zielvereinbarung 2024 – Rheingau-Taunus-Kreis</h1>');
    expect(html).toContain('Veröffentlicht');
    expect(html).toContain('787.100,00 €'); // key facts
    expect(html).toContain('787.100 Euro'); // § 4 in the document text
    expect(html).toContain('<h2>Zielvereinbarung</h2>'); // the document's own heading, one level down
    expect(html).toContain('und dem Rheingau-Taunus-Kreis');
    expect(html).toContain('Jahresvorlage 2024, Version 1');
    for (const ext of ['pdf', 'docx', 'txt', 'json']) expect(html).toContain(`href="${RTK}/dokument.${ext}"`);
    expect(html).not.toContain('Demodaten');
  });

  it('shows the Demodaten banner on a demo agreement', async () => {
    await applyDemoSetting(database, true);
    try {
      const html = await (await app.request('/zielvereinbarungen/2025/06411')).text();
      expect(html).toContain('<p class="kern-title">Demodaten</p>');
      expect(html).toContain('Zielvereinbarung 2025 – Wissenschaftsstadt Darmstadt');
    } finally {
      await applyDemoSetting(database, false);
    }
  });

  it('answers unknown districts, years without template, missing agreements and bad addresses with a German 404', async () => {
    const cases: Array<[string, string]> = [
      ['/zielvereinbarungen/2024/06999', 'Die Gebietskörperschaft mit dem AGS „06999“ ist nicht bekannt.'],
      ['/zielvereinbarungen/2016/06439', 'Für das AQB-Jahr 2016 ist keine Vorlage hinterlegt'],
      ['/zielvereinbarungen/2025/06439', 'Für den Rheingau-Taunus-Kreis gibt es im AQB-Jahr 2025 keine Zielvereinbarung.'],
      ['/zielvereinbarungen/2024/6439', 'Die angeforderte Seite gibt es nicht.'],
      ['/zielvereinbarungen/2024/06439/dokument.exe', 'Die angeforderte Seite gibt es nicht.'],
      ['/zielvereinbarungen/2025/06439/dokument.pdf', 'keine Zielvereinbarung'],
    ];
    for (const [path, message] of cases) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toContain(message);
    }
  });
});

describe('agreement downloads', () => {
  it('serves a tagged PDF with a German file name', async () => {
    const response = await app.request(`${RTK}/dokument.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Zielvereinbarung_2024_Rheingau-Taunus-Kreis.pdf"; filename*=UTF-8''Zielvereinbarung_2024_Rheingau-Taunus-Kreis.pdf`,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = execFileSync('pdfinfo', ['-'], { input: bytes, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toContain('Zielvereinbarung 2024 – Rheingau-Taunus-Kreis');
  });

  it('serves a DOCX (a zip with the agreement text in word/document.xml)', async () => {
    const response = await app.request('/zielvereinbarungen/2025/06533/dokument.docx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers.get('content-disposition')).toContain('filename="Zielvereinbarung_2025_Landkreis_Limburg-Weilburg.docx"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(strFromU8(bytes.subarray(0, 2))).toBe('PK');
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    expect(xml).toContain('895.210 Euro');
  });

  it('serves the text and the interchange JSON', async () => {
    const txt = await app.request(`${RTK}/dokument.txt`);
    expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await txt.text()).toContain('Der Rheingau-Taunus-Kreis finanziert');
    const json = await app.request(`${RTK}/dokument.json`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const data = (await json.json()) as { schema: string; amountCents: number };
    expect(data.schema).toBe('aqb.zielvereinbarung/1');
    expect(data.amountCents).toBe(787_100_00);
  });

  it('spells out umlauts in the ASCII file name and keeps them in filename*', async () => {
    await applyDemoSetting(database, true);
    try {
      const response = await app.request('/zielvereinbarungen/2024/06531/dokument.txt');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="Zielvereinbarung_2024_Landkreis_Giessen.txt"; filename*=UTF-8''Zielvereinbarung_2024_Landkreis_Gie%C3%9Fen.txt`,
      );
    } finally {
      await applyDemoSetting(database, false);
    }
  });
});

describe('read policy of the agreement page', () => {
  it('sends signed-out visitors to the sign-in page and hides other districts’ agreements (404)', async () => {
    const open = createApp({ database });
    const anonymous = await open.request(RTK);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/anmelden/);
    expect((await open.request(`${RTK}/dokument.pdf`)).status).toBe(303);
    const otherDistrict = withHeaders(open, await authHeaders(database, 'district', '06533'));
    expect((await otherDistrict.request(RTK)).status).toBe(404);
    expect((await otherDistrict.request(`${RTK}/dokument.json`)).status).toBe(404);
    const ownDistrict = withHeaders(open, await authHeaders(database, 'district', '06439'));
    expect((await ownDistrict.request(RTK)).status).toBe(200);
  });
});

describe('allocation mismatch on the agreement page', () => {
  it('flags an agreement whose § 4 amount no longer matches the revised allocation', async () => {
    const { reviseAllocation } = await import('../budget-years/service');
    expect(await (await app.request(RTK)).text()).not.toContain('Betrag weicht von der Zuweisung ab');
    await database.db.transaction((tx) =>
      reviseAllocation(tx, { year: 2024, ags: '06439', toCents: 700_000_00, reason: 'Kürzung nach Haushaltssperre', decidedOn: '2024-09-01', actor: null }),
    );
    const html = await (await app.request(RTK)).text();
    expect(html).toContain('Betrag weicht von der Zuweisung ab');
    expect(html).toContain('weicht um 87.100,00 € von der aktuellen Zuweisung (700.000,00 €) ab');
  });
});
