import type { Executor } from '../../platform/db/client';
import { formatDate, formatEuroNumber } from '../../platform/format';
import { findAllocationsForYear } from '../budget-years/service';
import { findDistricts } from '../districts/service';
import { countParticipantFlows, hasDemoParticipants, type PublishedTable, publicParticipantTables } from '../participants/service';
import { findFundingOverview, type FundingOverview, readLedgers } from '../payments/service';
import { findProjects } from '../projects/service';
import { findDeviations } from '../steering/service';
import { findAchievements, JUDGEMENT_LABELS } from '../achievement/service';
import { type AchievementRow, CHAPTER_KEYS, CHAPTER_TITLES, type ChapterKey, type ReportChapter, type ReportChart, type ReportContent, type ReportTable } from './schema';

/*
 * The chapters of the Landesbericht, generated from the data: every loader reads other modules
 * through their services only, every mapper is pure (figures in, formatted tables out), so the
 * numbers can be checked by hand in the tests without rendering a file.
 */

const count = new Intl.NumberFormat('de-DE');
const fmtCount = (n: number | null) => (n === null ? '•' : count.format(n));
const MEASURE_TYPES = [1, 2, 3, 4] as const;

/** Money per Maßnahmenart of the Land: bewilligt, ausgezahlt, verwendet (allocations are per district only). */
export interface MeasureTypeMoney {
  measureType: 1 | 2 | 3 | 4 | null;
  approvedCents: number;
  paidCents: number;
  usedCents: number;
}

/** Chapter (a): the Förderübersicht per district with the Land sum, and the Land per Maßnahmenart. */
export function moneyChapter(overview: FundingOverview, byMeasureType: MeasureTypeMoney[]): Omit<ReportChapter, 'number' | 'commentary'> {
  const euro = formatEuroNumber;
  const districts: ReportTable = {
    id: 'mittel-gebietskoerperschaften',
    caption: `Mittel ${overview.year} je Gebietskörperschaft (Euro)`,
    columns: ['AGS', 'Gebietskörperschaft', 'Zugewiesen', 'Bewilligt', 'Ausgezahlt', 'Verwendet'],
    numeric: [false, false, true, true, true, true],
    rows: [
      ...overview.rows.map((r) => [r.ags, r.name, euro(r.allocatedCents), euro(r.approvedCents), euro(r.paidCents), euro(r.usedCents)]),
      ['', 'Land Hessen', euro(overview.total.allocatedCents), euro(overview.total.approvedCents), euro(overview.total.paidCents), euro(overview.total.usedCents)],
    ],
    hasTotal: true,
    footnote: null,
  };
  const sum = (k: 'approvedCents' | 'paidCents' | 'usedCents') => byMeasureType.reduce((s, m) => s + m[k], 0);
  const measures: ReportTable = {
    id: 'mittel-massnahmenarten',
    caption: `Mittel ${overview.year} je Maßnahmenart, Land Hessen (Euro)`,
    columns: ['Maßnahmenart', 'Bewilligt', 'Ausgezahlt', 'Verwendet'],
    numeric: [false, true, true, true],
    rows: [
      ...byMeasureType.map((m) => [m.measureType === null ? 'ohne Maßnahmenart' : `Maßnahmenart ${m.measureType}`, euro(m.approvedCents), euro(m.paidCents), euro(m.usedCents)]),
      ['Summe', euro(sum('approvedCents')), euro(sum('paidCents')), euro(sum('usedCents'))],
    ],
    hasTotal: true,
    footnote: 'Die Zuweisung erfolgt je Gebietskörperschaft, nicht je Maßnahmenart.',
  };
  const chart: ReportChart = {
    id: 'mittel-bewilligt',
    title: `Bewilligte Mittel ${overview.year} je Gebietskörperschaft`,
    description: 'Balkendiagramm der bewilligten Mittel in Euro je Gebietskörperschaft. Die Zahlen stehen auch in der Tabelle darunter.',
    labels: overview.rows.map((r) => r.name),
    values: overview.rows.map((r) => r.approvedCents),
    display: overview.rows.map((r) => `${euro(r.approvedCents)} €`),
  };
  return {
    key: 'mittel',
    title: CHAPTER_TITLES.mittel,
    paragraphs: [
      `Den Gebietskörperschaften wurden für ${overview.year} insgesamt ${euro(overview.total.allocatedCents)} € zugewiesen; bewilligt sind ${euro(overview.total.approvedCents)} €, ausgezahlt ${euro(overview.total.paidCents)} € und verwendet ${euro(overview.total.usedCents)} €.`,
    ],
    charts: [chart],
    tables: [districts, measures],
  };
}

