/**
 * How many generated inputs each fuzz and property test runs: `FUZZ_RUNS` when set (CI runs the
 * PGlite project with 1,000), otherwise a few hundred so a local `npm test` stays fast.
 */
export function fuzzRuns(fallback = 200): number {
  const value = Number(process.env.FUZZ_RUNS);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}
