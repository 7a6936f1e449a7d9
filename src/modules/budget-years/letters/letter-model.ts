/**
 * The Mittelankündigung (announcement of the allocation) and its change letter as official
 * letters (DIN 5008, src/platform/documents/official-letter.ts): the ministry's letterhead to the
 * district administration, the amount "in Aussicht gestellt" for the year. Pure mapping; the
 * renderers only lay it out.
 */
import type { OfficialLetter } from '../../../platform/documents/official-letter';
import { formatDate, formatEuro } from '../../../platform/format';
import type { District } from '../../districts/schema';
import { senderParts, type StoredLetterhead } from '../../letterheads/service';

/** An official letter with the stem of its file names. */
export type LetterData = OfficialLetter & { fileStem: string };

export interface LetterInput {
  district: District;
  year: number;
  amountCents: number;
  /** ISO date of the letter (date of the announcement). */
  announcedOn: string;
  /** Landesbudget of the year in cents, when known. */
  landesbudgetCents: number | null;
  /** The sender (the ministry's letterhead from the master data). */
  sender: StoredLetterhead;
  /** A preview before the year is fixed: marked "Entwurf – Vorschau" on every page, never stored. */
  isPreview?: boolean;
}

export const PREVIEW_MARK = 'Entwurf – Vorschau';

/**
 * The address field: the district administration (Kreisausschuss or Magistrat) with the district
 * in the genitive on its own line, so that no name is broken inside the 80 mm field, then the seat
 * (DIN 5008: no "An").
 */
function recipientOf(district: District): string[] {
  return [district.kind === 'KREISFREIE_STADT' ? 'Magistrat' : 'Kreisausschuss', district.forms.gen, district.seat];
}

/** File name stem without extension: "mittelankuendigung-2026-06432". */
export function letterFileStem(year: number, ags: string): string {
  return `mittelankuendigung-${year}-${ags}`;
}

/** File name stem of a change letter: "aenderung-mittelankuendigung-2026-06432-1". */
export function changeLetterFileStem(year: number, ags: string, number: number): string {
  return `aenderung-mittelankuendigung-${year}-${ags}-${number}`;
}

const RESERVATION =
  'Die Bewilligung erfolgt auf der Grundlage der Zielvereinbarung durch gesonderten Zuwendungsbescheid und steht unter dem Vorbehalt der Verfügbarkeit der Haushaltsmittel. Aus dieser Ankündigung ergibt sich kein Rechtsanspruch.';

export function buildLetter(input: LetterInput): LetterData {
  const { district, year } = input;
  const amount = formatEuro(input.amountCents);
  // After the salutation's comma the letter goes on in lower case (DIN 5008).
  const opening =
    input.landesbudgetCents !== null
      ? `das Land Hessen stellt für das Ausbildungs- und Qualifizierungsbudget im Jahr ${year} insgesamt ${formatEuro(input.landesbudgetCents)} bereit. Die Mittel werden nach dem landeseinheitlichen Verteilungsschlüssel auf die 21 Landkreise und 5 kreisfreien Städte verteilt.`
      : `die Mittel des Ausbildungs- und Qualifizierungsbudgets ${year} werden nach dem landeseinheitlichen Verteilungsschlüssel auf die 21 Landkreise und 5 kreisfreien Städte verteilt.`;
  const title = `Mittelankündigung AQB ${year} – ${district.officialName}`;
  return {
    title: input.isPreview ? `${PREVIEW_MARK}: ${title}` : title,
    fileStem: input.isPreview ? `vorschau-${letterFileStem(year, district.ags)}` : letterFileStem(year, district.ags),
    ...(input.isPreview ? { draftMark: PREVIEW_MARK } : {}),
    ...senderParts(input.sender, `${year}/${district.ags}`, formatDate(input.announcedOn)),
    recipient: recipientOf(district),
    subject: `Ausbildungs- und Qualifizierungsbudget (AQB) ${year} – Mittelankündigung für ${district.forms.akk}`,
    salutation: 'Sehr geehrte Damen und Herren,',
    blocks: [
      { kind: 'paragraph', text: opening },
      { kind: 'paragraph', text: `Auf dieser Grundlage wird ${district.forms.dat} für das Förderjahr ${year} ein Betrag von ${amount} in Aussicht gestellt.` },
      { kind: 'paragraph', text: `Der Betrag wird in § 4 der Zielvereinbarung ${year} zwischen dem Land Hessen und ${district.forms.dat} übernommen. ${RESERVATION}` },
      { kind: 'paragraph', text: 'Änderungen der Mittelverfügbarkeit im Laufe des Jahres teile ich Ihnen gesondert mit.' },
    ],
    closing: 'Mit freundlichen Grüßen',
  };
}

