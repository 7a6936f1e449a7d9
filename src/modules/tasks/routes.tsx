import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { findTasks } from './service';
import { TasksPage } from './views/tasks-page';

/** "Meine Aufgaben" (/aufgaben): the start page after sign-in. */
export function taskRoutes({ database }: RouteDeps) {
  const app = new Hono();
  app.get('/aufgaben', async (c) => {
    const actor = requireActor(c);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
    c.header('Cache-Control', 'private, no-store');
    return renderPage(c, <TasksPage tasks={await findTasks(database.db, actor)} today={today} />);
  });
  return app;
}
