/**
 * The Förderverfahren's calculation cores for other modules and the app: interest under § 49a
 * HVwVfG with the Basiszinssatz master data, the förderfähige Zuwendung, Rückforderung,
 * Zwischenzinsen and the balances per project and district. Rules: README.md in this folder.
 */
export { type BaseInterestRate, findBaseInterestRates, SEEDED_BASE_INTEREST_RATES, seedBaseInterestRates, setBaseInterestRate } from './base-interest-rates';
export { computeBalances, type BalanceFigures, type BalanceProblem, type Balances, type DistrictBalance, type ProjectBalance } from './balances';
export { computeEligibility, type EligibilityProblem, type EligibilityResult, type EligibleExpenseLine } from './eligibility';
export { computeExactInterest, computeInterest, type ExactInterestPeriod, INTEREST_DENOMINATOR, type InterestPeriod, type InterestResult, SURCHARGE_BASIS_POINTS } from './interest';
export { computeInterimInterest, type InterimInterestResult, type LateAmount, type PayoutInterimInterest, type PayoutUse } from './interim-interest';
export { computeRefund, type RefundResult } from './refund';
export { endOfMonthsPeriod, isLeapYear } from './dates';
export { ANTRAG_PROBLEM_CODES, ANTRAG_SCHEMA_ID, type Antrag, type AntragCheckResult, type AntragProblem, type AntragProblemCode, AntragSchema, checkAntrag, checkAntragText, SUBMISSION_ONLY_CODES } from './antrag';
export { type AntragImporter, type AntragImportResult, importAntragText } from './import-antrag';
export { antragFromProjects, type AntragState, checkSubmission, findAntragStates, getAntragState } from './antrag-record';
export { ANTRAG_STATUS_LABELS, ANTRAG_STATUSES, type AntragStatus } from './antrag-status';
export { findStrategies, findStrategyForYear, getStrategyFile, MAX_STRATEGY_BYTES, type Strategy, uploadStrategy } from './strategies';
export { type Approval, findApprovalHistory, findApprovals, findApprovalsOfProjects } from './approvals';
/**
 * The Antrag and Bescheid tables, for the demo data set of the money path (payments/demo.ts) to
 * write an issued demo Bescheid (is_demo) until the RP pages bring their own use cases.
 */
export { antraege as antragTable, bescheide as bescheidTable, bescheidProjects as bescheidProjectTable } from './tables';
export { answerNachforderung, checklistOf, findNachforderungDeadlines, findNachforderungen, getNachforderungFile, type Nachforderung, requestDocuments, resumeAntrag, saveChecklist } from './review';
export {
  type Bescheid,
  bescheidDocument,
  type BescheidLine,
  BESCHEID_PROBLEM_CODES,
  checkAllocation,
  createBescheidDraft,
  findAllocationShortfalls,
  findBescheide,
  findIssuedBescheide,
  getBescheid,
  getBescheidFile,
  issueBescheid,
  updateBescheidDraft,
} from './bescheid';
export { BescheidDraftInputSchema, ChecklistSchema, CHECKLIST_ITEMS, CHECKLIST_ITEM_LABELS, FINANCING_TYPE_LABELS, NachforderungInputSchema } from './schema';
