import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAuditEvents } from '../../platform/audit/store';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { buildAccounts, OWN_AGS } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { seedDemo } from '../demo/service';
import { publicParticipantTables } from '../participants/service';
import { assessDeviation, justifyDeviation, recordDeviation } from '../steering/service';
import { achievementChapter, deviationsChapter, generateReportContent, publishedTable } from './chapters';
import { createStateReport, findStateReportVersions, readReportContent, releaseStateReport, removeDemoStateReports, renderReport, reportFile, saveStateReportDraft, startStateReportCorrection } from './reports';
import { CHAPTER_KEYS, type ReportContent } from './schema';

/**
 * The Landesbericht on a database with the demo data: the generated chapters (hand-checked money
 * figures, suppressed participant tables), the draft → release → correction versions, the files.
 */

let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const YEAR = 2025;
const dir = mkdtempSync(join(tmpdir(), 'state-report-'));

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}
const commentary = Object.fromEntries(CHAPTER_KEYS.map((k) => [k, ''])) as Record<(typeof CHAPTER_KEYS)[number], string>;
const chapter = (content: ReportContent, key: string) => content.chapters.find((c) => c.key === key)!;
const row = (content: ReportContent, key: string, tableId: string, first: string) => chapter(content, key).tables.find((t) => t.id === tableId)!.rows.find((r) => r[0] === first || r[1] === first)!;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction((tx) => seedDemo(tx));
  accounts = await buildAccounts(database);
  // One deviation per step of § 6 for the Rheingau-Taunus-Kreis: offen, anerkannt.
  await database.db.transaction((tx) => recordDeviation(tx, accounts.districtOwn.actor, YEAR, OWN_AGS, { subject: 'Weniger Plätze', count: 4, since: '2025-09-01' }));
  const second = await database.db.transaction((tx) => recordDeviation(tx, accounts.districtOwn.actor, YEAR, OWN_AGS, { subject: 'Mehr Kosten', amountCents: 1_000_00, since: '2025-10-01' }));
  const justified = await database.db.transaction((tx) => justifyDeviation(tx, accounts.districtOwn.actor, second.id, { version: second.version, justification: 'Tariferhöhung' }));
  await database.db.transaction((tx) => assessDeviation(tx, accounts.hmsi.actor, second.id, { version: justified.version, assessment: 'anerkannt', reason: 'nachvollziehbar' }));
}, 300_000);
afterAll(async () => {
  await database?.close();
});