/** A published participant table as a report table: withheld cells stay "•", with the footnote. */
export function publishedTable(id: string, table: PublishedTable, k: number): ReportTable {
  const withheld = table.total === null || table.rowTotals.includes(null) || table.columnTotals.includes(null) || table.cells.some((r) => r.includes(null));
  return {
    id,
    caption: `${table.name ?? id} (Anzahl Teilnehmende)`,
    columns: ['', ...table.columns, 'Summe'],
    numeric: [false, ...table.columns.map(() => true), true],
    rows: [...table.rows.map((label, i) => [label, ...table.cells[i]!.map(fmtCount), fmtCount(table.rowTotals[i]!)]), ['Summe', ...table.columnTotals.map(fmtCount), fmtCount(table.total)]],
    hasTotal: true,
    footnote: withheld ? `• = geheim gehalten (Schutz kleiner Fallzahlen: Werte unter ${k} und was sie erschließen ließe).` : null,
  };
}

function rowTotalChart(id: string, table: PublishedTable): ReportChart {
  return {
    id: `${id}-diagramm`,
    title: table.name ?? id,
    description: 'Balkendiagramm der Zeilensummen (Anzahl Teilnehmende); geheim gehaltene Werte haben keinen Balken. Die Zahlen stehen auch in der Tabelle darunter.',
    labels: table.rows,
    values: table.rowTotals,
    display: table.rowTotals.map((v) => (v === null ? 'geheim gehalten' : fmtCount(v))),
  };
}

const OUTCOME_TABLES = new Set(['verbleib-geschlecht', 'massnahmenart-verbleib']);
export type PublishedSet = Array<{ key: string; k: number; table: PublishedTable }>;

/** Planned places of the active projects per district (project records: no personal data). */
export interface PlacesRow {
  ags: string;
  name: string;
  plannedPlaces: number | null;
}

/** Chapter (b): planned places per district and the published participant tables (never the raw counts). */
export function participantsChapter(year: number, places: PlacesRow[], published: PublishedSet): Omit<ReportChapter, 'number' | 'commentary'> {
  const tables = published.filter((t) => !OUTCOME_TABLES.has(t.key));
  const total = places.reduce((s, p) => s + (p.plannedPlaces ?? 0), 0);
  const placesTable: ReportTable = {
    id: 'plaetze',
    caption: `Geplante Plätze ${year} je Gebietskörperschaft`,
    columns: ['AGS', 'Gebietskörperschaft', 'Geplante Plätze'],
    numeric: [false, false, true],
    rows: [...places.map((p) => [p.ags, p.name, p.plannedPlaces === null ? '–' : fmtCount(p.plannedPlaces)]), ['', 'Land Hessen', fmtCount(total)]],
    hasTotal: true,
    footnote: null,
  };
  const first = tables[0];
  return {
    key: 'teilnehmende',
    title: CHAPTER_TITLES.teilnehmende,
    paragraphs: [
      `In den Projekten des Jahres ${year} sind ${fmtCount(total)} Plätze geplant.`,
      first?.table.total === null || first === undefined
        ? 'Die Zahl der Teilnehmenden wird zum Schutz kleiner Fallzahlen nicht veröffentlicht.'
        : `Veröffentlicht sind die Angaben zu ${fmtCount(first.table.total)} Teilnehmenden; kleine Fallzahlen sind geheim gehalten (•).`,
    ],
    charts: first ? [rowTotalChart(`teilnehmende-${first.key}`, first.table)] : [],
    tables: [placesTable, ...tables.map((t) => publishedTable(`teilnehmende-${t.key}`, t.table, t.k))],
  };
}

/** Chapter (c): the published outcome tables (the same joint suppression). */
export function outcomesChapter(published: PublishedSet): Omit<ReportChapter, 'number' | 'commentary'> {
  const tables = published.filter((t) => OUTCOME_TABLES.has(t.key));
  const first = tables[0];
  return {
    key: 'verbleib',
    title: CHAPTER_TITLES.verbleib,
    paragraphs: ['Verbleib der Teilnehmenden nach dem Austritt, wie im Portal veröffentlicht; kleine Fallzahlen sind geheim gehalten (•).'],
    charts: first ? [rowTotalChart(`verbleib-${first.key}`, first.table)] : [],
    tables: tables.map((t) => publishedTable(`verbleib-${t.key}`, t.table, t.k)),
  };
}

