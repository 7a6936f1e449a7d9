import type { MeasureTypeCode } from '../documents/schema';

/** The four Maßnahmenart labels as printed in the reference agreements (DOMAIN 1.4). */
export const MEASURE_LABELS: Record<MeasureTypeCode, string> = {
  1: 'Ausbildungsvorbereitung',
  2: 'Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen',
  3: 'Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung',
  4: 'Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung',
};

// Other wordings seen in sources (RP Kassel, Kreis Bergstraße) whose words also count as label words.
const EXTRA_WORDS: Record<MeasureTypeCode, string> = {
  1: 'Ausbildungs- und Qualifizierungsvorbereitung einschließlich gesundheitsfördernder Maßnahmen Berufsvorbereitung',
  2: 'Ausbildungscoaching Ausbildungsberufe',
  3: 'Qualifizierung Qualifizierungsmaßnahmen Arbeitsmarktintegration Fachkräftesicherung und',
  4: 'Weiterbildung Weiterbildungen Personal Fachpersonal Jobcenter-Mitarbeitende die Zielgruppen sowie wissenschaftliche Unterstützung bei Erstellung Fortschreibung kommunalen Ausbildungs- Arbeitsmarktstrategie',
};

const LEAD: Array<[MeasureTypeCode, RegExp]> = [
  [1, /^(?:ausbildungs-?\s*(?:und\s+qualifizierungs)?vorbereitung|berufsvorbereitung)/],
  [2, /^ausbildung(?:\s|$|,|:)/],
  [3, /^qualifizierung/],
  [4, /^(?:fort-\s*und\s+)?weiterbildung/],
];

function words(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[^\p{L}\d-]+/u)
    .map((word) => word.replace(/^-+|-+$/g, ''))
    .filter((word) => word.length > 0);
}

const LABEL_WORDS: Record<MeasureTypeCode, Set<string>> = {
  1: new Set(words(`${MEASURE_LABELS[1]} ${EXTRA_WORDS[1]}`)),
  2: new Set(words(`${MEASURE_LABELS[2]} ${EXTRA_WORDS[2]}`)),
  3: new Set(words(`${MEASURE_LABELS[3]} ${EXTRA_WORDS[3]}`)),
  4: new Set(words(`${MEASURE_LABELS[4]} ${EXTRA_WORDS[4]}`)),
};

const NUMBERING = /^(?:maßnahmenart\s*)?\(?([1-4])\s*(?:[.):]|\s[–-])\s*/i;

export interface HeadingMatch {
  type: MeasureTypeCode;
  /** The number printed before the heading, if any ("2." → 2). */
  number: number | null;
}

/**
 * Recognises a Maßnahmenart heading such as "1. Ausbildungsvorbereitung", "2. Ausbildung",
 * "Qualifizierungsprojekte zur …", "4. Weiterbildung Personal". A line only counts when nearly all
 * of its words belong to the label, so a project called "Ausbildung „BAEREN-STARKE“" does not.
 */
export function matchMeasureHeading(line: string): HeadingMatch | null {
  let text = line.trim().replace(/[:.]$/, '').trim();
  const numbering = NUMBERING.exec(text);
  const number = numbering ? Number(numbering[1]) : null;
  if (numbering) text = text.slice(numbering[0].length);
  const lower = text.toLowerCase();
  for (const [type, lead] of LEAD) {
    if (!lead.test(lower)) continue;
    if (number !== null && number !== type) return null;
    const lineWords = words(text);
    if (lineWords.length === 0) return null;
    const known = lineWords.filter((word) => LABEL_WORDS[type].has(word)).length;
    if (known === lineWords.length || (lineWords.length >= 4 && known / lineWords.length >= 0.8)) return { type, number };
    return null;
  }
  return null;
}

/** True when a line continues a wrapped heading of this type (all its words belong to the label). */
export function continuesHeading(type: MeasureTypeCode, headingSoFar: string, line: string): boolean {
  const lineWords = words(line);
  if (lineWords.length === 0 || matchMeasureHeading(line)) return false;
  if (!lineWords.every((word) => LABEL_WORDS[type].has(word))) return false;
  // Only append while the label is not complete yet; a complete heading is followed by projects.
  const label = words(MEASURE_LABELS[type]);
  const sofar = words(headingSoFar.replace(NUMBERING, ''));
  return sofar.length < label.length || /\b(?:der|die|das|in|im|für|zur|zum|und|von|mit)$/i.test(headingSoFar.trim());
}
