/** What other modules use of the audit log module: the German names of actions and record types. */
export { auditActionLabel, auditRecordTypeLabel, changedFields } from './labels';
