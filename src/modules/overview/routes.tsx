import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';
import { getLandesuebersicht } from './service';
import { OverviewPage } from './views/overview-page';

/** GET / — the Landesübersicht. */
export function overviewRoutes({ database }: RouteDeps) {
  const app = new Hono();
  app.get('/', async (c) => {
    const years = await getLandesuebersicht(database.db);
    return c.html(<OverviewPage years={years} />);
  });
  return app;
}
