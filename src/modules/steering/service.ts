/**
 * Zielsteuerung (§ 6): the deviation register. Other modules read and write deviations only through
 * these functions.
 */
export { assessDeviation, checkDeviation, findDeviations, findDeviationsAwaiting, getDeviation, justifyDeviation, readDeviation, recognisedDeviations, recordDeviation, removeDemoDeviations } from './deviations';
export { DEVIATION_TRANSITIONS } from './deviation-status';
export { AssessDeviationSchema, DeviationJsonSchema, deviationToJson, JustifyDeviationSchema, RecordDeviationSchema } from './schema';