export interface ChangeLetterInput {
  district: District;
  year: number;
  /** The n-th change of this district's allocation in the year (1, 2, …). */
  number: number;
  fromCents: number;
  toCents: number;
  reason: string;
  /** ISO date of the decision (the revision's decidedOn). */
  decidedOn: string;
  /** ISO date printed in the letter. */
  letterDate: string;
  /** ISO date of the first Mittelankündigung, when one was sent. */
  announcedOn: string | null;
  sender: StoredLetterhead;
}

/** The "Änderung der Mittelankündigung": old and new amount, the difference, the reason. */
export function buildChangeLetter(input: ChangeLetterInput): LetterData {
  const { district, year } = input;
  const isIncrease = input.toCents > input.fromCents;
  const difference = Math.abs(input.toCents - input.fromCents);
  const previous = input.announcedOn
    ? `mit Schreiben vom ${formatDate(input.announcedOn)} wurde ${district.forms.dat} für das Förderjahr ${year} ein Betrag von ${formatEuro(input.fromCents)} in Aussicht gestellt.`
    : `${district.forms.dat} wurde für das Förderjahr ${year} bisher ein Betrag von ${formatEuro(input.fromCents)} in Aussicht gestellt.`;
  const reasons = input.reason
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .filter((paragraph) => paragraph !== '');
  return {
    title: `Änderung der Mittelankündigung AQB ${year} – ${district.officialName} (Nr. ${input.number})`,
    fileStem: changeLetterFileStem(year, district.ags, input.number),
    ...senderParts(input.sender, `${year}/${district.ags}-${input.number}`, formatDate(input.letterDate)),
    recipient: recipientOf(district),
    subject: `Ausbildungs- und Qualifizierungsbudget (AQB) ${year} – Änderung der Mittelankündigung für ${district.forms.akk}`,
    salutation: 'Sehr geehrte Damen und Herren,',
    blocks: [
      // A sentence that begins with the district ("dem Landkreis …") starts lower case after the salutation too.
      { kind: 'paragraph', text: previous },
      {
        kind: 'paragraph',
        text: `Mit Entscheidung vom ${formatDate(input.decidedOn)} wird dieser Betrag um ${formatEuro(difference)} ${isIncrease ? 'aufgestockt' : 'gekürzt'}. ${district.forms.dat.charAt(0).toUpperCase()}${district.forms.dat.slice(1)} wird für das Förderjahr ${year} nunmehr ein Betrag von ${formatEuro(input.toCents)} in Aussicht gestellt.`,
      },
      {
        kind: 'table',
        caption: 'Änderung der in Aussicht gestellten Mittel',
        columns: [{ label: 'Angabe' }, { label: 'Betrag', align: 'right' }],
        rows: [
          ['Bisher in Aussicht gestellt', formatEuro(input.fromCents)],
          [isIncrease ? 'Aufstockung' : 'Kürzung', `${isIncrease ? '+' : '−'} ${formatEuro(difference)}`],
        ],
        footer: ['Neu in Aussicht gestellt', formatEuro(input.toCents)],
      },
      { kind: 'heading', text: 'Begründung' },
      ...reasons.map((text) => ({ kind: 'paragraph' as const, text })),
      { kind: 'paragraph', text: `§ 4 der Zielvereinbarung ${year} zwischen dem Land Hessen und ${district.forms.dat} wird an den neuen Betrag angepasst. ${RESERVATION}` },
    ],
    closing: 'Mit freundlichen Grüßen',
  };
}
