// Lint: the layer rule (app → modules → platform, never back) and a few safety rules.
// Formatting is left to the editor; the type checker (tsc) is a separate step of `npm test`.
import tseslint from 'typescript-eslint';

const layer = (message, group) => ['error', { patterns: [{ group, message }] }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'drizzle/**', '.tmp/**', 'coverage/**', 'bench/out/**'] },
  {
    files: ['**/*.{ts,tsx,js}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-debugger': 'error',
    },
  },
  {
    files: ['src/platform/**'],
    rules: {
      'no-restricted-imports': layer('platform/ kennt keine Fachmodule: Abhängigkeiten laufen app → modules → platform.', [
        '**/modules/**',
        '**/app/**',
        '**/ui/**',
      ]),
    },
  },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': layer('ui/ enthält nur geteilte Darstellung: keine Fachmodule, keine App-Zusammensetzung.', [
        '**/modules/**',
        '**/app/**',
      ]),
    },
  },
  {
    files: ['src/modules/**'],
    // Tests sit beside the code but may set up the whole application (seeding, app.request).
    ignores: ['src/modules/overview/**', 'src/modules/portal/**', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': layer(
        'Ein Modul nutzt andere Module nur über deren service.ts/schema.ts, nie deren Tabellen, und nie app/.',
        ['**/app/**', '../*/tables', '../../*/tables', '../*/tables.ts'],
      ),
    },
  },
  {
    // Table definitions may reference other modules' tables for foreign keys, nothing else.
    files: ['src/modules/*/tables.ts'],
    rules: { 'no-restricted-imports': layer('Module dürfen app/ nicht importieren.', ['**/app/**']) },
  },
  {
    // Report read models (the Landesübersicht, the public portal) join several modules' tables on purpose; see docs/decisions/0005.
    files: ['src/modules/overview/**', 'src/modules/portal/**'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { 'no-restricted-imports': layer('Module dürfen app/ nicht importieren.', ['**/app/**']) },
  },
);
