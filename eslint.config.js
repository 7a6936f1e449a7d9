// Lint: the layer rule (app → modules → platform, never back), the module boundaries and a few safety rules.
// Formatting is left to the editor; the type checker (tsc) is a separate step of `npm test`.
import tseslint from 'typescript-eslint';
import moduleBoundaries from './eslint/module-boundaries.js';

const layer = (message, group) => ['error', { patterns: [{ group, message }] }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'drizzle/**', '.tmp/**', 'coverage/**', 'bench/out/**', 'build/**', 'build.tmp-*/**'] },
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
    // Tests of a platform piece may drive it through the whole application (CLI, app).
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
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
    // Module boundaries: public entry files only, no module circles (eslint/module-boundaries.js,
    // docs/decisions/0012). Tests sit beside the code but may set up the whole application.
    files: ['src/modules/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    plugins: { aqb: moduleBoundaries },
    rules: { 'aqb/module-boundaries': 'error' },
  },
);
