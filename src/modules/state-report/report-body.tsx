import { BarChart } from '../../ui/bar-chart';
import type { ReportChapter, ReportContent, ReportTable } from './schema';

/** Paragraphs of a free text: blank lines separate them. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function Table({ table }: { table: ReportTable }) {
  const last = table.rows.length - 1;
  return (
    <div class="table-region" role="region" aria-labelledby={`${table.id}-beschriftung`} tabindex={0}>
      <table class="kern-table kern-table--striped" data-table={table.id}>
        <caption class="kern-title" id={`${table.id}-beschriftung`}>
          {table.caption}
        </caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            {table.columns.map((c, i) => (
              <th scope="col" class={`kern-table__header${table.numeric[i] ? ' kern-table__header--numeric' : ''}`}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {table.rows.map((row, r) => (
            <tr class={`kern-table__row${table.hasTotal && r === last ? ' report-total' : ''}`}>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th scope="row" class="kern-table__header">
                    {cell}
                  </th>
                ) : (
                  <td class={`kern-table__cell${table.numeric[i] ? ' kern-table__cell--numeric' : ''}`}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {table.footnote ? <p class="kern-body kern-body--small">{table.footnote}</p> : null}
    </div>
  );
}

function Chapter({ chapter, headingLevel }: { chapter: ReportChapter; headingLevel: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="kern-stack-sm" aria-labelledby={`kapitel-${chapter.key}`}>
      <H class="kern-heading-medium" id={`kapitel-${chapter.key}`}>
        {chapter.number}. {chapter.title}
      </H>
      {chapter.paragraphs.map((p) => (
        <p class="kern-body">{p}</p>
      ))}
      {paragraphsOf(chapter.commentary).map((p) => (
        <p class="kern-body report-commentary">{p}</p>
      ))}
      {chapter.charts.map((c) => (
        <figure class="portal-chart__figure">
          <BarChart id={c.id} title={c.title} description={c.description} labels={c.labels} values={c.values} format={(v) => (v === null ? 'geheim gehalten' : (c.display[c.values.indexOf(v)] ?? String(v)))} />
        </figure>
      ))}
      {chapter.tables.map((t) => (
        <Table table={t} />
      ))}
    </section>
  );
}

/** The report's body (foreword and chapters), shared by the page preview and the standalone HTML file. */
export function ReportBody({ content, headingLevel = 2 }: { content: ReportContent; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div class="kern-stack">
      {content.foreword.trim() !== '' ? (
        <section class="kern-stack-sm" aria-labelledby="vorwort">
          <H class="kern-heading-medium" id="vorwort">
            Vorwort
          </H>
          {paragraphsOf(content.foreword).map((p) => (
            <p class="kern-body">{p}</p>
          ))}
        </section>
      ) : null}
      {content.chapters.map((c) => (
        <Chapter chapter={c} headingLevel={headingLevel} />
      ))}
    </div>
  );
}
