import { serve } from '@hono/node-server';
import { createApp } from '../../src/app/app';
import { prepareDatabase } from '../../src/app/setup-database';
import { createApiToken } from '../../src/modules/access/service';
import { openPglite } from '../../src/platform/db/client';
import { setLogLevel } from '../../src/platform/logger';
import { buildUser } from '../factories';

/**
 * The real application on a real HTTP server on a loopback port, in its own process, for tests
 * that must watch the server from outside (is it still answering while it works?). Prints one
 * JSON line `{ "port", "token" }` (an HMSI API token) when it listens. Started by the tests with
 * `tsx tests/support/serve-app.ts`; ends with its parent's SIGTERM.
 */
async function main(): Promise<void> {
  setLogLevel('error');
  const database = await openPglite({});
  await prepareDatabase(database, { demo: false });
  const user = await buildUser(database, 'hmsi');
  const { token } = await database.db.transaction((tx) => createApiToken(tx, user.id, 'Lasttest'));
  const server = serve({ fetch: createApp({ database }).fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`${JSON.stringify({ port: info.port, token })}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void database.close().then(() => process.exit(0));
  });
}

void main();
