import { defineConfig } from 'drizzle-kit';

// Each module owns its tables in src/modules/<area>/tables.ts; drizzle-kit collects them all.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/modules/*/tables.ts',
  out: './drizzle',
});
