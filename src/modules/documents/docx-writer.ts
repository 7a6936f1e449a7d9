import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { AgreementDocument, DocumentBlock, SignatureBlock } from './model';
import { SIGNATURE_RULE } from './render-text';

const FONT = 'Fira Sans';
const BULLETS = 'agreement-bullets';
/** Half-points, as Word counts font sizes. */
const BODY_SIZE = 21;

/**
 * The Word document of an agreement, built in the calling thread (the render worker runs this;
 * everyone else calls renderDocx in render-docx.ts). Real heading styles (Heading 1–4), German as
 * the language of the default run style, "Seite x von y" in the footer, the title in the core
 * properties.
 */
export async function renderDocxInThread(doc: AgreementDocument): Promise<Uint8Array> {
  const children: Array<Paragraph | Table> = [];
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(doc.heading)] }));
  for (const line of doc.titleLines) {
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 160 }, children: [new TextRun({ text: line, bold: true })] }));
  }
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(doc.preamble.heading)] }));
  for (const text of doc.preamble.paragraphs) children.push(bodyParagraph(text));

  for (const section of doc.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        // A no-break space keeps "§" and its number together; the line break mirrors the print layout.
        // The trailing space keeps "§ 1" and the heading apart for text extractors that drop breaks.
        children: [new TextRun(`${section.label.replace(' ', '\u00a0')} `), new TextRun({ text: section.heading, break: 1 })],
      }),
    );
    if (section.subheading) children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(section.subheading)] }));
    const measureHeading = section.subheading ? HeadingLevel.HEADING_4 : HeadingLevel.HEADING_3;
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') children.push(bodyParagraph(block.text));
      else if (block.kind === 'amount') {
        children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 }, children: [new TextRun({ text: block.text, bold: true })] }));
      } else if (block.kind === 'table') {
        children.push(...eckdatenTable(block));
      } else {
        children.push(new Paragraph({ heading: measureHeading, children: [new TextRun(block.heading)] }));
        for (const title of block.projects) {
          children.push(new Paragraph({ numbering: { reference: BULLETS, level: 0 }, spacing: { after: 60 }, children: [new TextRun(title)] }));
        }
      }
    }
  }

  children.push(new Paragraph({ spacing: { before: 600 }, children: [] }));
  children.push(signatureTable(doc.signatures));

  const document = new Document({
    title: doc.title,
    subject: 'Zielvereinbarung zum Ausbildungs- und Qualifizierungsbudget',
    creator: 'AQB-Steuerung',
    styles: {
      default: {
        document: { run: { font: FONT, size: BODY_SIZE, language: { value: 'de-DE' } }, paragraph: { spacing: { after: 140, line: 276 } } },
        heading1: { run: { font: FONT, size: 36, bold: true, color: '000000' }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { after: 280 } } },
        heading2: { run: { font: FONT, size: 24, bold: true, color: '000000' }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, keepLines: true, spacing: { before: 360, after: 200 } } },
        heading3: { run: { font: FONT, size: BODY_SIZE, bold: true, color: '000000' }, paragraph: { keepNext: true, keepLines: true, spacing: { before: 240, after: 120 } } },
        heading4: { run: { font: FONT, size: BODY_SIZE, bold: true, color: '000000' }, paragraph: { keepNext: true, keepLines: true, spacing: { before: 200, after: 100 } } },
      },
    },
    hyphenation: { autoHyphenation: true },
    numbering: {
      config: [
        {
          reference: BULLETS,
          levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 500, hanging: 260 } } } }],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            // A4 in twentieths of a point, margins as in the PDF.
            size: { width: 11906, height: 16838 },
            margin: { top: 1361, bottom: 1474, left: 1417, right: 1247 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ size: 17, children: ['Seite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  const buffer = await Packer.toBuffer(document);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** A data table: the caption as a paragraph kept with it, a repeated header row, the total row in bold. */
function eckdatenTable(block: Extract<DocumentBlock, { kind: 'table' }>): Array<Paragraph | Table> {
  const rule = { style: BorderStyle.SINGLE, size: 4, color: '777777' };
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const cell = (text: string, index: number, bold: boolean) =>
    new TableCell({
      borders: { top: none, left: none, right: none, bottom: rule },
      margins: { top: 60, bottom: 60, left: 80, right: 80 },
      children: [new Paragraph({ alignment: block.columns[index]?.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT, spacing: { after: 0 }, children: [new TextRun({ text, bold, size: 19 })] })],
    });
  return [
    new Paragraph({ keepNext: true, spacing: { before: 200, after: 100 }, children: [new TextRun({ text: block.caption, bold: true })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: block.columns.map((column, index) => cell(column.label, index, true)) }),
        ...block.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((value, index) => cell(value, index, false)) })),
        ...(block.footer ? [new TableRow({ cantSplit: true, children: block.footer.map((value, index) => cell(value, index, true)) })] : []),
      ],
    }),
    new Paragraph({ spacing: { after: 120 }, children: [] }),
  ];
}

function bodyParagraph(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, children: [new TextRun(text)] });
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** The two signature blocks side by side in one row that may not break across pages. */
function signatureTable(signatures: [SignatureBlock, SignatureBlock]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [
      new TableRow({
        cantSplit: true,
        children: signatures.map(
          (signature) =>
            new TableCell({
              width: { size: 50, type: WidthType.PERCENTAGE },
              margins: { right: 400 },
              children: signatureParagraphs(signature),
            }),
        ),
      }),
    ],
  });
}

function signatureParagraphs(signature: SignatureBlock): Paragraph[] {
  const line = (text: string, after = 40) => new Paragraph({ keepNext: true, spacing: { after }, children: [new TextRun(text)] });
  const paragraphs: Paragraph[] = [];
  if (!signature.isSigned) paragraphs.push(line(SIGNATURE_RULE));
  paragraphs.push(line(signature.placeAndDate, 0));
  // Room for the handwritten signature, then the rule it is written on.
  paragraphs.push(
    signature.isSigned
      ? new Paragraph({ keepNext: true, spacing: { before: 720, after: 60 }, border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 1 } }, children: [] })
      : new Paragraph({ keepNext: true, spacing: { before: 720, after: 40 }, children: [new TextRun(SIGNATURE_RULE)] }),
  );
  if (signature.name) paragraphs.push(line(signature.name));
  for (const text of signature.lines) paragraphs.push(line(text));
  return paragraphs;
}
