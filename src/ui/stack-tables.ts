/*
 * Tables at narrow widths (issue 12): every body cell of a table with a header row gets the
 * column's header text as `data-label`, and the table `data-stack`; app.css then shows each row
 * as label/value pairs below 40rem instead of columns cut off in a scroll region. Done once on
 * the rendered page (renderPage), so no view has to repeat its header per cell and a new table
 * is covered without anyone remembering it. The markup is our own JSX output: attributes are
 * double-quoted and text is escaped, which is what the patterns below rely on.
 */

const TABLE = /<table\b([^>]*)>([\s\S]*?)<\/table>/g;
const THEAD = /<thead\b[^>]*>([\s\S]*?)<\/thead>/;
const ROW = /<tr\b[^>]*>([\s\S]*?)<\/tr>/g;
const HEADER_CELL = /<(th|td)\b([^>]*)>([\s\S]*?)<\/\1>/g;
const BODY = /<(tbody|tfoot)\b[^>]*>[\s\S]*?<\/\1>/g;
const CELL_OPEN = /<(td|th)\b([^>]*)>/g;

function spanOf(attributes: string): number {
  const span = Number(/\bcolspan="(\d+)"/.exec(attributes)?.[1] ?? 1);
  return Number.isSafeInteger(span) && span > 0 ? span : 1;
}

/** The header labels per column of the last header row (a cell spanning columns labels each). */
function columnLabels(thead: string): string[] {
  const rows = [...thead.matchAll(ROW)];
  const last = rows[rows.length - 1];
  if (!last) return [];
  const labels: string[] = [];
  for (const cell of last[1]!.matchAll(HEADER_CELL)) {
    // Text only (visually hidden texts included); it is escaped already and has no quotes.
    const text = cell[3]!.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    for (let i = 0; i < spanOf(cell[2]!); i++) labels.push(text);
  }
  return labels;
}

function labelRow(row: string, labels: string[]): string {
  let column = 0;
  return row.replace(CELL_OPEN, (tag, name: string, attributes: string) => {
    const label = labels[column];
    const span = spanOf(attributes);
    column += span;
    // A cell spanning several columns (a total label, "keine Einträge") has no single label.
    if (!label || span > 1 || /\bdata-label=/.test(attributes)) return tag;
    return `<${name}${attributes} data-label="${label}">`;
  });
}

/** Adds `data-label` to the body cells of every KERN table with a header of two or more columns. */
export function labelTableCells(html: string): string {
  if (!html.includes('<table')) return html;
  return html.replace(TABLE, (whole, attributes: string, inner: string) => {
    if (inner.includes('<table') || !/\bclass="[^"]*\bkern-table\b/.test(attributes) || /\bdata-stack\b/.test(attributes)) return whole;
    const thead = THEAD.exec(inner);
    const labels = thead ? columnLabels(thead[1]!) : [];
    if (labels.length < 2) return whole;
    const labelled = inner.replace(BODY, (section) => section.replace(ROW, (row) => labelRow(row, labels)));
    return `<table${attributes} data-stack>${labelled}</table>`;
  });
}