describe('generated chapters', () => {
  it('money: the demo Bescheide of three districts (60,000 + 40,000 € times 1, 1.5, 2) add up to 450,000 € bewilligt', async () => {
    const content = await generateReportContent(database.db, { year: YEAR, versionNo: 1, isDraft: true, asOf: new Date('2026-03-01T12:00:00Z'), foreword: '', commentary });
    expect(row(content, 'mittel', 'mittel-gebietskoerperschaften', 'Rheingau-Taunus-Kreis').slice(3, 4)).toEqual(['100.000,00']);
    expect(row(content, 'mittel', 'mittel-gebietskoerperschaften', '06633')[3]).toBe('150.000,00');
    expect(row(content, 'mittel', 'mittel-gebietskoerperschaften', '06631')[3]).toBe('200.000,00');
    expect(row(content, 'mittel', 'mittel-gebietskoerperschaften', 'Land Hessen')[3]).toBe('450.000,00');
    // The Maßnahmenart table sums to the same bewilligt total.
    expect(row(content, 'mittel', 'mittel-massnahmenarten', 'Summe')[1]).toBe('450.000,00');
    expect(content.asOf).toBe('Entwurf, Stand: 1.3.2026');
    // Demo records are behind these figures: the report says so (banner) and goes with the demo data.
    expect(content.isDemo).toBe(true);
  });

  it('participants and outcomes: exactly the portal’s published (suppressed) tables, withheld cells as •', async () => {
    const content = await generateReportContent(database.db, { year: YEAR, versionNo: 1, isDraft: true, asOf: new Date(), foreword: '', commentary });
    const published = await publicParticipantTables(database.db, { year: YEAR });
    const sexTable = published.find((t) => t.key === 'rechtskreis-geschlecht')!;
    const inReport = chapter(content, 'teilnehmende').tables.find((t) => t.id === 'teilnehmende-rechtskreis-geschlecht')!;
    expect(inReport).toEqual(publishedTable('teilnehmende-rechtskreis-geschlecht', sexTable.table, sexTable.k));
    // No cell of any participant or outcome table shows a number below the table's k (other than 0).
    for (const key of ['teilnehmende', 'verbleib']) {
      for (const t of chapter(content, key).tables.filter((x) => x.id !== 'plaetze')) {
        const k = published.find((p) => t.id.endsWith(p.key))!.k;
        for (const cells of t.rows) for (const cell of cells.slice(1)) if (/^\d+$/.test(cell)) expect(Number(cell) === 0 || Number(cell) >= k).toBe(true);
      }
    }
    expect(chapter(content, 'verbleib').tables.map((t) => t.id)).toEqual(['verbleib-verbleib-geschlecht', 'verbleib-massnahmenart-verbleib']);
  });

  it('deviations: counted per district by status and assessment, with the Land line', async () => {
    const content = await generateReportContent(database.db, { year: YEAR, versionNo: 1, isDraft: true, asOf: new Date(), foreword: '', commentary });
    // Offen, Begründet, Anerkannt, Nicht anerkannt, Summe
    expect(row(content, 'abweichungen', 'abweichungen', OWN_AGS).slice(2)).toEqual(['1', '0', '1', '0', '2']);
    expect(row(content, 'abweichungen', 'abweichungen', 'Land Hessen').slice(2)).toEqual(['1', '0', '1', '0', '2']);
  });

  it('achievement: none judged yet → the sentence; typed rows → a table', () => {
    expect(achievementChapter(2025, []).paragraphs).toEqual(['Die Zielerreichung ist für 2025 noch nicht beurteilt.']);
    const mapped = achievementChapter(2025, [{ ags: OWN_AGS, name: 'Rheingau-Taunus-Kreis', measureType: 2, proposed: 'erreicht', final: null, reason: '' }]);
    expect(mapped.tables[0]!.rows).toEqual([[OWN_AGS, 'Rheingau-Taunus-Kreis', '2', 'erreicht', 'noch offen', '–']]);
    expect(deviationsChapter(2025, []).paragraphs).toEqual(['Für 2025 sind keine Abweichungen erfasst.']);
  });
});

