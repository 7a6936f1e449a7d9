import { type Context, Hono } from 'hono';
import { AppError, isAppError } from '../../platform/errors';
import type { RouteDeps } from '../../platform/http/deps';
import { isAgs } from '../../platform/input';
import { renderPage } from '../../ui/render';
import { findDistricts, getDistrict } from '../districts/service';
import { hasDemoParticipants, publicParticipantTables, statisticsCsv, statisticsXlsx } from '../participants/service';
import type { Executor } from '../../platform/db/client';
import { findKnownYears } from './service';
import { ParticipantStatisticsPage, ParticipantYearsPage } from './views/participants-page';

const Y = ':year{[0-9]{4}}';

async function yearOf(db: Executor, c: Context): Promise<number> {
  const year = Number(c.req.param('year'));
  if (!(await findKnownYears(db)).includes(year)) throw new AppError('NOT_FOUND', `Das AQB-Jahr ${year} gibt es nicht.`);
  return year;
}

async function districtOf(db: Executor, c: Context): Promise<{ ags: string; name: string }> {
  const ags = c.req.param('ags') ?? '';
  if (!isAgs(ags)) throw new AppError('NOT_FOUND', 'Diese Gebietskörperschaft ist nicht bekannt.');
  try {
    const district = await getDistrict(db, ags);
    return { ags: district.ags, name: district.name };
  } catch (error) {
    if (isAppError(error) && error.code === 'UNKNOWN_DISTRICT') throw new AppError('NOT_FOUND', `Eine Gebietskörperschaft mit dem Schlüssel ${ags} gibt es nicht.`);
    throw error;
  }
}

function xlsx(c: Context, fileName: string, bytes: Uint8Array): Response {
  c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  return c.body(bytes as unknown as ArrayBuffer);
}

function csv(c: Context, fileName: string, body: string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  return c.body(body);
}

/**
 * The published participant statistics (issue 14): Land and district tables with primary and
 * secondary suppression, as pages and as open-data CSV. Aggregates only — the portal never reads
 * a participant record in row form.
 */
export function portalParticipantRoutes({ database }: RouteDeps) {
  const app = new Hono();
  const db = database.db;

  app.get('/portal/teilnehmende', async (c) => renderPage(c, <ParticipantYearsPage years={[...(await findKnownYears(db))].sort((a, b) => b - a)} />));

  app.get(`/portal/teilnehmende/${Y}`, async (c) => {
    const year = await yearOf(db, c);
    const [tables, districts, demo, years] = await Promise.all([publicParticipantTables(db, { year }), findDistricts(db), hasDemoParticipants(db, { year }), findKnownYears(db)]);
    const list = districts.map((d) => ({ ags: d.ags, name: d.name })).sort((a, b) => a.name.localeCompare(b.name, 'de'));
    return renderPage(c, <ParticipantStatisticsPage year={year} district={null} tables={tables} districts={list} years={years} demo={demo} />);
  });

  app.get(`/portal/teilnehmende/${Y}/statistik.csv`, async (c) => {
    const year = await yearOf(db, c);
    return csv(c, `Teilnehmende_${year}_Hessen_veroeffentlicht.csv`, statisticsCsv(`Teilnehmende im AQB-Jahr ${year}, Hessen`, await publicParticipantTables(db, { year }), { suppressed: true }));
  });

  app.get(`/portal/teilnehmende/${Y}/statistik.xlsx`, async (c) => {
    const year = await yearOf(db, c);
    return xlsx(c, `Teilnehmende_${year}_Hessen_veroeffentlicht.xlsx`, await statisticsXlsx(`Teilnehmende ${year} Hessen`, await publicParticipantTables(db, { year }), { suppressed: true }));
  });

  app.get(`/portal/teilnehmende/${Y}/:ags{[0-9]{5}}`, async (c) => {
    const year = await yearOf(db, c);
    const district = await districtOf(db, c);
    const [tables, demo, years] = await Promise.all([publicParticipantTables(db, { year, ags: district.ags }), hasDemoParticipants(db, { year, ags: district.ags }), findKnownYears(db)]);
    return renderPage(c, <ParticipantStatisticsPage year={year} district={district} tables={tables} districts={[]} years={years} demo={demo} />);
  });

  app.get(`/portal/teilnehmende/${Y}/:ags{[0-9]{5}}/statistik.csv`, async (c) => {
    const year = await yearOf(db, c);
    const district = await districtOf(db, c);
    return csv(c, `Teilnehmende_${year}_${district.ags}_veroeffentlicht.csv`, statisticsCsv(`Teilnehmende im AQB-Jahr ${year}, ${district.name}`, await publicParticipantTables(db, { year, ags: district.ags }), { suppressed: true }));
  });

  app.get(`/portal/teilnehmende/${Y}/:ags{[0-9]{5}}/statistik.xlsx`, async (c) => {
    const year = await yearOf(db, c);
    const district = await districtOf(db, c);
    return xlsx(c, `Teilnehmende_${year}_${district.ags}_veroeffentlicht.xlsx`, await statisticsXlsx(`Teilnehmende ${year} ${district.ags}`, await publicParticipantTables(db, { year, ags: district.ags }), { suppressed: true }));
  });

  return app;
}
