import { raw } from 'hono/html';
import { ReportBody } from './report-body';
import type { ReportContent } from './schema';

const STYLE = `body{font-family:"Fira Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
.kern-table__cell--numeric,.kern-table__header--numeric{text-align:right}.report-total{font-weight:bold}caption{text-align:left;font-weight:bold}
.portal-chart__figure{margin:0;container-type:inline-size}.portal-chart__svg{width:100%;height:auto}.portal-chart__svg--narrow{display:none;max-width:400px}
@container (max-width:600px){.portal-chart__svg--wide{display:none}.portal-chart__svg--narrow{display:block}}
.portal-chart__label,.portal-chart__value{font-size:13px;fill:#1b1b1b}.portal-chart__bar{fill:#004b76}.report-draft{border:2px solid #b35900;padding:.5rem}
.table-region{overflow-x:auto}`;

/**
 * The report as one standalone, accessible HTML file (German, own styles, no scripts): the same
 * tables and SVG charts as the page preview.
 */
export function renderReportHtml(content: ReportContent): string {
  const page = (
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{content.title}</title>
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <main>
          <h1>{content.title}</h1>
          <p>{content.asOf}</p>
          {content.isDraft ? <p class="report-draft">Entwurf – nicht freigegeben.</p> : null}
          {content.isDemo ? <p class="report-draft">Enthält Demodaten.</p> : null}
          <ReportBody content={content} />
        </main>
      </body>
    </html>
  );
  return `<!doctype html>\n${page.toString()}`;
}
