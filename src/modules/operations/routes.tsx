import { Hono } from 'hono';
import { createBackup, codeMigrationLevel, recordBackupTaken } from '../../platform/backup/backup';
import { sha256 } from '../../platform/backup/archive';
import { findRecentAuditEvents } from '../../platform/audit/store';
import { csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import { renderPage } from '../../ui/render';
import { requirePermission } from '../access/middleware';
import { findUserNames } from '../access/service';
import { BackupPage } from './views/backup-page';

const RECENT_BACKUPS = 10;

/**
 * Backups from the running server (/admin/sicherung): on the embedded database the command line
 * cannot open the directory the server holds, so an administrator downloads a consistent backup
 * here without stopping the service. Every download is an audit event (`system.backup`).
 */
export function operationsRoutes(deps: RouteDeps) {
  const { database } = deps;
  const app = new Hono();

  app.get('/admin/sicherung', async (c) => {
    requirePermission(c, 'system.backup');
    const recent = await findRecentAuditEvents(database.db, { limit: RECENT_BACKUPS, filter: { action: 'system.backup' } });
    const names = await findUserNames(database.db, recent.map((e) => (e.actorId === null ? null : Number(e.actorId))));
    return renderPage(
      c,
      <BackupPage csrf={csrfToken(c)} databaseKind={database.kind} migrationLevel={codeMigrationLevel().count} recent={recent} actorName={(id) => (id === null ? 'Kommandozeile' : (names.get(Number(id)) ?? `Konto ${id}`))} />,
    );
  });

  app.post('/admin/sicherung', async (c) => {
    const actor = requirePermission(c, 'system.backup');
    // The portable form needs no external tool and restores into either database.
    const { bytes, manifest } = await createBackup(database, { engine: 'portable' });
    await recordBackupTaken(database, manifest, sha256(bytes), actor.userId);
    const stamp = manifest.createdAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
    c.header('Content-Type', 'application/zip');
    c.header('Content-Disposition', `attachment; filename="aqb-sicherung-${stamp}.zip"`);
    c.header('Cache-Control', 'no-store');
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  return app;
}
