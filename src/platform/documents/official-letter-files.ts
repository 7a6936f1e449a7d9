import { readFileSync } from 'node:fs';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
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
import { legalNoticeParagraphs, letterheadContactLines, type LetterBlock, type OfficialLetter } from './official-letter';
import { compileTypstPdf } from './typst';

/*
 * The writers of the official letter, run by the render workers (everyone else calls
 * official-letter.ts). The PDF layout is official-letter.typ; the DOCX mirrors it with the
 * same zones (letterhead, address field beside the information block, subject, body,
 * signature, enclosures, legal notice) in the same reading order.
 */

let layout: string | undefined;

/** Optional fields made explicit (Typst cannot test a missing key) and derived lines precomputed. */
function typstData(letter: OfficialLetter) {
  return {
    letterhead: { authority: letter.letterhead.authority, unit: letter.letterhead.unit ?? null, contactLines: letterheadContactLines(letter.letterhead) },
    returnAddress: letter.returnAddress ?? null,
    recipient: letter.recipient,
    infoBlock: letter.infoBlock,
    subject: letter.subject,
    salutation: letter.salutation,
    blocks: letter.blocks.map((block) =>
      block.kind === 'list'
        ? { ...block, ordered: block.ordered ?? false }
        : block.kind === 'table'
          ? { ...block, columns: block.columns.map((c) => ({ label: c.label, align: c.align ?? 'left' })), footer: block.footer ?? null }
          : block,
    ),
    closing: letter.closing,
    signature: letter.signature ? { prefix: letter.signature.prefix ?? null, name: letter.signature.name, role: letter.signature.role } : null,
    enclosures: letter.enclosures ?? [],
    enclosuresLabel: (letter.enclosures?.length ?? 0) === 1 ? 'Anlage' : 'Anlagen',
    legalNotice: letter.legalNotice ? { heading: letter.legalNotice.heading, paragraphs: legalNoticeParagraphs(letter.legalNotice.text) } : null,
    draftMark: letter.draftMark ?? null,
  };
}

/** The letter as tagged PDF/UA-1 in the calling thread (what the render worker runs). */
export async function renderOfficialLetterPdfInThread(letter: OfficialLetter): Promise<Uint8Array> {
  layout ??= readFileSync(new URL('./official-letter.typ', import.meta.url), 'utf8');
  return compileTypstPdf(layout, typstData(letter), { title: letter.title });
}

const FONT = 'Fira Sans';
/** Half-points, as Word counts font sizes. */
const BODY = 22;
const SMALL = 16;
const BULLETS = 'letter-bullets';
const NUMBERS = 'letter-numbers';
/** Millimetres to twentieths of a point. */
const mm = (value: number) => Math.round((value / 25.4) * 1440);
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const RULE = { style: BorderStyle.SINGLE, size: 4, color: '777777' };

function run(text: string, options: { size?: number; bold?: boolean } = {}): TextRun {
  return new TextRun({ text, size: options.size, bold: options.bold });
}

function line(text: string, options: { size?: number; bold?: boolean; after?: number; before?: number; keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({ keepNext: options.keepNext, spacing: { before: options.before ?? 0, after: options.after ?? 0 }, children: [run(text, options)] });
}

/** A layout table without borders: fixed column widths in mm, one row. */
function layoutRow(widths: number[], cells: Paragraph[][], height?: number): Table {
  return new Table({
    width: { size: mm(widths.reduce((a, b) => a + b, 0)), type: WidthType.DXA },
    columnWidths: widths.map(mm),
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        height: height ? { value: mm(height), rule: 'atLeast' } : undefined,
        children: cells.map((children, index) => new TableCell({ width: { size: mm(widths[index]!), type: WidthType.DXA }, margins: { left: 0, right: 0 }, children: children.length > 0 ? children : [new Paragraph({})] })),
      }),
    ],
  });
}

const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;

