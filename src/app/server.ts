import { serve } from '@hono/node-server';
import { loadConfig } from '../platform/env';
import { createOidcClient } from '../platform/oidc';
import { logger, setLogLevel } from '../platform/logger';
import { configurePasswordHashing } from '../modules/access/service';
import { createApp } from './app';
import { describeFatal } from './main-errors';
import { openRuntime } from './runtime';
import { prepareDatabase } from './setup-database';
import { deleteExpiredParticipantRecords } from '../modules/participants/service';
import { startMailWorker } from '../modules/notifications/service';
import { startDetectionWorker } from '../modules/steering/service';
import { deleteExpiredEventPersonalData } from '../modules/events/service';
import { type CliChannel, openCliChannel } from './cli/channel-server';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes participant records and conference registrants' data past their retention periods (audited); a failure is logged, never fatal. */
async function runParticipantRetention(runtime: Awaited<ReturnType<typeof openRuntime>>, retentionYears: number): Promise<void> {
  try {
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
    const deleted = await deleteExpiredParticipantRecords(runtime.database, { today, retentionYears, via: 'server' });
    if (deleted.length) logger.info('Teilnehmendendaten nach Ablauf der Aufbewahrungsfrist gelöscht', { projects: deleted.length, records: deleted.reduce((sum, d) => sum + d.records, 0) });
  } catch (error) {
    logger.error('Löschen abgelaufener Teilnehmendendaten fehlgeschlagen', { message: error instanceof Error ? error.message : String(error) });
  }
  // Names and needs of conference registrations: a year after the conference (issue 16).
  try {
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
    const deleted = await deleteExpiredEventPersonalData(runtime.database, { today, via: 'server' });
    if (deleted.length) logger.info('Anmeldedaten von Tagungen nach einem Jahr gelöscht', { events: deleted.length, names: deleted.reduce((sum, d) => sum + d.names, 0) });
  } catch (error) {
    logger.error('Löschen abgelaufener Anmeldedaten fehlgeschlagen', { message: error instanceof Error ? error.message : String(error) });
  }
}

/** `npm start`: configuration → lock → database (migrate + seed) → HTTP server. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  setLogLevel(config.logLevel);
  configurePasswordHashing(config.passwordHash);
  const runtime = await openRuntime(config);
  let shuttingDown = false;
  try {
    // A directory just filled from the matching install-time dump is already migrated and seeded
    // with demo data; only with demo data off does it need the usual preparation (which removes it).
    if (!(runtime.fromStartTemplate && config.demo)) await prepareDatabase(runtime.database, { demo: config.demo });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  // Retention of participant records (issue 14): at start and once a day.
  await runParticipantRetention(runtime, config.participantRetentionYears);
  const retentionTimer = setInterval(() => void runParticipantRetention(runtime, config.participantRetentionYears), DAY_MS);
  retentionTimer.unref();
  // Reminders and the outbox (issue 15): every minute; without SMTP_URL mails wait in the outbox.
  // Automatic deviation detection of § 6 (issue 15): at start and once per day, one process at a time.
  const stopDetectionWorker = startDetectionWorker(runtime.database);
  const stopMailWorker = startMailWorker(runtime.database, { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, baseUrl: config.baseUrl });
  const app = createApp({ database: runtime.database, trustedProxies: config.trustedProxies, portalCacheBytes: config.portalCacheBytes, metricsToken: config.metricsToken, listenForPortalChanges: true, aktenzeichenPattern: config.aktenzeichenPattern, smtpConfigured: config.smtpUrl !== undefined, oidc: config.oidc ? createOidcClient(config.oidc) : undefined });
  // On the embedded database `aqb` cannot open the directory while this process holds it: it
  // sends administrative commands here instead (docs/decisions/0024).
  let cliChannel: CliChannel | undefined;
  if (config.database.kind === 'pglite-file') {
    try {
      cliChannel = await openCliChannel({ dataDir: config.database.dataDir, config, database: runtime.database });
    } catch (error) {
      logger.warn('Verwaltungsschnittstelle für die Kommandozeile nicht geöffnet', { message: error instanceof Error ? error.message : String(error) });
    }
  }
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const ms = Math.round(performance.now() - startedAt);
    logger.info('AQB-Steuerung läuft', { host: config.host, url: `http://localhost:${info.port}/`, database: config.database.kind, demo: config.demo, startupMs: ms });
    process.stdout.write(`AQB-Steuerung läuft auf http://localhost:${info.port}/ (Datenbank: ${config.database.kind}${config.demo ? ', mit Demodaten' : ''}, Start in ${ms} ms)\n`);
  });
  server.on('error', async (error) => {
    process.stderr.write(`${describeFatal(error)}\n`);
    await cliChannel?.close();
    await runtime.close();
    process.exit(1);
  });
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    clearInterval(retentionTimer);
    stopMailWorker();
    stopDetectionWorker();
    logger.info('Beende AQB-Steuerung', { signal });
    server.close();
    await cliChannel?.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`${describeFatal(error)}\n`);
  process.exit(1);
});
