/**
 * The money path after the Bescheid for other modules and the app: balances, Mittelabruf,
 * Auszahlung, Verwendung, Zwischenzinsen, Verwendungsnachweis, Prüfvermerk/Rückforderung and the
 * Förderübersicht. Rules: README.md in this folder.
 */
export { type Ledger, readLedger, readLedgers, type RequestRecord, type UseRecord } from './ledger';
export { decideInterimInterest, recordPayout, reportUse, requestFunds } from './use-cases';
export { findInterimInterest, type ProjectInterimInterest } from './interim-interest';
export { computeRefundContent, getProof, isProofOverdue, issueRefund, type Proof, saveAudit, saveProofDraft, submitProof } from './proof';
export { findFundingOverview, type FundingOverview, overviewCsv, overviewXlsxTable } from './overview';
export { PAYMENT_PROBLEM_CODES, type PaymentProblemCode } from './problems';
export { findProofDeadlines, type ProofDeadline } from './deadlines';
export { removeDemoPayments, seedDemoPayments } from './demo';
export { paymentApiRoutes } from './api-routes';
export { paymentRoutes } from './routes';
export { registerPaymentPaths } from './openapi';