/** Chapter (d): the target-achievement judgements; none yet → the sentence that says so. */
export function achievementChapter(year: number, rows: AchievementRow[]): Omit<ReportChapter, 'number' | 'commentary'> {
  if (rows.length === 0) {
    return { key: 'zielerreichung', title: CHAPTER_TITLES.zielerreichung, paragraphs: [`Die Zielerreichung ist für ${year} noch nicht beurteilt.`], charts: [], tables: [] };
  }
  const judged = rows.filter((r) => r.final !== null).length;
  return {
    key: 'zielerreichung',
    title: CHAPTER_TITLES.zielerreichung,
    paragraphs: [
      rows.length === 1
        ? `Für ${year} liegt die Zielerreichung einer Gebietskörperschaft vor; ${judged === 1 ? 'das HMSI hat sie abschließend beurteilt' : 'das HMSI hat sie noch nicht abschließend beurteilt'}.`
        : `Für ${year} liegt die Zielerreichung von ${count.format(rows.length)} Gebietskörperschaften vor; ${count.format(judged)} davon ${judged === 1 ? 'hat' : 'haben'} das HMSI abschließend beurteilt.`,
    ],
    charts: [],
    tables: [
      {
        id: 'zielerreichung',
        caption: `Zielerreichung ${year}`,
        columns: ['AGS', 'Gebietskörperschaft', 'Maßnahmenart', 'Vorschlag', 'Beurteilung', 'Begründung'],
        numeric: [false, false, false, false, false, false],
        rows: rows.map((r) => [r.ags, r.name, r.measureType === null ? 'insgesamt' : String(r.measureType), r.proposed ?? '–', r.final ?? 'noch offen', r.reason || '–']),
        hasTotal: false,
        footnote: null,
      },
    ],
  };
}

/** What chapter (e) counts per district. */
export interface DeviationCounts {
  ags: string;
  name: string;
  open: number;
  justified: number;
  recognised: number;
  notRecognised: number;
}

/** Chapter (e): the deviations per district by status and assessment (districts without any left out), with the Land sum. */
export function deviationsChapter(year: number, rows: DeviationCounts[]): Omit<ReportChapter, 'number' | 'commentary'> {
  const withAny = rows.filter((r) => r.open + r.justified + r.recognised + r.notRecognised > 0);
  const sum = (k: 'open' | 'justified' | 'recognised' | 'notRecognised') => withAny.reduce((s, r) => s + r[k], 0);
  const line = (ags: string, name: string, o: number, j: number, r: number, n: number) => [ags, name, fmtCount(o), fmtCount(j), fmtCount(r), fmtCount(n), fmtCount(o + j + r + n)];
  const total = sum('open') + sum('justified') + sum('recognised') + sum('notRecognised');
  return {
    key: 'abweichungen',
    title: CHAPTER_TITLES.abweichungen,
    paragraphs: [
      total === 0
        ? `Für ${year} sind keine Abweichungen erfasst.`
        : total === 1
          ? `Für ${year} ist 1 Abweichung erfasst; das HMSI hat sie ${sum('recognised') === 1 ? 'anerkannt' : sum('notRecognised') === 1 ? 'nicht anerkannt' : 'noch nicht bewertet'}.`
          : `Für ${year} sind ${fmtCount(total)} Abweichungen erfasst; ${fmtCount(sum('recognised'))} davon hat das HMSI anerkannt, ${fmtCount(sum('notRecognised'))} nicht anerkannt.`,
    ],
    charts: [],
    tables:
      total === 0
        ? []
        : [
            {
              id: 'abweichungen',
              caption: `Abweichungen ${year} je Gebietskörperschaft`,
              columns: ['AGS', 'Gebietskörperschaft', 'Offen', 'Begründet', 'Anerkannt', 'Nicht anerkannt', 'Summe'],
              numeric: [false, false, true, true, true, true, true],
              rows: [...withAny.map((r) => line(r.ags, r.name, r.open, r.justified, r.recognised, r.notRecognised)), line('', 'Land Hessen', sum('open'), sum('justified'), sum('recognised'), sum('notRecognised'))],
              hasTotal: true,
              footnote: null,
            },
          ],
  };
}

/**
 * Chapter (d)'s rows: the target achievement of each district that has a proposal or a judgement,
 * district totals only (the final judgement is given per district; its Maßnahmenart rows carry only
 * figures), labels in German. Read through the achievement module's `findAchievements`.
 */
export async function loadAchievementRows(db: Executor, year: number): Promise<AchievementRow[]> {
  return (await findAchievements(db, year))
    .filter((r) => r.measureType === null && (r.proposed !== null || r.final !== null))
    .map((r) => ({
      ags: r.ags,
      name: r.districtName,
      measureType: null,
      proposed: r.proposed && JUDGEMENT_LABELS[r.proposed],
      final: r.final && JUDGEMENT_LABELS[r.final],
      reason: r.reason ?? '',
    }));
}

