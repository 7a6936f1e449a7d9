import { readFileSync } from 'node:fs';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { compileTypstPdf } from '../../../platform/documents/typst';
import type { LetterData } from './letter-model';

let layout: string | undefined;

/** The letter as tagged PDF/UA-1, in the calling thread (what the render worker runs; others call render.ts). */
export async function renderLetterPdfInThread(letter: LetterData): Promise<Uint8Array> {
  layout ??= readFileSync(new URL('./letter.typ', import.meta.url), 'utf8');
  return compileTypstPdf(layout, letter, { title: letter.title });
}

/** The letter as Word document, in the calling thread (what the render worker runs). */
export async function renderLetterDocxInThread(letter: LetterData): Promise<Uint8Array> {
  const line = (text: string, options: { size?: number; after?: number; alignment?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
    new Paragraph({ alignment: options.alignment, spacing: { after: options.after ?? 0 }, children: [new TextRun({ text, size: options.size })] });
  const document = new Document({
    title: letter.title,
    creator: letter.sender[0],
    styles: { default: { document: { run: { font: 'Arial', size: 22, language: { value: 'de-DE' } } } } },
    sections: [
      {
        children: [
          ...letter.sender.map((text, i) => line(text, { size: 18, after: i === letter.sender.length - 1 ? 480 : 0 })),
          ...letter.recipient.map((text, i) => line(text, { after: i === letter.recipient.length - 1 ? 480 : 0 })),
          line(letter.placeAndDate, { alignment: AlignmentType.RIGHT, after: 360 }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { after: 240 }, children: [new TextRun({ text: letter.subject, bold: true, size: 22, color: '000000' })] }),
          line(letter.salutation, { after: 200 }),
          ...letter.paragraphs.map((text) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 200 }, children: [new TextRun(text)] })),
          line(letter.closing, { after: 720 }),
          ...letter.signature.map((text) => line(text)),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
