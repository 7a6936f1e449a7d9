/**
 * The template database one PostgreSQL test run clones per test file. The run's process id is
 * part of the name, so two runs on one server (two checkouts, CI beside a developer) never drop
 * each other's template.
 */
export function templateDatabaseName(runId: number | string): string {
  return `aqb_test_template_${String(runId).replace(/[^0-9a-z_]/gi, '')}`;
}

/** The same server, another database name. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The server's maintenance connection (the database named in TEST_DATABASE_URL). */
export function adminUrl(base: string): string {
  return base;
}