async function loadMoneyByMeasureType(db: Executor, year: number): Promise<MeasureTypeMoney[]> {
  const ledgers = await readLedgers(db, year);
  const sums = new Map<1 | 2 | 3 | 4 | null, MeasureTypeMoney>(MEASURE_TYPES.map((m) => [m, { measureType: m, approvedCents: 0, paidCents: 0, usedCents: 0 }]));
  for (const [ags, ledger] of ledgers) {
    const types = new Map((await findProjects(db, year, ags, { includeDropped: true })).map((p) => [p.key, p.measureType ?? null]));
    for (const district of ledger.balances.districts) {
      for (const p of district.projects) {
        const type = (types.get(p.project) ?? null) as 1 | 2 | 3 | 4 | null;
        const entry = sums.get(type) ?? { measureType: type, approvedCents: 0, paidCents: 0, usedCents: 0 };
        sums.set(type, entry);
        entry.approvedCents += p.approvedCents;
        entry.paidCents += p.paidCents;
        entry.usedCents += p.usedCents;
      }
    }
  }
  const list = [...sums.values()];
  // "ohne Maßnahmenart" only when it holds money.
  return list.filter((m) => m.measureType !== null || m.approvedCents + m.paidCents + m.usedCents > 0);
}

/** Whether any figure of the year rests on demo records (allocations, money path, participants, deviations). */
async function hasDemoFigures(db: Executor, year: number): Promise<boolean> {
  if ((await findAllocationsForYear(db, year)).some((a) => a.isDemo)) return true;
  if ([...(await readLedgers(db, year)).values()].some((l) => l.isDemo)) return true;
  if ((await findDeviations(db, { year, ags: null })).some((d) => d.isDemo)) return true;
  return hasDemoParticipants(db, { year });
}

async function loadDeviationCounts(db: Executor, year: number): Promise<DeviationCounts[]> {
  const deviations = await findDeviations(db, { year, ags: null });
  return (await findDistricts(db)).map((d) => {
    const own = deviations.filter((x) => x.ags === d.ags);
    return {
      ags: d.ags,
      name: d.name,
      open: own.filter((x) => x.status === 'offen').length,
      justified: own.filter((x) => x.status === 'begruendet').length,
      recognised: own.filter((x) => x.status === 'bewertet' && x.assessment === 'anerkannt').length,
      notRecognised: own.filter((x) => x.status === 'bewertet' && x.assessment === 'nicht_anerkannt').length,
    };
  });
}

/**
 * Generates the whole report of a year from the current data with the given texts. The
 * participant figures are the portal's published ones (joint suppression), never the raw counts.
 */
export async function generateReportContent(
  db: Executor,
  input: { year: number; versionNo: number; isDraft: boolean; asOf: Date; foreword: string; commentary: Partial<Record<ChapterKey, string>> },
): Promise<ReportContent> {
  const { year } = input;
  // One query after the other: inside a transaction (the release) a connection runs one query at a time.
  const overview = await findFundingOverview(db, year);
  const byMeasureType = await loadMoneyByMeasureType(db, year);
  const flows = await countParticipantFlows(db, { year }, `${year}-12-31`);
  const published = await publicParticipantTables(db, { year });
  const achievements = await loadAchievementRows(db, year);
  const deviations = await loadDeviationCounts(db, year);
  const isDemo = await hasDemoFigures(db, year);
  const places = flows.map((f) => ({ ags: f.key, name: f.label, plannedPlaces: f.plannedPlaces }));
  const parts: Record<ChapterKey, Omit<ReportChapter, 'number' | 'commentary'>> = {
    mittel: moneyChapter(overview, byMeasureType),
    teilnehmende: participantsChapter(year, places, published),
    verbleib: outcomesChapter(published),
    zielerreichung: achievementChapter(year, achievements),
    abweichungen: deviationsChapter(year, deviations),
  };
  return {
    year,
    versionNo: input.versionNo,
    isDraft: input.isDraft,
    isDemo,
    title: `Landesbericht ${year} – Ausbildungs- und Qualifizierungsbudget Hessen`,
    asOf: `${input.isDraft ? 'Entwurf, Stand' : 'Stand'}: ${formatDate(input.asOf.toISOString().slice(0, 10))}${input.versionNo > 1 ? ` (Fassung ${input.versionNo})` : ''}`,
    foreword: input.foreword,
    chapters: CHAPTER_KEYS.map((key, i) => ({ ...parts[key], number: i + 1, commentary: input.commentary[key] ?? '' })),
  };
}
