import type { Signature } from '../documents/schema';
import type { TextLine } from './text-lines';

export interface SignatureBlock {
  signature: Signature | null;
  /** Line of the "Ort, den Datum" line. */
  line: number;
  isLand: boolean;
  /** The title is that of a district head (Landrat, Oberbürgermeisterin, Kreisbeigeordnete …). */
  isDistrictHead: boolean;
  problem: string | null;
}

const MONTHS: Record<string, number> = {
  januar: 1, jänner: 1, februar: 2, märz: 3, maerz: 3, april: 4, mai: 5, juni: 6, juli: 7,
  august: 8, september: 9, oktober: 10, november: 11, dezember: 12,
};

const DATE = String.raw`(\d{1,2})\s*\.\s*(?:(\d{1,2})\s*\.|\s*(\p{L}+))\s*(\d{4})`;
const PLACE_DATE = new RegExp(String.raw`^(\p{L}[^,\d]{0,60}?)\s*,\s*(?:(?:den|am)\s+)?${DATE}\s*$`, 'u');
const PLACE_ONLY = /^(\p{L}[^,\d]{0,60}?)\s*,\s*(?:den|am)?\s*$/u;
const DATE_ONLY = new RegExp(String.raw`^(?:(?:den|am)\s+)?${DATE}\s*$`, 'u');

const TITLE_WORD =
  /(?:minister|landr[aä]t|bürgermeister|buergermeister|beigeordnete|dezernent|staatssekretär|präsident|kreisausschuss|magistrat|stadtr[aä]t|vorsitzende|i\.\s?v\.|in vertretung)/iu;
const UNSIGNED_LINE = /^(?:Ort\s*(?:,|und)?\s*(?:den\s*)?Datum|_{5,}|\.{8,})/iu;
const DISTRICT_HEAD = /(?:landr[aä]t|bürgermeister|kreisbeigeordnete|stadtr[aä]t|dezernent)/iu;
const INSTITUTION = /^(?:hessisches?|ministerium|für\s|jugend\s|des\s|der\s|dem\s|landkreis|kreis|stadt|\p{L}+stadt\s)/iu;

