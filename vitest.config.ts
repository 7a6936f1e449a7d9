import { defineConfig } from 'vitest/config';

// Projects:
//   unit      every *.test.ts under src/ and tests/ (database tests run on a PGlite clone)
//   postgres  the database tests (*.db.test.ts) again on real PostgreSQL, when TEST_DATABASE_URL is set
//   e2e       browser journeys in real Chromium (tests/e2e)
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * What every test process gets: a low Argon2id cost through the operator's own configuration
 * variables (the server's default stays OWASP's minimum), applied by tests/support/setup-each.ts,
 * and request logs only from `warn` up (the observability test sets its own level and reads every line).
 */
const testEnv = { PASSWORD_HASH_MEMORY_KIB: '256', PASSWORD_HASH_TIME_COST: '1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
/** Fuzz runs: FUZZ_RUNS for the PGlite project (CI: 1,000); the PostgreSQL repeat keeps the default few hundred. */
const fuzzRuns = process.env.FUZZ_RUNS ?? '';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['tests/support/setup-each.ts'],
    projects: [
      {
        extends: true as const,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.{ts,tsx}'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          globalSetup: ['tests/support/global-setup.ts'],
          env: { ...testEnv, AQB_TEST_TARGET: 'pglite', FUZZ_RUNS: fuzzRuns },
        },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['src/**/*.db.test.{ts,tsx}', 'tests/**/*.db.test.{ts,tsx}'],
                exclude: ['tests/e2e/**', 'node_modules/**'],
                globalSetup: ['tests/support/global-setup.ts'],
                env: { ...testEnv, AQB_TEST_TARGET: 'postgres', FUZZ_RUNS: '' },
              },
            },
          ]
        : []),
      {
        extends: true as const,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.{ts,tsx}'],
          globalSetup: ['tests/support/global-setup.ts'],
          env: { ...testEnv, AQB_TEST_TARGET: 'pglite' },
          fileParallelism: false,
        },
      },
    ],
  },
});
