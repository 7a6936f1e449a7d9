/**
 * The Mittelankündigung (announcement of the allocation) as plain data: HMSI to the district
 * administration, the amount "in Aussicht gestellt" for the year. Pure mapping; the PDF and DOCX
 * renderers only lay it out.
 */
import { formatDate, formatEuro } from '../../../platform/format';
import type { District } from '../../districts/schema';

export interface LetterData {
  title: string;
  fileStem: string;
  sender: string[];
  recipient: string[];
  placeAndDate: string;
  subject: string;
  salutation: string;
  paragraphs: string[];
  closing: string;
  signature: string[];
}

export interface LetterInput {
  district: District;
  year: number;
  amountCents: number;
  /** ISO date of the letter (date of the announcement). */
  announcedOn: string;
  /** Landesbudget of the year in cents, when known. */
  landesbudgetCents: number | null;
}

export const MINISTRY = 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales';

/** The body of the district administration a letter goes to: Kreisausschuss or Magistrat. */
function addressee(district: District): string {
  return district.kind === 'KREISFREIE_STADT' ? `Magistrat ${district.forms.gen}` : `Kreisausschuss ${district.forms.gen}`;
}

/** File name stem without extension: "mittelankuendigung-2026-06432". */
export function letterFileStem(year: number, ags: string): string {
  return `mittelankuendigung-${year}-${ags}`;
}

export function buildLetter(input: LetterInput): LetterData {
  const { district, year } = input;
  const amount = formatEuro(input.amountCents);
  const budgetSentence =
    input.landesbudgetCents !== null
      ? `Das Land Hessen stellt für das Ausbildungs- und Qualifizierungsbudget im Jahr ${year} insgesamt ${formatEuro(input.landesbudgetCents)} bereit. `
      : '';
  return {
    title: `Mittelankündigung AQB ${year} – ${district.officialName}`,
    fileStem: letterFileStem(year, district.ags),
    sender: [MINISTRY, 'Sonnenberger Straße 2/2a', '65193 Wiesbaden'],
    recipient: [`An den ${addressee(district)}`, district.seat],
    placeAndDate: `Wiesbaden, ${formatDate(input.announcedOn)}`,
    subject: `Ausbildungs- und Qualifizierungsbudget (AQB) ${year} – Mittelankündigung für ${district.formsWithoutArticle.akk}`,
    salutation: 'Sehr geehrte Damen und Herren,',
    paragraphs: [
      `${budgetSentence}Die Mittel werden nach dem landeseinheitlichen Verteilungsschlüssel auf die 21 Landkreise und 5 kreisfreien Städte verteilt.`,
      `Auf dieser Grundlage wird ${district.forms.dat} für das Förderjahr ${year} ein Betrag von ${amount} in Aussicht gestellt.`,
      `Der Betrag wird in § 4 der Zielvereinbarung ${year} zwischen dem Land Hessen und ${district.forms.dat} übernommen. Die Bewilligung erfolgt auf der Grundlage der Zielvereinbarung durch gesonderten Zuwendungsbescheid und steht unter dem Vorbehalt der Verfügbarkeit der Haushaltsmittel. Aus dieser Ankündigung ergibt sich kein Rechtsanspruch.`,
      'Änderungen der Mittelverfügbarkeit im Laufe des Jahres teile ich Ihnen gesondert mit.',
    ],
    closing: 'Mit freundlichen Grüßen',
    signature: ['Im Auftrag', MINISTRY],
  };
}
