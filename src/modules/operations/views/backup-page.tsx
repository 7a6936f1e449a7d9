import type { AuditEvent } from '../../../platform/audit/store';
import { formatDateTime } from '../../../platform/format';
import { CsrfField, SubmitButton } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';

function summaryOf(event: AuditEvent): { rows: string; hash: string } {
  const after = (event.after ?? {}) as { rows?: unknown; fileSha256?: unknown };
  return { rows: typeof after.rows === 'number' ? after.rows.toLocaleString('de-DE') : '–', hash: typeof after.fileSha256 === 'string' ? after.fileSha256 : '–' };
}

export function BackupPage(props: { csrf: string; databaseKind: 'pglite' | 'postgres'; migrationLevel: number; recent: AuditEvent[]; actorName: (id: string | null) => string }) {
  return (
    <Page title="Datensicherung" currentPath="/admin/sicherung">
      <h1 class="kern-heading-large">Datensicherung</h1>
      <p class="kern-body">
        Die Sicherung enthält den gesamten Datenbestand ({props.databaseKind === 'pglite' ? 'eingebettete Datenbank' : 'PostgreSQL'}, Migrationsstand {props.migrationLevel}) zu
        einem Zeitpunkt, während der Betrieb weiterläuft: je Tabelle alle Zeilen, Zeilenzahl und Prüfsumme sowie den letzten Hash der Audit-Kette. Sie enthält
        personenbezogene Daten und Passwort-Hashes – bewahren Sie die Datei verschlüsselt und nur für Berechtigte zugänglich auf.
      </p>
      <p class="kern-body">
        Wiederhergestellt wird bei angehaltenem Dienst auf der Kommandozeile: <code>aqb restore DATEI</code> (in eine leere Datenbank; <code>--force</code> ersetzt
        den Inhalt nach Rückfrage). Danach werden Zeilen, Prüfsummen und Audit-Kette geprüft.
      </p>
      <form method="post" action="/admin/sicherung" class="kern-stack-sm">
        <CsrfField token={props.csrf} />
        <SubmitButton>Sicherung herunterladen</SubmitButton>
      </form>
      <h2 class="kern-heading-medium">Letzte Sicherungen</h2>
      {props.recent.length === 0 ? (
        <p class="kern-body">Es wurde noch keine Sicherung erstellt.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="sicherungen-tabelle" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="sicherungen-tabelle">
              Die {props.recent.length} neuesten Sicherungen laut Audit-Protokoll
            </caption>
            <TableHead columns={['Zeitpunkt', 'Wer', 'Zeilen', 'SHA-256 der Datei']} />
            <tbody class="kern-table__body">
              {props.recent.map((event) => {
                const summary = summaryOf(event);
                return (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {formatDateTime(new Date(event.at))}
                    </th>
                    <td class="kern-table__cell">{props.actorName(event.actorId)}</td>
                    <td class="kern-table__cell">{summary.rows}</td>
                    <td class="kern-table__cell">
                      <code class="secret">{summary.hash}</code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
