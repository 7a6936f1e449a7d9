import { z } from 'zod';
import { runInRenderPool, siblingModule } from './render-pool';

/*
 * The official letter of an authority (DIN 5008, form B) as plain data, and its two renderers.
 * Every letter the system sends — Mittelankündigung, Bescheid, Zahlungsmitteilung, … — builds an
 * OfficialLetter (all text already formatted: amounts, dates, case forms) and hands it here; this
 * file knows nothing about the AQB. The layout lives in official-letter.typ (PDF) and
 * official-letter-files.ts (DOCX); both render on the render pool (docs/decisions/0014).
 *
 * Limits below keep every zone of the form inside its box (letterhead 45 mm, address field
 * 45 mm with 5 address lines, information block beside it); a letter outside them is a
 * programming error and is refused before rendering.
 */

const line = z.string().trim().min(1).max(200);
const text = z.string().trim().min(1).max(10_000);

export const LetterheadSchema = z.object({
  /** "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales" */
  authority: line,
  /** "Referat …", "Dezernat 57 – Förderungen" */
  unit: line.optional(),
  /** Postal address lines of the authority ("Sonnenberger Straße 2/2a", "65193 Wiesbaden"). */
  addressLines: z.array(line).max(4),
  phone: line.optional(),
  email: line.optional(),
  web: line.optional(),
});
export type Letterhead = z.infer<typeof LetterheadSchema>;

const AlignSchema = z.enum(['left', 'right', 'center']);

export const LetterBlockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paragraph'), text }),
  z.object({ kind: z.literal('heading'), text: line }),
  z.object({ kind: z.literal('list'), items: z.array(text).min(1), ordered: z.boolean().optional() }),
  z
    .object({
      kind: z.literal('table'),
      caption: line,
      columns: z.array(z.object({ label: line, align: AlignSchema.optional() })).min(1).max(8),
      rows: z.array(z.array(z.string().max(1000))),
      /** A sum row, printed bold below the rows (and repeated nowhere). */
      footer: z.array(z.string().max(1000)).optional(),
    })
    .superRefine((table, ctx) => {
      const width = table.columns.length;
      table.rows.forEach((row, index) => {
        if (row.length !== width) ctx.addIssue({ code: 'custom', path: ['rows', index], message: `Zeile ${index + 1} hat ${row.length} statt ${width} Zellen.` });
      });
      if (table.footer && table.footer.length !== width) ctx.addIssue({ code: 'custom', path: ['footer'], message: `Die Summenzeile hat ${table.footer.length} statt ${width} Zellen.` });
    }),
  z.object({ kind: z.literal('keyValue'), items: z.array(z.object({ label: line, value: z.string().trim().max(1000) })).min(1) }),
]);
export type LetterBlock = z.infer<typeof LetterBlockSchema>;

export const OfficialLetterSchema = z.object({
  /** Document title of the PDF and DOCX (PDF/UA-1 requires one). */
  title: line,
  /** The sending authority, printed as the letterhead. */
  letterhead: LetterheadSchema,
  /** Rücksendeangabe: one short line above the address field ("HMAIJS · Sonnenberger Straße 2/2a · 65193 Wiesbaden"). */
  returnAddress: line.optional(),
  /** The address field, at most 6 lines (DIN 5008 Anschriftzone). */
  recipient: z.array(line).min(1).max(6),
  /** Information block beside the address field: Aktenzeichen, Datum, Ansprechperson, Telefon, E-Mail … */
  infoBlock: z.array(z.object({ label: line, value: line })).max(10),
  /** Betreff, printed bold without the word "Betreff" (DIN 5008). */
  subject: z.string().trim().min(1).max(500),
  /** "Sehr geehrte Damen und Herren," */
  salutation: line,
  blocks: z.array(LetterBlockSchema),
  /** "Mit freundlichen Grüßen" */
  closing: line,
  /** Who signs; null for a letter without signature block. `prefix` is "Im Auftrag", "In Vertretung" … */
  signature: z.object({ prefix: line.optional(), name: line, role: line }).nullable(),
  /** Anlagen, listed below the signature. */
  enclosures: z.array(line).optional(),
  /** Rechtsbehelfsbelehrung; paragraphs are separated by a blank line in `text`. */
  legalNotice: z.object({ heading: line, text }).optional(),
  /** A draft that is not sent ("Entwurf – Vorschau"): printed at the top of every page and across the first. */
  draftMark: z.string().trim().min(1).max(60).optional(),
});
export type OfficialLetter = z.infer<typeof OfficialLetterSchema>;

