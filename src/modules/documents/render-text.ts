import type { AgreementDocument, DocumentBlock, SignatureBlock } from './model';

/** Where a signature goes when the block is printed unsigned. */
export const SIGNATURE_RULE = '______________________________';

/**
 * Plain UTF-8 text of the agreement, one block per paragraph, blank lines between blocks. This is
 * the rendering the fidelity tests compare against the reference agreements.
 */
export function renderText(doc: AgreementDocument): string {
  const blocks: string[] = [];
  blocks.push(doc.heading, ...doc.titleLines);
  blocks.push(doc.preamble.heading, ...doc.preamble.paragraphs);
  for (const section of doc.sections) {
    blocks.push([section.label, section.heading, ...(section.subheading ? [section.subheading] : [])].join('\n'));
    for (const block of section.blocks) {
      if (block.kind === 'paragraph' || block.kind === 'amount') blocks.push(block.text);
      else if (block.kind === 'table') blocks.push(tableLines(block).join('\n'));
      else blocks.push([block.heading, ...block.projects.map((title) => `- ${title}`)].join('\n'));
    }
  }
  for (const signature of doc.signatures) blocks.push(signatureText(signature));
  return `${blocks.join('\n\n')}\n`;
}

/** A table as text: the caption, then one line per row, cells separated by " | " (header first, total last). */
export function tableLines(block: Extract<DocumentBlock, { kind: 'table' }>): string[] {
  return [block.caption, ...[block.columns.map((c) => c.label), ...block.rows, ...(block.footer ? [block.footer] : [])].map((cells) => cells.join(' | '))];
}

function signatureText(signature: SignatureBlock): string {
  if (!signature.isSigned) return [SIGNATURE_RULE, signature.placeAndDate, '', SIGNATURE_RULE, ...signature.lines].join('\n');
  return [signature.placeAndDate, '', signature.name ?? '', ...signature.lines].join('\n');
}
