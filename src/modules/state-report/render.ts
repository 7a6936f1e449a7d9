import { readFileSync } from 'node:fs';
import { AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { runInRenderPool } from '../../platform/documents/render-pool';
import { compileTypstPdf } from '../../platform/documents/typst';
import { paragraphsOf } from './report-body';
import type { ReportContent, ReportTable } from './schema';

let layout: string | undefined;

/**
 * The report as tagged PDF/UA-1 (A4, German, Fira Sans, tables and bar charts with alternative
 * text) via Typst on a render worker. Throws AppError('RENDER_FAILED') on Typst diagnostics.
 */
export async function renderReportPdf(content: ReportContent): Promise<Uint8Array> {
  return runInRenderPool<Uint8Array>(import.meta.url, 'renderReportPdfInThread', content);
}

/** renderReportPdf in the calling thread (what the render worker runs). */
export async function renderReportPdfInThread(content: ReportContent): Promise<Uint8Array> {
  layout ??= readFileSync(new URL('./state-report.typ', import.meta.url), 'utf8');
  return compileTypstPdf(layout, content, { title: content.title });
}

const FONT = 'Fira Sans';

function docxTable(t: ReportTable): Array<Paragraph | Table> {
  const last = t.rows.length - 1;
  const cell = (text: string, numeric: boolean, bold: boolean, header = false) =>
    new TableCell({ children: [new Paragraph({ alignment: numeric ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold, size: 16 })] })], ...(header ? {} : {}) });
  const out: Array<Paragraph | Table> = [new Paragraph({ spacing: { before: 200, after: 80 }, children: [new TextRun({ text: t.caption, bold: true })] })];
  out.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: t.columns.map((c, i) => cell(c, t.numeric[i] ?? false, true, true)) }),
        ...t.rows.map((row, r) => new TableRow({ children: row.map((c, i) => cell(c, t.numeric[i] ?? false, t.hasTotal && r === last)) })),
      ],
    }),
  );
  if (t.footnote) out.push(new Paragraph({ children: [new TextRun({ text: t.footnote, size: 16 })] }));
  return out;
}

/** The report as a Word document (real heading styles, German, the tables with header rows, the title in the core properties). */
export async function renderReportDocx(content: ReportContent): Promise<Uint8Array> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(content.title)] }),
    new Paragraph({ children: [new TextRun(content.asOf)] }),
  ];
  if (content.isDraft) children.push(new Paragraph({ children: [new TextRun({ text: 'Entwurf – nicht freigegeben.', bold: true })] }));
  if (content.isDemo) children.push(new Paragraph({ children: [new TextRun({ text: 'Enthält Demodaten.', bold: true })] }));
  if (content.foreword.trim() !== '') {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Vorwort')] }));
    for (const p of paragraphsOf(content.foreword)) children.push(new Paragraph({ children: [new TextRun(p)] }));
  }
  for (const chapter of content.chapters) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${chapter.number}. ${chapter.title}`)] }));
    for (const p of [...chapter.paragraphs, ...paragraphsOf(chapter.commentary)]) children.push(new Paragraph({ spacing: { after: 120 }, children: [new TextRun(p)] }));
    for (const t of chapter.tables) children.push(...docxTable(t));
  }
  const doc = new Document({
    title: content.title,
    creator: 'AQB-Steuerung',
    styles: { default: { document: { run: { font: FONT, size: 20, language: { value: 'de-DE' } } } } },
    sections: [
      {
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Seite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES] })] })] }) },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
