import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { reviseAllocation } from '../budget-years/service';
import { setLandesbudget } from '../budget-years/service';
import { getLandesuebersicht } from './service';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('Landesübersicht: revisions, mismatches, sums check and export', () => {
  it('flags the agreement whose § 4 amount no longer matches the revised allocation', async () => {
    let y2025 = (await getLandesuebersicht(database.db)).find((y) => y.year === 2025)!;
    let lw = y2025.rows.find((r) => r.ags === '06533')!;
    expect(lw).toMatchObject({ allocationCents: 895_210_00, agreedCents: 895_210_00, revisionsCount: 0, published: true, isMismatch: false });
    expect(y2025.budgetDifferenceCents).toBeNull();

    await database.db.transaction(async (tx) => {
      await reviseAllocation(tx, { year: 2025, ags: '06533', toCents: 850_000_00, reason: 'Kürzung', decidedOn: '2025-08-01', actor: null });
      await setLandesbudget(tx, { year: 2025, landesbudgetCents: 27_700_000_00, actor: null });
    });
    y2025 = (await getLandesuebersicht(database.db)).find((y) => y.year === 2025)!;
    lw = y2025.rows.find((r) => r.ags === '06533')!;
    expect(lw).toMatchObject({ allocationCents: 850_000_00, agreedCents: 895_210_00, revisionsCount: 1, isMismatch: true });
    expect(y2025.rows.filter((r) => r.isMismatch)).toHaveLength(1);
    expect(y2025.budgetDifferenceCents).toBe(850_000_00 - 27_700_000_00);

    const html = await (await createApp({ database }).request('/')).text();
    expect(html).toContain('weicht von der Zuweisung ab');
    expect(html).toContain('Summenprüfung: Die Zuweisungen unterschreiten das Landesbudget um 26.850.000,00 €.');
    expect(html).toContain('Eine Zielvereinbarung weicht in § 4 von der aktuellen Zuweisung ab.');
  });

  it('exports a year as CSV and XLSX with the right headers and rows', async () => {
    const app = createApp({ database });
    const csv = await app.request('/landesuebersicht/2025/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="landesuebersicht-2025.csv"');
    const text = new TextDecoder().decode(await csv.arrayBuffer());
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(27);
    expect(lines.find((l) => l.startsWith('06533;'))).toBe('06533;Landkreis Limburg-Weilburg;Gießen;850.000,00;1;Veröffentlicht;895.210,00;ja');

    const xlsx = await app.request('/landesuebersicht/2025/export.xlsx');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="landesuebersicht-2025.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as never);
    const values = workbook.worksheets[0]!.getSheetValues().flat().filter((v) => v !== undefined && v !== null);
    expect(values).toContain('Landkreis Limburg-Weilburg');

    expect((await app.request('/landesuebersicht/1999/export.csv')).status).toBe(404);
    expect((await app.request('/landesuebersicht/2025/export.pdf')).status).toBe(404);
  });
});
