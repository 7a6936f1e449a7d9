import { defineConfig } from 'drizzle-kit';

// Each module owns its tables in src/modules/<area>/tables.ts; the audit trail's two tables live with
// its hash chain in src/platform/audit. drizzle-kit collects them all.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/modules/*/tables.ts', './src/platform/audit/tables.ts', './src/platform/outbox/tables.ts'],
  out: './drizzle',
});
