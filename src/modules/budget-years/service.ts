/**
 * The AQB year's public surface for other modules: the year with its Landesbudget and
 * Teilbudgets (years.ts), the distribution into allocations with scenarios, fixing and revisions
 * (allocation/), and the frozen Mittelankündigung letters (letters/).
 */
export * from './years';
export { findAllAllocationCents, findAllocationCents, findAllocationsForYear, insertDemoAllocations, REAL_ALLOCATIONS, removeDemoAllocations, seedRealAllocations } from './allocation/current';
export { compareScenarios, comparisonExport, sumScenarioComparison, type ScenarioComparisonRow } from './allocation/compare-scenarios';
export { type Allocation, DEFAULT_ROUND_TO_CENTS } from './allocation/distribute';
export { parseIndicatorCsv } from './allocation/indicator-csv';
export { type KeyInputError, parseWeights, runKeyScenario } from './allocation/key-scenario';
export { buildLettersZip, findLetter, findLetters, getLetterFile, type LetterFormat } from './letters/letter-store';
export { type ChangeLetterSummary, findChangeLetters, getChangeLetterFile } from './letters/change-letters';
export { buildPreviewLetter, getPreviewScenario } from './letters/preview-letter';
export { renderLetterDocx, renderLetterPdf } from './letters/render';
export { type AllocationRevision, findRevisions, previewRevision, type RevisionPreview, reviseAllocation } from './allocation/revisions';
export { deleteScenario, findAllocationMap, findScenarios, fixScenario, getScenario, isAllocationFixed, type NewScenario, renameScenario, saveScenario, type Scenario } from './allocation/scenarios';
