/**
 * German names of the audit trail's actions and record types, for every page that shows the trail
 * (the audit log, an agreement's history). Unknown actions are shown as stored.
 */
const ACTION_LABELS: Record<string, string> = {
  'agreement.create': 'Entwurf angelegt',
  'agreement.update': 'Bearbeitet',
  'agreement.projects': '§ 5 aus den Projektdaten aktualisiert',
  'agreement.sign.land': 'Unterschrift Land erfasst',
  'agreement.sign.district': 'Unterschrift Gebietskörperschaft erfasst',
  'agreement.publish': 'Veröffentlicht (PDF eingefroren)',
  'agreement.publish.seed': 'Veröffentlichung beim Start eingefroren',
  'agreement.withdrawPublication': 'Veröffentlichung zurückgezogen (mit Begründung)',
  'agreement.amend': 'Nachtrag begonnen',
  'agreement.note': 'Notiz geschrieben',
  'agreement.markAgreed': 'Von der Gebietskörperschaft abgestimmt',
  'agreement.import.create': 'Aus Import angelegt',
  'agreement.import.update': 'Neue Version aus Import',
  'agreement.import.amend': 'Import als Nachtrag-Entwurf übernommen',
  'agreement.transition.entwurf': 'Zurück in den Entwurf',
  'agreement.transition.in_abstimmung': 'Zur Abstimmung gegeben',
  'agreement.transition.zur_unterschrift': 'Zur Unterschrift freigegeben',
  'allocation.fix': 'Zuweisung festgelegt (Mittelankündigung)',
  'allocation.revise': 'Zuweisung geändert',
  'apiToken.create': 'API-Token erstellt',
  'apiToken.revoke': 'API-Token widerrufen',
  'baseInterestRate.create': 'Basiszinssatz eingetragen',
  'baseInterestRate.update': 'Basiszinssatz geändert',
  'budget_year.create': 'AQB-Jahr angelegt',
  'budget_year.setLandesbudget': 'Landesbudget festgesetzt',
  'feedback.submit': 'Rückmeldung Barrierefreiheit eingegangen',
  'feedback.answer': 'Rückmeldung beantwortet',
  'import.upload': 'Dateien zum Import hochgeladen',
  'import.skip': 'Importdatei nicht gespeichert',
  'portal.licence.set': 'Lizenz der offenen Daten geändert',
  'portal.page.update': 'Portalseite geändert',
  'project.create': 'Projekt angelegt',
  'project.update': 'Projekt geändert',
  'project.drop': 'Projekt entfallen',
  'projects.syncFromAgreement': 'Projekte aus § 5 abgeglichen',
  'meeting.demoLoad': 'Demo-Umsetzungsbesprechungen geladen',
  'projects.demoFigures': 'Demo-Projekte mit geplanten Plätzen und Ergebnissen versehen',
  'provider.create': 'Träger angelegt',
  'provider.update': 'Träger geändert',
  'scenario.create': 'Verteilungsszenario gespeichert',
  'scenario.rename': 'Verteilungsszenario umbenannt',
  'scenario.delete': 'Verteilungsszenario gelöscht',
  'session.signIn': 'Angemeldet',
  'session.secondFactor': 'Zweiter Faktor bestätigt',
  'session.signInFailed': 'Anmeldung fehlgeschlagen',
  'session.secondFactorFailed': 'Zweiter Faktor falsch',
  'mail.retry': 'Mail erneut in den Postausgang gestellt',
  'reminder.settings.update': 'E-Mail-Erinnerungen eingestellt',
  'reminder.enqueue': 'Fristen-Erinnerungen in den Postausgang gestellt',
  'session.signOut': 'Abgemeldet',
  'session.oidcRefused': 'Anmeldung mit dem Landeskonto abgewiesen',
  'sub_budget.create': 'Teilbudget angelegt',
  'sub_budget.update': 'Teilbudget geändert',
  'sub_budget.delete': 'Teilbudget gelöscht',
  'system.seed': 'Stammdaten beim Start ergänzt',
  'system.demo.load': 'Demodaten geladen',
  'system.demo.remove': 'Demodaten entfernt',
  'system.backup': 'Datensicherung erstellt',
  'system.restore': 'Datensicherung wiederhergestellt',
  'template.saveVersion': 'Vorlage als neue Version gespeichert',
  'user.create': 'Konto angelegt',
  'user.update': 'Konto geändert',
  'user.deactivate': 'Konto deaktiviert',
  'user.reactivate': 'Konto reaktiviert',
  'user.resetAccess': 'Zugang zurückgesetzt',
  'user.changePassword': 'Passwort geändert',
  'user.enableTotp': 'Zwei-Faktor-Anmeldung eingerichtet',
  'user.oidcLink': 'Mit dem Landeskonto verbunden',
  'user.oidcWaiting': 'Landeskonto wartet auf eine Rolle',
};

/** The German name of an audit action ("agreement.publish" → "Veröffentlicht (PDF eingefroren)"). */
export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** Every action with a German name, for the filter of the audit log. */
export function knownAuditActions(): Array<{ value: string; label: string }> {
  return Object.entries(ACTION_LABELS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'de'));
}

const RECORD_TYPE_LABELS: Record<string, string> = {
  agreement: 'Zielvereinbarung',
  agreement_template: 'Vorlage',
  allocation: 'Zuweisung',
  allocation_scenario: 'Verteilungsszenario',
  api_token: 'API-Token',
  base_interest_rate: 'Basiszinssatz',
  budget_year: 'AQB-Jahr',
  district_year: 'Gebietskörperschaft und Jahr',
  import_batch: 'Import',
  oidc_waiting_account: 'Wartendes Landeskonto',
  outbox_mail: 'Mail im Postausgang',
  portal_feedback: 'Rückmeldung',
  portal_page: 'Portalseite',
  portal_setting: 'Portaleinstellung',
  project: 'Projekt',
  provider: 'Träger',
  reminder_settings: 'E-Mail-Erinnerungen',
  sub_budget: 'Teilbudget',
  system: 'System',
  user: 'Konto',
};

/** Every record type with a German name, for the filter of the audit log. */
export function knownAuditRecordTypes(): Array<{ value: string; label: string }> {
  return Object.entries(RECORD_TYPE_LABELS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'de'));
}

export function auditRecordTypeLabel(recordType: string): string {
  return RECORD_TYPE_LABELS[recordType] ?? recordType;
}

/**
 * What changed between a before and an after snapshot, field by field (changed fields only): a
 * readable line per top-level field ("amountCents: 787100 → 800000"). Nested values are shown as
 * compact JSON. A snapshot that is not an object is shown whole.
 */
export function changedFields(before: unknown, after: unknown): Array<{ field: string; before: string; after: string }> {
  const show = (value: unknown) => (value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value));
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isObject(before) && !isObject(after)) return before === after ? [] : [{ field: '', before: show(before ?? undefined), after: show(after ?? undefined) }];
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f])).map((f) => ({ field: f, before: show(a[f]), after: show(b[f]) }));
}
