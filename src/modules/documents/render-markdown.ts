import type { AgreementDocument, SignatureBlock } from './model';

/** Backslash-escapes what Markdown would otherwise read as markup inside user or template text. */
function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/([\\`*_[\]<>|#])/g, '\\$1')
      // A line starting with "1." or "-" would turn into a list.
      .replace(/^(\d+)\.(\s)/, '$1\\.$2')
      .replace(/^([-+])(\s)/, '\\$1$2')
  );
}

/**
 * CommonMark rendering: `#` for the title, `##` per §, `###` below, `- ` bullets for the projects,
 * hard line breaks (backslash) inside signature blocks.
 */
export function renderMarkdown(doc: AgreementDocument): string {
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(doc.heading)}`);
  for (const line of doc.titleLines) out.push(`**${escapeMarkdown(line)}**`);
  out.push(`## ${escapeMarkdown(doc.preamble.heading)}`, ...doc.preamble.paragraphs.map(escapeMarkdown));
  for (const section of doc.sections) {
    out.push(`## ${section.label} ${escapeMarkdown(section.heading)}`);
    if (section.subheading) out.push(`### ${escapeMarkdown(section.subheading)}`);
    const listLevel = section.subheading ? '####' : '###';
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') out.push(escapeMarkdown(block.text));
      else if (block.kind === 'amount') out.push(`**${escapeMarkdown(block.text)}**`);
      else if (block.kind === 'table') {
        const row = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
        out.push(`**${escapeMarkdown(block.caption)}**`);
        out.push([row(block.columns.map((c) => c.label)), `| ${block.columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`, ...block.rows.map(row), ...(block.footer ? [row(block.footer)] : [])].join('\n'));
      }
      else {
        out.push(`${listLevel} ${escapeMarkdown(block.heading)}`);
        if (block.projects.length > 0) out.push(block.projects.map((title) => `- ${escapeMarkdown(title)}`).join('\n'));
      }
    }
  }
  for (const signature of doc.signatures) out.push(signatureMarkdown(signature));
  return `${out.join('\n\n')}\n`;
}

function signatureMarkdown(signature: SignatureBlock): string {
  const lines = signature.isSigned
    ? [signature.placeAndDate, signature.name ?? '', ...signature.lines]
    : [signature.placeAndDate, '\\_'.repeat(30), ...signature.lines];
  return lines.map(escapeMarkdownLine).join('\\\n');
}

function escapeMarkdownLine(line: string): string {
  return line.startsWith('\\_') ? line : escapeMarkdown(line);
}
