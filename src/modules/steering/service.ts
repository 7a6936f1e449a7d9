/**
 * Zielsteuerung (§ 6): the deviation register and the monitoring (figures, thresholds, traffic
 * lights, snapshots, automatic detection). Other modules read and write deviations only through
 * these functions.
 */
export { assessDeviation, checkDeviation, findDeviations, findDeviationsAwaiting, getDeviation, justifyDeviation, readDeviation, recognisedDeviations, recordDeviation, removeDemoDeviations } from './deviations';
export { DEVIATION_TRANSITIONS } from './deviation-status';
export { AssessDeviationSchema, DeviationJsonSchema, deviationToJson, JustifyDeviationSchema, RecordDeviationSchema } from './schema';
export { emptyFigures, findMonitoring, berlinDate as monitoringToday, spendByMonth } from './monitoring';
export { detectDeviations, type DetectionResult, type Detector, runDailyDetection, startDetectionWorker } from './detection';
export { latestSnapshot, latestSnapshots, recordMonitoringSnapshot } from './snapshots';
export { ensureThresholds, readThresholds, saveThresholds } from './thresholds';
export { computeLights } from './lights';
export { monitoringCsv, monitoringXlsxTable } from './monitoring-export';
export { registerMonitoringPaths } from './monitoring-api';
export { LIGHT_LABELS, type Monitoring, type MonitoringFigures, type MonitoringRow, type MonitoringSnapshot, type Threshold, type ThresholdSet, type TrafficLight } from './monitoring-schema';