function toIso(day: string, month: string | undefined, monthName: string | undefined, year: string): string | null {
  const m = month !== undefined ? Number(month) : MONTHS[(monthName ?? '').toLowerCase()];
  const d = Number(day);
  const y = Number(year);
  if (!m || !d) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "Landrätin des Kreises Bergstraße" → "Landrätin"; "Der Oberbürgermeister" → "Oberbürgermeister". */
export function ownTitle(line: string): string {
  return line
    .replace(/^(?:der|die)\s+/i, '')
    .split(/\s+(?:des|der|dem|im|für|von)\s+|,\s*/u)[0]!
    .trim();
}

interface PlaceDate {
  place: string;
  date: string | null;
  lineIndex: number;
  /** Index of the last line belonging to the place/date (a date may stand on the next line). */
  endIndex: number;
}

function findPlaceDates(lines: TextLine[]): PlaceDate[] {
  const found: PlaceDate[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.text;
    if (text.length > 90) continue;
    const full = PLACE_DATE.exec(text);
    if (full) {
      found.push({ place: full[1]!.trim(), date: toIso(full[2]!, full[3], full[4], full[5]!), lineIndex: i, endIndex: i });
      continue;
    }
    // "Wiesbaden, den" with the date on the next non-empty line.
    const placeOnly = PLACE_ONLY.exec(text);
    if (placeOnly) {
      let j = i + 1;
      while (j < lines.length && lines[j]!.text === '' && j - i < 3) j++;
      const dateOnly = j < lines.length ? DATE_ONLY.exec(lines[j]!.text) : null;
      if (dateOnly) {
        found.push({ place: placeOnly[1]!.trim(), date: toIso(dateOnly[1]!, dateOnly[2], dateOnly[3], dateOnly[4]!), lineIndex: i, endIndex: j });
        i = j;
      }
    }
  }
  return found;
}

/**
 * Reads the signature blocks: "Ort, den T.M.JJJJ", then the name and the person's own title on the
 * following lines – or the title above the name ("Die Staatsministerin" / "Heike Hofmann"), or
 * both on one line ("Heike Hofmann, Staatsministerin"); an image-text duplicate of the name is
 * skipped. Blocks that mention a ministry
 * belong to the Land; the other one to the district.
 */
export function parseSignatureBlocks(lines: TextLine[]): SignatureBlock[] {
  const placeDates = findPlaceDates(lines);
  const blocks: SignatureBlock[] = [];
  for (let k = 0; k < placeDates.length; k++) {
    const start = placeDates[k]!;
    const stop = Math.min(placeDates[k + 1]?.lineIndex ?? lines.length, start.endIndex + 15);
    // An unsigned block ("Ort, Datum" above a signature rule) ends the block before it.
    let end = start.endIndex + 1;
    while (end < stop && !UNSIGNED_LINE.test(lines[end]!.text)) end++;
    const body = lines
      .slice(start.endIndex + 1, end)
      // Emphasis marks survive in text that is otherwise not Markdown ("*Heike Hofmann*" as image text).
      .map((line) => line.text.replace(/^[_.\s]+$/, '').replace(/^([*_]{1,2})(\S(?:.*\S)?)\1$/u, '$2').trim())
      .map((text) => text.replace(/^gez\.\s*/i, ''))
      .filter((text) => text !== '' && !/^(?:\(?unterschrift\)?|siegel|l\.\s?s\.)$/i.test(text));
    // The scanned signature often carries the name as image text: "*Heike Hofmann*" then "Heike Hofmann".
    const deduped = body.filter((text, index) => index === 0 || text !== body[index - 1]);
    const blockText = deduped.join(' ');
    // "Staatsministerin", "Hessisches Ministerium", a Staatssekretär signing for the minister.
    const isLand = /minist|staatssekretär|Land Hessen/iu.test(blockText) && !DISTRICT_HEAD.test(blockText);

    let name: string | null = null;
    let title: string | null = null;
    // "Die Staatsministerin" / "Der Landrat" above the name: the title comes first in some layouts.
    let titleBefore: string | null = null;
    for (let i = 0; i < deduped.length; i++) {
      const text = deduped[i]!;
      if (name === null) {
        const inline = /^(.+?),\s*(.+)$/.exec(text);
        if (inline && TITLE_WORD.test(inline[2]!) && !TITLE_WORD.test(inline[1]!)) {
          name = inline[1]!.trim();
          title = ownTitle(inline[2]!);
          break;
        }
        const candidate = ownTitle(text);
        if (TITLE_WORD.test(candidate) && !INSTITUTION.test(candidate)) {
          titleBefore ??= candidate;
          continue;
        }
        if (TITLE_WORD.test(text) || INSTITUTION.test(text)) continue;
        name = text;
        continue;
      }
      // After the name: its title, unless the title already stood above and this is the institution.
      const after = ownTitle(text);
      title = titleBefore !== null && (!TITLE_WORD.test(after) || INSTITUTION.test(after)) ? titleBefore : after;
      break;
    }
    if (name !== null && title === null && titleBefore !== null) title = titleBefore;
    const date = start.date;
    const problem =
      date === null
        ? `Das Datum der Unterschrift in Zeile ${lines[start.lineIndex]!.no} ist kein gültiges Datum.`
        : name === null
          ? `Zur Unterschrift in Zeile ${lines[start.lineIndex]!.no} fehlt der Name.`
          : title === null || title === ''
            ? `Zur Unterschrift in Zeile ${lines[start.lineIndex]!.no} fehlt die Amtsbezeichnung.`
            : null;
    const valid = problem === null && name !== null && title !== null && date !== null && name.length <= 200 && start.place.length <= 200;
    blocks.push({
      isDistrictHead: DISTRICT_HEAD.test(blockText),
      signature: valid ? { place: start.place, date: date!, name: name!, title: title!.slice(0, 200) } : null,
      line: lines[start.lineIndex]!.no,
      isLand,
      problem,
    });
  }
  return blocks;
}
