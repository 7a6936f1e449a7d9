import type { PublishedTable } from '../suppression';
import { TableHead } from '../../../ui/table';
import { BarChart } from '../../../ui/bar-chart';

const numberFormat = new Intl.NumberFormat('de-DE');
/** A count as printed: German digit grouping; a withheld value is "•", never 0. */
export const formatCount = (value: number | null) => (value === null ? '•' : numberFormat.format(value));

/**
 * Horizontal SVG bar chart of a table's row totals (the shared chart of src/ui). A withheld
 * total has no bar, only "•". The table below carries the same numbers for everyone.
 */
function RowTotalChart({ id, table }: { id: string; table: PublishedTable }) {
  const values = table.rowTotals;
  const withheld = values.filter((v) => v === null).length;
  const title = `${table.name ?? 'Tabelle'}: Summen je Zeile`;
  const description = `Balkendiagramm mit ${values.length} Balken in der Reihenfolge der Tabelle${withheld ? `, ${withheld} Werte geheim gehalten (•)` : ''}. Die Zahlen stehen auch in der Tabelle darunter.`;
  return (
    <BarChart
      id={id}
      className="participants-chart"
      title={title}
      description={description}
      labels={table.rows}
      values={values}
      format={formatCount}
    />
  );
}

/**
 * One statistics table with its chart: rows × columns with row and column totals. `suppressed`
 * (the public tables) adds the footnote every "•" refers to, with the k the table was protected with.
 */
export function StatisticsTableView({ id, table, suppressed, k }: { id: string; table: PublishedTable; suppressed?: boolean; k?: number }) {
  const hasWithheld = table.total === null || table.rowTotals.includes(null) || table.columnTotals.includes(null) || table.cells.some((row) => row.includes(null));
  const footnoteId = `${id}-fussnote`;
  const cell = (value: number | null) =>
    value === null ? (
      <>
        <span aria-hidden="true">•</span>
        <span class="visually-hidden">geheim gehalten</span>
      </>
    ) : (
      formatCount(value)
    );
  return (
    <section class="participants-table kern-stack-sm" aria-labelledby={`${id}-ueberschrift`} data-table={id}>
      <h3 class="kern-heading-small" id={`${id}-ueberschrift`}>
        {table.name}
      </h3>
      <figure class="portal-chart__figure">
        <RowTotalChart id={`${id}-diagramm`} table={table} />
      </figure>
      <div class="table-region" role="region" aria-labelledby={`${id}-beschriftung`} tabindex={0}>
        <table class="kern-table kern-table--striped" aria-describedby={suppressed ? footnoteId : undefined}>
          <caption class="kern-title" id={`${id}-beschriftung`}>
            {table.name} (Anzahl Teilnehmende)
          </caption>
          <TableHead columns={['', ...table.columns.map((label) => ({ label, numeric: true })), { label: 'Summe', numeric: true }]} />
          <tbody class="kern-table__body">
            {table.rows.map((label, i) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {label}
                </th>
                {table.cells[i]!.map((value) => (
                  <td class="kern-table__cell kern-table__cell--numeric">{cell(value)}</td>
                ))}
                <td class="kern-table__cell kern-table__cell--numeric">
                  <strong>{cell(table.rowTotals[i] ?? null)}</strong>
                </td>
              </tr>
            ))}
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__header">
                Summe
              </th>
              {table.columnTotals.map((value) => (
                <td class="kern-table__cell kern-table__cell--numeric">
                  <strong>{cell(value)}</strong>
                </td>
              ))}
              <td class="kern-table__cell kern-table__cell--numeric">
                <strong>{cell(table.total)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      {suppressed ? (
        <p class="kern-body kern-body--small" id={footnoteId}>
          {hasWithheld ? '• ' : ''}
          {`Geheimhaltung: Werte von 1 bis ${(k ?? 3) - 1} werden nicht veröffentlicht, ebenso weitere Werte, aus denen sie sich mit den Summen errechnen ließen. Sie sind mit „•“ gekennzeichnet; „•“ bedeutet nie 0.`}
        </p>
      ) : null}
    </section>
  );
}
