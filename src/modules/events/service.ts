/**
 * Conferences (Tagungen, § 7 of the agreements): the ministry's events, the districts'
 * registrations, materials and minutes, the retention of the registered people's data. Other
 * modules (calendar, demo, api, app) use them only through these functions.
 */
export { findEvents, findPublicEvents, findRegistrations, findMaterials, getEvent, getMaterialFile, isOver } from './read';
export { publishEvent, saveEvent } from './use-cases/save-event';
export { cancelRegistration, saveRegistration } from './use-cases/register';
export { detectMaterialType, MAX_MATERIAL_BYTES, uploadMaterial } from './use-cases/upload-material';
export { deleteExpiredEventPersonalData, EVENT_RETENTION_LOCK_KEY, type EventRetentionDeletion } from './use-cases/delete-expired';
export { DEMO_EVENT_TITLE, removeDemoEvents, seedDemoEvents } from './use-cases/demo';
export { eventIcal } from './ics';
export { berlinInstant, berlinParts } from './time';
export * from './schema';
