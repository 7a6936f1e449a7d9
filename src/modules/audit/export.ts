/** The audit log as CSV (German Excel settings, formula-guarded cells): one row per event. */
import type { AuditEvent } from '../../platform/audit/store';
import { writeCsv } from '../../platform/input';
import { auditActionLabel, auditRecordTypeLabel, changedFields } from './labels';

export const AUDIT_CSV_HEADERS = ['Nr.', 'Zeitpunkt (UTC)', 'Wer', 'Aktion', 'Aktion (technisch)', 'Datensatz', 'Kennung', 'Geänderte Felder', 'Hash'];

export function buildAuditCsv(events: readonly AuditEvent[], actorName: (event: AuditEvent) => string): string {
  return writeCsv([
    AUDIT_CSV_HEADERS,
    ...events.map((e) => [
      String(e.sequence),
      e.at,
      actorName(e),
      auditActionLabel(e.action),
      e.action,
      auditRecordTypeLabel(e.recordType),
      e.recordId ?? '',
      changedFields(e.before, e.after)
        .map((f) => (f.field ? `${f.field}: ${f.before} → ${f.after}` : `${f.before} → ${f.after}`))
        .join(' | '),
      e.hash,
    ]),
  ]);
}