describe('versions: draft, release, correction', () => {
  it('creates, saves with the lock, releases (frozen files + sha256), refuses edits after, corrects as version 2', async () => {
    const hmsi = accounts.hmsi.actor;
    expect(await code(database.db.transaction((tx) => createStateReport(tx, accounts.rp.actor, YEAR)))).toBe('FORBIDDEN');
    const created = await database.db.transaction((tx) => createStateReport(tx, hmsi, YEAR));
    expect(await code(database.db.transaction((tx) => createStateReport(tx, hmsi, YEAR)))).toBe('CONFLICT');
    const saved = await database.db.transaction((tx) =>
      saveStateReportDraft(tx, hmsi, YEAR, { version: created.version, foreword: 'Das AQB hat sich bewährt.', commentary: { ...commentary, mittel: 'Die Mittel flossen planmäßig ab.' } }),
    );
    expect(saved.version).toBe(2);
    expect(await code(database.db.transaction((tx) => saveStateReportDraft(tx, hmsi, YEAR, { version: 1, foreword: 'alt', commentary })))).toBe('CONFLICT');
    expect(await code(database.db.transaction((tx) => saveStateReportDraft(tx, hmsi, YEAR, { version: 2, foreword: 'x'.repeat(20_001), commentary })))).toBe('VALIDATION_FAILED');
    expect(await code(database.db.transaction((tx) => saveStateReportDraft(tx, accounts.rp.actor, YEAR, { version: 2, foreword: 'x', commentary })))).toBe('FORBIDDEN');

    const draft = await readReportContent(database.db, YEAR);
    expect(draft.content.isDraft).toBe(true);
    expect(draft.content.chapters[0]!.commentary).toBe('Die Mittel flossen planmäßig ab.');

    const released = await database.db.transaction((tx) => releaseStateReport(tx, hmsi, YEAR, { version: 2 }));
    expect(released.status).toBe('freigegeben');
    const pdf = await reportFile(database.db, YEAR, 'pdf');
    expect(pdf.isDraft).toBe(false);
    expect(createHash('sha256').update(pdf.bytes).digest('hex')).toBe(released.pdfSha256);
    const html = await reportFile(database.db, YEAR, 'html');
    expect(createHash('sha256').update(html.bytes).digest('hex')).toBe(released.htmlSha256);
    expect(await code(database.db.transaction((tx) => saveStateReportDraft(tx, hmsi, YEAR, { version: 3, foreword: 'neu', commentary })))).toBe('INVALID_STATE_TRANSITION');
    expect(await code(database.db.transaction((tx) => releaseStateReport(tx, hmsi, YEAR, { version: 3 })))).toBe('INVALID_STATE_TRANSITION');

    // The frozen snapshot does not follow later data: a new deviation changes the draft's figures only.
    await database.db.transaction((tx) => recordDeviation(tx, accounts.districtOwn.actor, YEAR, OWN_AGS, { subject: 'Später', count: 1, since: '2025-11-01' }));
    expect(row((await readReportContent(database.db, YEAR, 1)).content, 'abweichungen', 'abweichungen', 'Land Hessen')[6]).toBe('2');

    const correction = await database.db.transaction((tx) => startStateReportCorrection(tx, hmsi, YEAR));
    expect(correction).toMatchObject({ versionNo: 2, status: 'entwurf', foreword: 'Das AQB hat sich bewährt.' });
    expect(await code(database.db.transaction((tx) => startStateReportCorrection(tx, hmsi, YEAR)))).toBe('CONFLICT');
    expect(row((await readReportContent(database.db, YEAR)).content, 'abweichungen', 'abweichungen', 'Land Hessen')[6]).toBe('3');
    const versions = await findStateReportVersions(database.db, YEAR);
    expect(versions.map((v) => [v.versionNo, v.status])).toEqual([
      [1, 'freigegeben'],
      [2, 'entwurf'],
    ]);
    expect((await findAuditEvents(database.db, { recordType: 'state_report', recordId: created.id })).map((e) => e.action)).toEqual(['stateReport.create', 'stateReport.save', 'stateReport.release']);
    expect((await findAuditEvents(database.db, { recordType: 'state_report', recordId: correction.id })).map((e) => e.action)).toEqual(['stateReport.correct']);
    // Released on demo figures → removed with the demo data; the draft (no figures of its own) stays.
    await database.db.transaction((tx) => removeDemoStateReports(tx));
    expect((await findStateReportVersions(database.db, YEAR)).map((v) => [v.versionNo, v.status])).toEqual([[2, 'entwurf']]);
  });
});

describe('files', () => {
  it('PDF/UA: title, tagged, qpdf clean, pdfuaid in XMP, a hand-checked figure in the text; DOCX and HTML carry the same figure', async () => {
    const content = await generateReportContent(database.db, { year: YEAR, versionNo: 1, isDraft: false, asOf: new Date('2026-03-01T12:00:00Z'), foreword: 'Vorwort des Ministeriums.', commentary });
    expect(content.isDemo).toBe(true);
    const file = join(dir, 'bericht.pdf');
    writeFileSync(file, await renderReport(content, 'pdf'));
    execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Landesbericht 2025 – Ausbildungs- und Qualifizierungsbudget Hessen/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' })).toContain('<pdfuaid:part>1</pdfuaid:part>');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('450.000,00');
    // Every district with demo projects in 2025 plans places and outcomes (demo Eckdaten), so all 21
    // have proposals (achievement module): 26 less the four demo years without an agreement and
    // Limburg-Weilburg's real one. None judged yet.
    expect(text).toContain('Für 2025 liegt die Zielerreichung von 21 Gebietskörperschaften vor; 0 davon haben das HMSI abschließend beurteilt.');
    expect(text).toContain('Vorwort des Ministeriums.');
    expect(text).toContain('Enthält Demodaten.');
    const docx = unzipSync(await renderReport(content, 'docx'));
    const xml = strFromU8(docx['word/document.xml']!);
    expect(xml).toContain('450.000,00');
    expect(xml).toContain('Rheingau-Taunus-Kreis');
    expect(strFromU8(docx['docProps/core.xml']!)).toContain('Landesbericht 2025');
    const html = new TextDecoder().decode(await renderReport(content, 'html'));
    expect(html).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(html).toContain('<svg');
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<td[^>]*>450\.000,00<\/td>/);
    expect(html).not.toContain('&quot;Fira');
  });
});
