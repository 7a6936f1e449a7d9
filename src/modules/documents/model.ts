import type { MeasureTypeCode } from './schema';

/**
 * The format-neutral Zielvereinbarung: everything is final German text (placeholders filled,
 * amounts and dates formatted). Every renderer works from this model only, so all formats say
 * the same words.
 */
export interface AgreementDocument {
  /** Document title for metadata (PDF/UA needs one): "Zielvereinbarung 2024 – Rheingau-Taunus-Kreis". */
  title: string;
  language: 'de-DE';
  /** "Zielvereinbarung": the one top-level heading. */
  heading: string;
  /** The lines under the heading: year, "zwischen", the two parties, the purpose. */
  titleLines: string[];
  preamble: { heading: string; paragraphs: string[] };
  sections: DocumentSection[];
  signatures: [SignatureBlock, SignatureBlock];
}

export interface DocumentSection {
  number: number;
  /** "§ 1" */
  label: string;
  heading: string;
  subheading: string | null;
  blocks: DocumentBlock[];
}

export type DocumentBlock =
  | { kind: 'paragraph'; text: string }
  /** The § 4 amount line, printed emphasised on its own line ("787.100 Euro"). */
  | { kind: 'amount'; text: string }
  /** One Maßnahmenart of § 5; an empty `projects` list prints the heading alone. */
  | { kind: 'measureType'; code: MeasureTypeCode; heading: string; projects: string[] }
  /** The optional Eckdaten table of § 4: first column the row headers, `footer` the total row. */
  | { kind: 'table'; caption: string; columns: Array<{ label: string; numeric: boolean }>; rows: string[][]; footer: string[] | null };

export interface SignatureBlock {
  party: 'land' | 'district';
  isSigned: boolean;
  /** "Wiesbaden, den 1.7.2024", or "Ort, Datum" when not signed yet. */
  placeAndDate: string;
  /** The signatory's name, null when not signed yet. */
  name: string | null;
  /** Title and body lines under the name ("Staatsministerin", "Hessisches Ministerium", …). */
  lines: string[];
}
