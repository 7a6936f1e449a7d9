import { defineConfig } from 'vitest/config';

// Projects:
//   unit      every *.test.ts under src/ and tests/ (database tests run on a PGlite clone)
//   postgres  the database tests (*.db.test.ts) again on real PostgreSQL, when TEST_DATABASE_URL is set
//   e2e       browser journeys in real Chromium (tests/e2e)
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true as const,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.{ts,tsx}'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          globalSetup: ['tests/support/global-setup.ts'],
          env: { AQB_TEST_TARGET: 'pglite' },
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
                env: { AQB_TEST_TARGET: 'postgres' },
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
          env: { AQB_TEST_TARGET: 'pglite' },
          fileParallelism: false,
        },
      },
    ],
  },
});
