import { readFileSync } from 'node:fs';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { compileTypstPdf } from '../../../platform/documents/typst';
import type { FundingDocument } from './model';

let layout: string | undefined;

/** The document as tagged PDF/UA-1, in the calling thread (what the render worker runs; others call render.ts). */
export async function renderFundingPdfInThread(doc: FundingDocument): Promise<Uint8Array> {
  layout ??= readFileSync(new URL('./funding-document.typ', import.meta.url), 'utf8');
  return compileTypstPdf(layout, doc, { title: doc.title });
}

const line = (text: string, options: { size?: number; after?: number; bold?: boolean; alignment?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({ alignment: options.alignment, spacing: { after: options.after ?? 0 }, children: [new TextRun({ text, size: options.size, bold: options.bold })] });

/** The document as Word file (de-DE), the same text as the PDF, in the calling thread. */
export async function renderFundingDocxInThread(doc: FundingDocument): Promise<Uint8Array> {
  const children: Array<Paragraph | Table> = [];
  if (doc.draftMark) children.push(line(doc.draftMark, { bold: true, after: 240 }));
  doc.sender.forEach((text, i) => children.push(line(text, { size: 17, after: i === doc.sender.length - 1 ? 360 : 0 })));
  doc.recipient.forEach((text, i) => children.push(line(text, { after: i === doc.recipient.length - 1 ? 240 : 0 })));
  doc.references.forEach((r, i) => children.push(line(`${r.label}: ${r.value}`, { size: 18, after: i === doc.references.length - 1 ? 240 : 0 })));
  children.push(line(doc.placeAndDate, { alignment: AlignmentType.RIGHT, after: 300 }));
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { after: 240 }, children: [new TextRun({ text: doc.subject, bold: true, size: 24, color: '000000' })] }));
  if (doc.salutation) children.push(line(doc.salutation, { after: 200 }));
  for (const block of doc.blocks) {
    if (block.kind === 'heading') children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 }, children: [new TextRun({ text: block.text, bold: true, size: 22, color: '000000' })] }));
    else if (block.kind === 'paragraph') children.push(new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 160 }, children: [new TextRun(block.text)] }));
    else if (block.kind === 'list') for (const item of block.items) children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(item)] }));
    else {
      children.push(line(block.caption, { bold: true, after: 80 }));
      const cell = (text: string, column: number, header: boolean) =>
        new TableCell({ children: [new Paragraph({ alignment: block.numeric.includes(column) ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold: header, size: 18 })] })] });
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: block.columns.map((c, i) => cell(c, i, true)) }),
            ...block.rows.map((row) => new TableRow({ children: row.map((c, i) => cell(c, i, false)) })),
          ],
        }),
      );
      children.push(line('', { after: 160 }));
    }
  }
  if (doc.closing) children.push(line(doc.closing, { after: 600 }));
  for (const text of doc.signature) children.push(line(text));
  const document = new Document({
    title: doc.title,
    creator: doc.sender[0],
    styles: { default: { document: { run: { font: 'Arial', size: 21, language: { value: 'de-DE' } } } } },
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
