/**
 * The participants' calculation cores for other modules and the app (issue 14): validation of
 * uploaded participant files, aggregation into count tables and their suppression for publication.
 * Rules: README.md in this folder. Tables, routes and pages are built on top of these.
 */
export { buildParticipantTemplateCsv, buildParticipantTemplateXlsx, looksLikePersonalData, MAX_UPLOAD_ERRORS, PARTICIPANT_COLUMN_HELP, parseUploadDate, type UploadError, type UploadResult, validateParticipantCsv, validateParticipantUpload } from './upload';
export {
  AGE_BANDS,
  type Characteristic,
  CHARACTERISTICS,
  countBy,
  countFlows,
  crossTable,
  crossTableFromCounts,
  isActiveOn,
  measureTypeCharacteristic,
  OPEN_OUTCOME,
  type ParticipantFact,
  publicCrossTable,
  suppressionK,
} from './statistics';
export { auditSuppression, type CellBounds, type CellMark, type CountTable, DEFAULT_K, type PublishedTable, SPECIAL_CATEGORY_K, suppressTable, suppressTableDetailed, type SuppressionResult } from './suppression';
export { checkPeriod, diffRecords, findParticipantRecords, getParticipantProject, getPendingUpload, getRecordSetState, type RecordDifference, RECORDS_PAGE_SIZE, type VisibleRecord } from './records';
export { countParticipantFlows, countParticipantTables, type FlowRow, publicParticipantTables, type StatisticsScope, type StatisticsTable, unsuppressed } from './statistics-query';
export { stageParticipantUpload, type StageResult } from './use-cases/stage-upload';
export { confirmParticipantUpload, discardParticipantUpload } from './use-cases/confirm-upload';
export { importParticipantFile } from './use-cases/import-file';
export { replaceParticipantRecords } from './use-cases/replace-records';
export type { ParticipantWriter } from './use-cases/who';
export { statisticsCsv, statisticsXlsx } from './export';
export { formatCount, StatisticsTableView } from './views/statistics-table';
export { hasDemoParticipants } from './statistics-query';
export { DEFAULT_RETENTION_YEARS, deleteExpiredParticipantRecords, RETENTION_LOCK_KEY, type RetentionDeletion } from './use-cases/delete-expired';
export { countKennungRecords, deleteKennungHistory, exportKennungHistory, kennungDigest, parseKennung } from './use-cases/subject-request';
export { demoParticipantRecords, removeDemoParticipants, seedDemoParticipants } from './use-cases/seed-demo';
