/**
 * The Landesbericht (yearly report for the Land) for other modules and the app: versions, the
 * generated chapters, the released files. Rules: README.md in this folder.
 */
export { achievementChapter, deviationsChapter, generateReportContent, loadAchievementRows, moneyChapter, outcomesChapter, participantsChapter } from './chapters';
export {
  createStateReport,
  findReleasedContent,
  findReleasedReport,
  findReleasedReportYears,
  findReportYears,
  findStateReportVersions,
  readReportContent,
  releasedReportFile,
  removeDemoStateReports,
  releaseStateReport,
  renderReport,
  reportFile,
  saveStateReportDraft,
  startStateReportCorrection,
} from './reports';
export { type AchievementRow, REPORT_FORMATS, REPORT_MIME, type ReportContent, type ReportFormat, type StateReportVersion, versionToJson } from './schema';
export { stateReportApiRoutes } from './api-routes';
export { registerStateReportPaths } from './openapi';
export { stateReportRoutes } from './routes';
export { reportOpenDataCells, reportOpenDataCsv, type ReportOpenDataCell } from './open-data';
export { ReportBody } from './report-body';