function blockElements(block: LetterBlock, listIndex: () => number): Array<Paragraph | Table> {
  switch (block.kind) {
    case 'paragraph':
      return [new Paragraph({ spacing: { after: 200 }, children: [run(block.text)] })];
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(block.text)] })];
    case 'list': {
      const instance = listIndex();
      return block.items.map(
        (item) => new Paragraph({ numbering: { reference: block.ordered ? NUMBERS : BULLETS, level: 0, instance }, spacing: { after: 100 }, children: [run(item)] }),
      );
    }
    case 'keyValue':
      return [
        new Table({
          width: { size: mm(165), type: WidthType.DXA },
          columnWidths: [mm(60), mm(105)],
          borders: NO_BORDERS,
          rows: block.items.map(
            (item) =>
              new TableRow({ children: [new TableCell({ children: [line(item.label, { after: 80 })] }), new TableCell({ children: [line(item.value, { after: 80 })] })] }),
          ),
        }),
        new Paragraph({ spacing: { after: 120 }, children: [] }),
      ];
    case 'table': {
      const cell = (text: string, index: number, bold: boolean) =>
        new TableCell({
          borders: { top: NONE, left: NONE, right: NONE, bottom: RULE },
          margins: { top: 60, bottom: 60, left: 80, right: 80 },
          children: [new Paragraph({ alignment: ALIGN[block.columns[index]!.align ?? 'left'], children: [run(text, { bold })] })],
        });
      const rows = [
        new TableRow({ tableHeader: true, cantSplit: true, children: block.columns.map((column, index) => cell(column.label, index, true)) }),
        ...block.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((value, index) => cell(value, index, false)) })),
        ...(block.footer ? [new TableRow({ cantSplit: true, children: block.footer.map((value, index) => cell(value, index, true)) })] : []),
      ];
      return [
        new Paragraph({ keepNext: true, spacing: { before: 120, after: 100 }, children: [run(block.caption, { bold: true })] }),
        new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, rows }),
        new Paragraph({ spacing: { after: 120 }, children: [] }),
      ];
    }
  }
}

/** The letter as Word document in the calling thread (what the render worker runs). */
export async function renderOfficialLetterDocxInThread(letter: OfficialLetter): Promise<Uint8Array> {
  let lists = 0;
  const children: Array<Paragraph | Table> = [];

  // Letterhead: authority and unit on the left, the contact lines where the information block stands.
  const head = [line(letter.letterhead.authority, { size: 26, bold: true, after: 60 })];
  if (letter.letterhead.unit) head.push(line(letter.letterhead.unit, { size: 20 }));
  children.push(layoutRow([100, 65], [head, letterheadContactLines(letter.letterhead).map((text) => line(text, { size: SMALL }))], 30));

  // Address field and information block side by side.
  const address = [
    ...(letter.returnAddress ? [line(letter.returnAddress, { size: 14, after: 120, before: mm(12) })] : [new Paragraph({ spacing: { before: mm(14) }, children: [] })]),
    ...letter.recipient.map((text) => line(text)),
  ];
  const info = letter.infoBlock.flatMap((item) => [line(item.label, { size: SMALL }), line(item.value, { size: 18, after: 80 })]);
  children.push(layoutRow([80, 20, 65], [address, [], [new Paragraph({ spacing: { before: mm(5) }, children: [] }), ...info]], 45));

  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: mm(8), after: mm(8) }, children: [run(letter.subject)] }));
  children.push(line(letter.salutation, { after: 200 }));
  for (const block of letter.blocks) children.push(...blockElements(block, () => ++lists));

  children.push(line(letter.closing, { before: 120, after: letter.signature?.prefix ? 120 : 0, keepNext: true }));
  if (letter.signature) {
    if (letter.signature.prefix) children.push(line(letter.signature.prefix, { keepNext: true }));
    children.push(line(letter.signature.name, { before: mm(12), keepNext: true }));
    children.push(line(letter.signature.role));
  }
  if (letter.enclosures?.length) {
    children.push(line(letter.enclosures.length === 1 ? 'Anlage' : 'Anlagen', { bold: true, before: 360, keepNext: true }));
    for (const text of letter.enclosures) children.push(line(text));
  }
  if (letter.legalNotice) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(letter.legalNotice.heading)] }));
    for (const text of legalNoticeParagraphs(letter.legalNotice.text)) children.push(new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 160 }, children: [run(text)] }));
  }

  const listLevel = (format: (typeof LevelFormat)[keyof typeof LevelFormat], textFormat: string) => ({
    level: 0,
    format,
    text: textFormat,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 500, hanging: 300 } } },
  });
  const document = new Document({
    title: letter.title,
    creator: letter.letterhead.authority,
    styles: {
      default: {
        document: { run: { font: FONT, size: BODY, language: { value: 'de-DE' } }, paragraph: { spacing: { after: 0, line: 264 } } },
        heading1: { run: { font: FONT, size: BODY, bold: true, color: '000000' }, paragraph: { keepNext: true } },
        heading2: { run: { font: FONT, size: BODY, bold: true, color: '000000' }, paragraph: { keepNext: true, spacing: { before: 280, after: 160 } } },
      },
    },
    numbering: {
      config: [
        { reference: BULLETS, levels: [listLevel(LevelFormat.BULLET, '•')] },
        { reference: NUMBERS, levels: [listLevel(LevelFormat.DECIMAL, '%1.')] },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: mm(15), bottom: mm(22), left: mm(25), right: mm(20) } } },
        ...(letter.draftMark
          ? { headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: letter.draftMark, bold: true, color: 'B00020', size: 24 })] })] }) } }
          : {}),
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ size: SMALL, children: ['Seite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES] })] })],
          }),
        },
        children,
      },
    ],
  });
  const buffer = await Packer.toBuffer(document);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
