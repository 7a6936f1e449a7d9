import { formatDate } from '../../../platform/format';
import { ReportBody, type ReportContent, type StateReportVersion } from '../../state-report/service';
import { PortalPage } from './portal-page';

/** GET /portal/landesbericht: the years with a released Landesbericht. */
export function StateReportYearsPage({ years }: { years: number[] }) {
  return (
    <PortalPage title="Landesbericht" currentPath="/portal/landesbericht">
      <h1 class="kern-heading-large">Landesbericht</h1>
      <p class="kern-body">Der jährliche Bericht des Landes zum Ausbildungs- und Qualifizierungsbudget: Mittel, Plätze und Teilnehmende, Verbleib, Zielerreichung und Abweichungen.</p>
      {years.length === 0 ? (
        <p class="kern-body">Es ist noch kein Landesbericht veröffentlicht.</p>
      ) : (
        <ul class="kern-list">
          {years.map((y) => (
            <li>
              <a class="kern-link" href={`/portal/landesbericht/${y}`}>
                Landesbericht {y}
              </a>
            </li>
          ))}
        </ul>
      )}
    </PortalPage>
  );
}

/** GET /portal/landesbericht/:year: the released report with its files, checksums and open data. */
export function StateReportPortalPage({ report, content }: { report: StateReportVersion; content: ReportContent }) {
  const y = content.year;
  const files: Array<{ href: string; label: string; sha: string | null }> = [
    { href: `/portal/landesbericht/${y}/landesbericht.pdf`, label: 'PDF (barrierefrei)', sha: report.pdfSha256 },
    { href: `/portal/landesbericht/${y}/landesbericht.docx`, label: 'Word (DOCX)', sha: report.docxSha256 },
    { href: `/portal/landesbericht/${y}/landesbericht.html`, label: 'HTML', sha: report.htmlSha256 },
  ];
  return (
    <PortalPage title={`Landesbericht ${y}`} currentPath="/portal/landesbericht" demo={content.isDemo}>
      <nav aria-label="Brotkrümelnavigation" class="kern-body kern-body--small">
        <a class="kern-link" href="/portal/landesbericht">
          Landesbericht
        </a>
      </nav>
      <h1 class="kern-heading-large">{content.title}</h1>
      <p class="kern-body">
        Fassung {report.versionNo}
        {report.releasedAt ? `, veröffentlicht am ${formatDate(report.releasedAt.toISOString().slice(0, 10))}` : ''}.
      </p>
      <h2 class="kern-heading-medium">Herunterladen</h2>
      <ul class="kern-list">
        {files.map((f) => (
          <li>
            <a class="kern-link" href={f.href}>
              {f.label}
            </a>{' '}
            <span class="kern-body--small">
              SHA-256: <code>{f.sha}</code>
            </span>
          </li>
        ))}
        <li>
          <a class="kern-link" href={`/opendata/landesbericht/${y}/landesbericht.csv`}>
            Tabellen als offene Daten (CSV)
          </a>
        </li>
        <li>
          <a class="kern-link" href={`/opendata/landesbericht/${y}/landesbericht.json`}>
            Tabellen als offene Daten (JSON)
          </a>
        </li>
      </ul>
      <ReportBody content={content} />
    </PortalPage>
  );
}
