import type { AgreementDocument, DocumentBlock, SignatureBlock } from './model';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export interface HtmlOptions {
  /**
   * Level of the document heading (default 1). A page that has its own h1 embeds the agreement
   * with 2: every heading moves down one level, the order stays intact.
   */
  headingLevel?: number;
}

/**
 * A semantic HTML fragment `<article class="agreement" lang="de">`: exactly one top heading
 * (h1 by default), one heading per § (and the Präambel) below it, lists for the projects; every
 * text escaped, no inline styles or scripts.
 */
export function renderHtml(doc: AgreementDocument, options: HtmlOptions = {}): string {
  const base = Math.min(Math.max(Math.trunc(options.headingLevel ?? 1), 1), 3);
  const h = (level: number, content: string) => `<h${base + level - 1}>${content}</h${base + level - 1}>`;
  const out: string[] = [];
  out.push('<article class="agreement" lang="de">');
  out.push('<header class="agreement-title">', h(1, esc(doc.heading)));
  for (const line of doc.titleLines) out.push(`<p>${esc(line)}</p>`);
  out.push('</header>');
  out.push('<section class="agreement-preamble">', h(2, esc(doc.preamble.heading)));
  for (const paragraph of doc.preamble.paragraphs) out.push(`<p>${esc(paragraph)}</p>`);
  out.push('</section>');
  for (const section of doc.sections) {
    out.push('<section class="agreement-section">');
    out.push(h(2, `<span class="agreement-section-number">${esc(section.label)}</span> ${esc(section.heading)}`));
    if (section.subheading) out.push(h(3, esc(section.subheading)));
    const level = section.subheading ? 4 : 3;
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') out.push(`<p>${esc(block.text)}</p>`);
      else if (block.kind === 'amount') out.push(`<p class="agreement-amount"><strong>${esc(block.text)}</strong></p>`);
      else if (block.kind === 'table') out.push(tableHtml(block));
      else {
        out.push(h(level, esc(block.heading)));
        if (block.projects.length > 0) {
          out.push('<ul>', ...block.projects.map((title) => `<li>${esc(title)}</li>`), '</ul>');
        }
      }
    }
    out.push('</section>');
  }
  out.push('<footer class="agreement-signatures">');
  for (const signature of doc.signatures) out.push(signatureHtml(signature));
  out.push('</footer>', '</article>');
  return `${out.join('\n')}\n`;
}

/** A complete HTML page (German, UTF-8, titled) around the fragment: the CLI's `--format html`. */
export function renderStandaloneHtml(doc: AgreementDocument): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="de">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(doc.title)}</title>`,
    '</head>',
    '<body>',
    '<main>',
    renderHtml(doc).trimEnd(),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A data table with caption, column headers (`scope="col"`), row headers (`scope="row"`) and the total in `tfoot`. */
function tableHtml(block: Extract<DocumentBlock, { kind: 'table' }>): string {
  const cls = (numeric: boolean) => (numeric ? ' class="agreement-number"' : '');
  const row = (cells: string[]) =>
    `<tr>${cells.map((cell, i) => (i === 0 ? `<th scope="row">${esc(cell)}</th>` : `<td${cls(block.columns[i]?.numeric ?? false)}>${esc(cell)}</td>`)).join('')}</tr>`;
  return [
    '<table class="agreement-table">',
    `<caption>${esc(block.caption)}</caption>`,
    `<thead><tr>${block.columns.map((c) => `<th scope="col"${cls(c.numeric)}>${esc(c.label)}</th>`).join('')}</tr></thead>`,
    `<tbody>${block.rows.map(row).join('')}</tbody>`,
    ...(block.footer ? [`<tfoot>${row(block.footer)}</tfoot>`] : []),
    '</table>',
  ].join('\n');
}

function signatureHtml(signature: SignatureBlock): string {
  const lines = [signature.name, ...signature.lines].filter((line): line is string => line !== null).map(esc);
  const placeClass = signature.isSigned ? 'agreement-signature-place' : 'agreement-signature-place agreement-signature-blank';
  return [
    `<div class="agreement-signature agreement-signature-${signature.party}">`,
    `<p class="${placeClass}">${esc(signature.placeAndDate)}</p>`,
    `<p class="agreement-signatory">${lines.join('<br>')}</p>`,
    '</div>',
  ].join('\n');
}
