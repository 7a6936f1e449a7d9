/** The agreement workflow, one file per action; other modules reach it through service.ts. */
export { type AgreementListItem, type AgreementFilter, findAgreements } from './find-agreements';
export {
  type AgreementRecord,
  type AgreementVersionRow,
  findAgreementVersions,
  getAgreement,
  getAgreementFor,
  getAgreementVersion,
} from './agreement-record';
export {
  agreementFileName,
  composeStoredVersion,
  DOCUMENT_FORMATS,
  type DocumentFormat,
  findPreviewAgreement,
  type LoadedAgreement,
  getAgreementDocument,
  renderAgreementFile,
  renderInterchangeFile,
  type RenderedFile,
} from './agreement-document';
export { createDraft, type CreateDraftInput, CreateDraftSchema } from './create-draft';
export { type AgreementEdit, AgreementEditSchema, updateAgreement } from './update-agreement';
export { isAgreementStatus, transitionAgreement } from './transition-agreement';
export { checkSignature, recordSignature, type SignatureInput, SignatureInputSchema } from './record-signature';
export { previewPublication, publishAgreement, publishSeededAgreements } from './publish-agreement';
export { startAmendment } from './start-amendment';
export { type ImportActor, type ImportedAgreement, importAgreementContent } from './import-agreement';
export { refreshDraftFromProjects } from './refresh-projects';
export { addAgreementNote, type AgreementNote, findAgreementNotes, markDistrictAgreed, NoteInputSchema } from './notes';
export { compareVersions, compareYears } from './compare-versions';
export { findAgreementHistory } from './agreement-history';
export { findLatestWithdrawal, type PublicationWithdrawal, withdrawPublication, WithdrawalInputSchema } from './withdraw-publication';