/* The writers (Typst and `docx`) are loaded only by the render workers. */
const WRITER = siblingModule(import.meta.url, './official-letter-files');

/**
 * The letter as tagged PDF/UA-1 (title, language de-DE) via Typst on a render worker. Throws a
 * ZodError for a letter outside the limits above, AppError('RENDER_FAILED') when Typst fails.
 */
export async function renderOfficialLetterPdf(letter: OfficialLetter): Promise<Uint8Array> {
  return runInRenderPool<Uint8Array>(WRITER, 'renderOfficialLetterPdfInThread', OfficialLetterSchema.parse(letter));
}

/** The same letter as Word document (de-DE, title in the properties, subject as Heading 1), built on a render worker. */
export async function renderOfficialLetterDocx(letter: OfficialLetter): Promise<Uint8Array> {
  return runInRenderPool<Uint8Array>(WRITER, 'renderOfficialLetterDocxInThread', OfficialLetterSchema.parse(letter));
}

/** The letter's text in reading order, one line per printed line or paragraph (tests, search, previews). */
export function officialLetterText(letter: OfficialLetter): string {
  const out: string[] = letter.draftMark ? [letter.draftMark] : [];
  out.push(letter.letterhead.authority);
  if (letter.letterhead.unit) out.push(letter.letterhead.unit);
  out.push(...letterheadContactLines(letter.letterhead));
  if (letter.returnAddress) out.push(letter.returnAddress);
  out.push(...letter.recipient);
  for (const item of letter.infoBlock) out.push(`${item.label} ${item.value}`);
  out.push(letter.subject, letter.salutation);
  for (const block of letter.blocks) {
    if (block.kind === 'paragraph' || block.kind === 'heading') out.push(block.text);
    else if (block.kind === 'list') out.push(...block.items);
    else if (block.kind === 'keyValue') for (const item of block.items) out.push(`${item.label} ${item.value}`);
    else {
      out.push(block.caption, block.columns.map((c) => c.label).join(' '));
      for (const row of block.rows) out.push(row.join(' '));
      if (block.footer) out.push(block.footer.join(' '));
    }
  }
  out.push(letter.closing);
  if (letter.signature) {
    if (letter.signature.prefix) out.push(letter.signature.prefix);
    out.push(letter.signature.name, letter.signature.role);
  }
  if (letter.enclosures?.length) out.push(letter.enclosures.length === 1 ? 'Anlage' : 'Anlagen', ...letter.enclosures);
  if (letter.legalNotice) out.push(letter.legalNotice.heading, ...legalNoticeParagraphs(letter.legalNotice.text));
  return out.join('\n');
}

/** The contact lines of a letterhead as printed: address, then "Telefon …", "E-Mail …", "Internet …". */
export function letterheadContactLines(letterhead: Letterhead): string[] {
  return [
    ...letterhead.addressLines,
    ...(letterhead.phone ? [`Telefon ${letterhead.phone}`] : []),
    ...(letterhead.email ? [`E-Mail ${letterhead.email}`] : []),
    ...(letterhead.web ? [`Internet ${letterhead.web}`] : []),
  ];
}

/** Paragraphs of a multi-paragraph text: split at blank lines, inner line breaks kept as spaces. */
export function legalNoticeParagraphs(value: string): string[] {
  return value
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .filter((paragraph) => paragraph !== '');
}
