/** The template database the PostgreSQL test run clones per test file. */
export const TEMPLATE_DB = 'aqb_test_template';

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
