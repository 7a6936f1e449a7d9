/**
 * Surveys (Umfragen, § 7 of every agreement): the ministry builds a survey, sends it to districts
 * with an opening date and a deadline; each district keeps ONE shared response. Other modules
 * (calendar, demo, api) use the module only through these functions.
 */
export { findResponses, findSentSurveys, findSurveys, getResponseRecord, getSurvey, getSurveyRecord, type Survey, type SurveyResponse } from './read';
export { createSurvey, importSurvey } from './use-cases/create-survey';
export { copySurvey } from './use-cases/copy-survey';
export { changeDefinition, type DefinitionChange } from './use-cases/change-definition';
export { sendSurvey } from './use-cases/send-survey';
export { reopenResponse, saveResponse, submitResponse } from './use-cases/answer-response';
export { removeDemoSurveys, seedDemoSurveys } from './use-cases/demo';
export { checkAnswers, progressOf } from './answers';
export { codebook, exportCsv, exportHeader, exportXlsx } from './export';
export { surveyResults } from './results';
export { interchangeOf } from './interchange';
export { surveyDeadlines, type SurveyDeadline } from './deadlines';
/** The request and response shapes of /api/v1/umfragen (the OpenAPI document of the api module reads them). */
export * as surveyApiSchemas from './api-schema';
