import { amountMismatch } from '../agreements/status';
import {
  AGREEMENT_SCHEMA_ID,
  type AgreementInterchange,
  AgreementInterchangeSchema,
  type Measure,
  type MeasureTypeCode,
  type Signature,
} from '../documents/schema';
import { loadSonderstatusstaedte } from '../districts/service';
import type { District } from '../districts/schema';
import { formatDate, formatEuro, isoWeekday, isWeekend } from '../../platform/format';
import { continuesHeading, matchMeasureHeading } from './measure-headings';
import { findAmounts } from './parse-amount';
import { parseSignatureBlocks } from './parse-signatures';
import { type DistrictMatcher, type DistrictMention, createDistrictMatcher, hasKreisInName } from './resolve-district';
import { type TextLine, toLines } from './text-lines';

export type ParseWarningCode =
  | 'TEMPLATE_DEFECT'
  | 'SIGNATURE_ON_WEEKEND'
  | 'AMOUNT_MISMATCH'
  | 'DISTRICT_INCONSISTENT'
  | 'SIGNATURE_INCOMPLETE'
  | 'MEASURES_NOT_FOUND'
  | 'YEAR_INCONSISTENT'
  | 'TOO_MANY_PROJECTS';

export interface ParseWarning {
  code: ParseWarningCode;
  message: string;
  line?: number;
}

export type ParseErrorCode =
  | 'NOT_AN_AGREEMENT'
  | 'MISSING_YEAR'
  | 'MISSING_AMOUNT'
  | 'AMOUNT_OUT_OF_RANGE'
  | 'UNKNOWN_DISTRICT'
  | 'INVALID_AGREEMENT'
  | 'TEXT_TOO_LARGE';

export interface ParseError {
  code: ParseErrorCode;
  message: string;
  field?: string;
}

/** Fields a file may lack and still be completed by hand in the web preview (issue 12). */
export type MissingField = 'year' | 'amountCents';

/**
 * What was recognised of a file that lacks only some fields: everything else as in a complete
 * agreement, the missing ones null. The command line still rejects such a file (the `error`);
 * the web preview opens it with those fields empty and marked.
 */
export interface PartialAgreement {
  agreement: Omit<AgreementInterchange, 'year' | 'amountCents'> & { year: number | null; amountCents: number | null };
  missing: MissingField[];
  warnings: ParseWarning[];
}

export type ParseResult = { ok: true; agreement: AgreementInterchange; warnings: ParseWarning[] } | { ok: false; error: ParseError; partial?: PartialAgreement };

export interface ParseContext {
  districts: District[];
  /** The allocation known for this district and year, in cents; used for AMOUNT_MISMATCH. */
  allocationCents?: (ags: string, year: number) => number | undefined;
  /** Sonderstatusstädte (no AQB of their own); defaults to the shipped list. */
  nonRecipientCities?: string[];
}

/** Texts longer than this are no agreement (a real one has ≈ 10 000 characters). */
export const MAX_TEXT_CHARS = 2_000_000;

const WEEKDAYS = ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'];

const matcherCache = new WeakMap<District[], DistrictMatcher>();
let shippedNonRecipients: string[] | undefined;

function matcherFor(ctx: ParseContext): DistrictMatcher {
  if (ctx.nonRecipientCities) return createDistrictMatcher(ctx.districts, ctx.nonRecipientCities);
  let matcher = matcherCache.get(ctx.districts);
  if (!matcher) {
    shippedNonRecipients ??= loadSonderstatusstaedte();
    matcher = createDistrictMatcher(ctx.districts, shippedNonRecipients);
    matcherCache.set(ctx.districts, matcher);
  }
  return matcher;
}

/** The lines joined with "\n" plus the start offset of every line, to map matches back to lines. */
interface JoinedText {
  text: string;
  starts: number[];
}

function join(lines: TextLine[]): JoinedText {
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.text.length + 1;
  }
  return { text: lines.map((line) => line.text).join('\n'), starts };
}

function lineAt(joined: JoinedText, lines: TextLine[], index: number): number {
  let lo = 0;
  let hi = joined.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (joined.starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lines[lo]?.no ?? 1;
}

function indexOfLine(lines: TextLine[], from: number, test: (line: TextLine) => boolean): number {
  for (let i = from; i < lines.length; i++) if (test(lines[i]!)) return i;
  return -1;
}

/**
 * The number of a "§ n" heading line, or null. A PDF line may also start with a reference inside a
 * sentence ("§ 5 vereinbarten Ziele erreicht werden."): such lines go on in lower case or end like a
 * sentence and are no heading.
 */
function sectionNumber(text: string): number | null {
  const match = /^§\s*(\d{1,2})\.?(?:\s+(.*))?$/u.exec(text);
  if (!match) return null;
  const rest = match[2] ?? '';
  if (rest !== '' && (!/^\p{Lu}/u.test(rest) || /[.,;]$/.test(rest) || rest.length > 80)) return null;
  return Number(match[1]);
}

function sectionRange(lines: TextLine[], n: number): [number, number] | null {
  const start = indexOfLine(lines, 0, (line) => sectionNumber(line.text) === n);
  if (start < 0) return null;
  const next = indexOfLine(lines, start + 1, (line) => sectionNumber(line.text) !== null);
  return [start, next < 0 ? lines.length : next];
}

/** The AQB year: the year line under the title first, then "Qualifizierungsbudget 2024", "im Jahr 2024". */
function findYear(
  lines: TextLine[],
  joined: JoinedText,
): { year: number; line: number; others: Map<number, { count: number; index: number }> } | null {
  const titleIndex = indexOfLine(lines, 0, (line) => /zielvereinbarung/i.test(line.text));
  if (titleIndex >= 0) {
    for (let i = titleIndex; i < Math.min(lines.length, titleIndex + 6); i++) {
      const match = /^(?:Zielvereinbarung\s*(?:für\s+(?:das\s+)?(?:Jahr\s+)?)?)?(?:AQB\s+)?((?:20|21)\d{2})$/i.exec(lines[i]!.text);
      if (match) return { year: Number(match[1]), line: lines[i]!.no, others: yearVotes(joined) };
    }
  }
  const votes = yearVotes(joined);
  let best: { year: number; count: number; index: number } | null = null;
  for (const [year, vote] of votes) if (!best || vote.count > best.count) best = { year, ...vote };
  return best ? { year: best.year, line: lineAt(joined, lines, best.index), others: votes } : null;
}

/** How often each year is named as the budget year ("Qualifizierungsbudget 2024", "im Jahr 2024"). */
function yearVotes(joined: JoinedText): Map<number, { count: number; index: number }> {
  const votes = new Map<number, { count: number; index: number }>();
  const regex = /(?:Zielvereinbarung(?:\s+für\s+(?:das\s+)?(?:Jahr\s+)?)?|Qualifizierungsbudgets?|Budgets?|im Jahr|Haushaltsjahr|AQB)\s+((?:20|21)\d{2})(?!\d)/giu;
  for (const match of joined.text.matchAll(regex)) {
    const year = Number(match[1]);
    const vote = votes.get(year) ?? { count: 0, index: match.index };
    vote.count++;
    votes.set(year, vote);
  }
  return votes;
}

function districtByAgs(ctx: ParseContext, ags: string): District | undefined {
  return ctx.districts.find((district) => district.ags === ags);
}

interface DistrictResolution {
  district: District;
  mentions: DistrictMention[];
}

/**
 * Resolves the partner district: the title line "und dem/der …" decides; without it, § 4 and then
 * the majority of all mentions. Other districts named elsewhere give DISTRICT_INCONSISTENT.
 */
function resolveDistrict(
  lines: TextLine[],
  joined: JoinedText,
  ctx: ParseContext,
  matcher: DistrictMatcher,
  warnings: ParseWarning[],
): DistrictResolution | ParseError {
  const mentions = matcher.findMentions(joined.text);
  const preambleIndex = indexOfLine(lines, 0, (line) => /^(?:Präambel|§\s*1)\b/i.test(line.text));
  const headerEnd = preambleIndex >= 0 ? joined.starts[preambleIndex]! : Math.min(joined.text.length, 1500);
  // "und dem/der …" on its own line, or inside a one-line title after "zwischen".
  const header = joined.text.slice(0, headerEnd);
  const titleMatch =
    /(?:^|\n)\s*und\s+(?:dem|der|des)\s/iu.exec(header) ?? /zwischen[\s\S]{0,200}?\sund\s+(?:dem|der)\s/iu.exec(header);
  let chosen: string | undefined;
  if (titleMatch) {
    const from = titleMatch.index;
    chosen = mentions.find((mention) => mention.index >= from && mention.index < from + 300 && mention.index < headerEnd)?.ags;
  }
  if (!chosen) {
    const section4 = sectionRange(lines, 4);
    if (section4) {
      const [a, b] = [joined.starts[section4[0]]!, joined.starts[section4[1] - 1] ?? joined.text.length];
      chosen = mentions.find((mention) => mention.index >= a && mention.index <= b)?.ags;
    }
  }
  if (!chosen) {
    const counts = new Map<string, number>();
    for (const mention of mentions) counts.set(mention.ags, (counts.get(mention.ags) ?? 0) + 1);
    let best = 0;
    for (const [ags, count] of counts) {
      if (count > best) {
        best = count;
        chosen = ags;
      }
    }
  }
  if (!chosen) {
    const nonRecipient = matcher.findNonRecipients(joined.text)[0];
    if (nonRecipient) {
      return {
        code: 'UNKNOWN_DISTRICT',
        field: 'district',
        message: `Die Stadt ${nonRecipient.name} ist eine Sonderstatusstadt und erhält kein eigenes Ausbildungs- und Qualifizierungsbudget.`,
      };
    }
    return {
      code: 'UNKNOWN_DISTRICT',
      field: 'district',
      message: 'Im Text wurde kein hessischer Landkreis und keine kreisfreie Stadt erkannt.',
    };
  }
  const district = districtByAgs(ctx, chosen);
  if (!district) return { code: 'UNKNOWN_DISTRICT', field: 'district', message: 'Die erkannte Gebietskörperschaft fehlt in den Stammdaten.' };
  const others = new Map<string, number>();
  for (const mention of mentions) if (mention.ags !== chosen && !others.has(mention.ags)) others.set(mention.ags, mention.index);
  for (const [ags, index] of others) {
    const other = districtByAgs(ctx, ags);
    const line = lineAt(joined, lines, index);
    warnings.push({
      code: 'DISTRICT_INCONSISTENT',
      line,
      message: `In Zeile ${line} wird ${other?.officialName ?? ags} genannt, die Vereinbarung gilt aber für ${district.officialName}.`,
    });
  }
  return { district, mentions: mentions.filter((mention) => mention.ags === chosen) };
}

/** "Landkreis Landkreis …" and "Landkreis(es) <name auf -kreis>": defects of the old template. */
function findTemplateDefects(lines: TextLine[], joined: JoinedText, district: District, warnings: ParseWarning[]): void {
  const doubled = /(?<![\p{L}])((?:Land)?[Kk]reis(?:es)?)\s+((?:Land)?[Kk]reis(?:es)?)(?![\p{L}-])/gu;
  for (const match of joined.text.matchAll(doubled)) {
    const line = lineAt(joined, lines, match.index);
    warnings.push({
      code: 'TEMPLATE_DEFECT',
      line,
      message: `Zeile ${line}: doppelte Typbezeichnung „${match[1]} ${match[2]}“ (Vorlagenfehler).`,
    });
  }
  if (hasKreisInName(district)) {
    const name = district.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, '\\s*[-‐‑]?\\s*');
    const prefixed = new RegExp(`(?<![\\p{L}])((?:Land)?[Kk]reis(?:es)?)\\s+(${name}(?:es|s)?)(?![\\p{L}])`, 'gu');
    for (const match of joined.text.matchAll(prefixed)) {
      const line = lineAt(joined, lines, match.index);
      const isGenitive = /es$/.test(match[1]!);
      const uninflected = isGenitive && !/es$/.test(match[2]!);
      const correct = isGenitive ? district.formsWithoutArticle.gen : district.formsWithoutArticle.nom;
      warnings.push({
        code: 'TEMPLATE_DEFECT',
        line,
        message:
          `Zeile ${line}: „${match[1]} ${match[2]!.replace(/\s+/g, ' ')}“ – der Name enthält bereits „-kreis“, richtig ist „${correct}“` +
          (uninflected ? ', der Genitiv ist nicht gebeugt' : '') +
          ' (Vorlagenfehler).',
      });
    }
  }
}

/** Where the projects are listed: § 5 if present, else the whole text. */
function measureRegion(lines: TextLine[]): [number, number] {
  // Without "§ 5" the whole text is searched; the list then ends at the closing sentence, the next
  // "§" heading or the first "Ort, den Datum" line.
  return sectionRange(lines, 5) ?? [0, lines.length];
}

// Sentences that follow the project list in the template; they end a list even without a blank line.
const AFTER_LIST =
  /^(?:Die Förderung der aufgeführten|Die Förderung erfolgt|Die Maßnahmen werden|Unterjährige Abweichungen|\p{L}[^,\d]{0,60},\s*(?:den\s+)?\d{1,2}\.)/u;

// Projects given as a numbered list ("1. Projekt", "a) Projekt", "(2) Projekt") inside a Maßnahmenart.
const NUMBERED_ITEM = /^(?:\d{1,2}[.)]|[a-z]\)|\(\d{1,2}\))\s+(?=\S)/u;

// Page numbers and running footers of PDFs ("2", "Seite 2 von 4", "- 3 -").
const PAGE_NUMBER = /^(?:[-–]\s*)?(?:Seite\s+)?\d{1,3}(?:\s*(?:von|\/)\s*\d{1,3})?(?:\s*[-–])?$/iu;

function looksLikeParagraph(text: string): boolean {
  if (AFTER_LIST.test(text) || sectionNumber(text) !== null) return true;
  const wordCount = text.split(/\s+/).length;
  return wordCount >= 8 && /[.:;]$/.test(text);
}

/**
 * Reads the Maßnahmenarten and their projects. Headings may be numbered or not, marked up or plain,
 * wrapped over several lines; projects are bullet items whose wrapped lines are joined with a space.
 */
function parseMeasures(lines: TextLine[], warnings: ParseWarning[]): Measure[] {
  const measures: Measure[] = ([1, 2, 3, 4] as const).map((type) => ({ type, projects: [] }));
  const [from, to] = measureRegion(lines);
  const hasBullets = lines.slice(from, to).some((line) => line.bullet !== null || (NUMBERED_ITEM.test(line.text) && !matchMeasureHeading(line.text)));
  let current: MeasureTypeCode | null = null;
  let heading = '';
  let headingOpen = false;
  let lastProject: { title: string } | null = null;
  let foundHeading = false;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    const text = line.text;
    if (text === '') {
      lastProject = null;
      continue;
    }
    if (PAGE_NUMBER.test(text)) continue;
    if (current !== null && headingOpen && line.bullet === null && continuesHeading(current, heading, text)) {
      heading += ` ${text}`;
      continue;
    }
    headingOpen = false;
    if (line.bullet === null) {
      const match = matchMeasureHeading(text);
      if (match) {
        current = match.type;
        heading = text;
        headingOpen = true;
        lastProject = null;
        foundHeading = true;
        continue;
      }
    }
    if (current === null) continue;
    const numbered = line.bullet === null ? NUMBERED_ITEM.exec(text) : null;
    const itemText = line.bullet ?? (numbered ? text.slice(numbered[0].length) : null);
    if (itemText !== null) {
      lastProject = { title: itemText };
      measures[current - 1]!.projects.push(lastProject);
      continue;
    }
    if (looksLikeParagraph(text) || line.isMarkedHeading) {
      lastProject = null;
      if (AFTER_LIST.test(text) || sectionNumber(text) !== null) current = null;
      continue;
    }
    if (lastProject && hasBullets) {
      // A wrapped project title: the next line continues it.
      lastProject.title = `${lastProject.title} ${text}`;
      continue;
    }
    if (!hasBullets) {
      lastProject = null;
      measures[current - 1]!.projects.push({ title: text });
    }
  }
  if (!foundHeading) {
    warnings.push({ code: 'MEASURES_NOT_FOUND', message: 'Es wurden keine Maßnahmenarten (Überschriften 1–4) gefunden; die Projektliste ist leer.' });
  }
  for (const measure of measures) {
    for (const project of measure.projects) project.title = project.title.trim().slice(0, 500);
    if (measure.projects.length > 300) {
      warnings.push({ code: 'TOO_MANY_PROJECTS', message: `Maßnahmenart ${measure.type}: mehr als 300 Projekte, nur die ersten 300 wurden übernommen.` });
      measure.projects = measure.projects.slice(0, 300);
    }
  }
  return measures;
}

/** The § 4 amount; else the first amount after "in Höhe von"; else the first amount in the text. */
function findAmount(lines: TextLine[], joined: JoinedText): { cents: number; line: number } | null {
  const all = findAmounts(joined.text);
  if (all.length === 0) return null;
  const section4 = sectionRange(lines, 4);
  if (section4) {
    const a = joined.starts[section4[0]]!;
    const b = section4[1] < lines.length ? joined.starts[section4[1]]! : joined.text.length;
    const inSection = all.find((amount) => amount.index >= a && amount.index < b);
    if (inSection) return { cents: inSection.cents, line: lineAt(joined, lines, inSection.index) };
  }
  const hoehe = /in\s+Höhe\s+von/giu.exec(joined.text);
  const after = hoehe ? all.find((amount) => amount.index > hoehe.index) : undefined;
  const chosen = after ?? all[0]!;
  return { cents: chosen.cents, line: lineAt(joined, lines, chosen.index) };
}

function isAgreementText(text: string): boolean {
  return /ziel\s*-?\s*vereinbarung/i.test(text) && /(?:qualifizierungsbudget|\bAQB\b|maßnahmenart|zielvereinbarung\s+\d{4})/i.test(text);
}

/**
 * Recognises a Zielvereinbarung in extracted text. Never throws: every outcome is a result, either
 * the interchange object (validated by AgreementInterchangeSchema) with warnings, or a coded error.
 */
export function parseAgreementText(text: string, ctx: ParseContext): ParseResult {
  try {
    return parseUnsafe(text, ctx);
  } catch (cause) {
    return {
      ok: false,
      error: { code: 'INVALID_AGREEMENT', message: `Der Text konnte nicht ausgewertet werden (${cause instanceof Error ? cause.message : String(cause)}).` },
    };
  }
}

function parseUnsafe(text: string, ctx: ParseContext): ParseResult {
  if (typeof text !== 'string' || text.length > MAX_TEXT_CHARS) {
    return { ok: false, error: { code: 'TEXT_TOO_LARGE', message: 'Der Text ist zu lang für eine Zielvereinbarung.' } };
  }
  const lines = toLines(text);
  const joined = join(lines);
  if (!isAgreementText(joined.text)) {
    return {
      ok: false,
      error: { code: 'NOT_AN_AGREEMENT', message: 'Der Text ist keine Zielvereinbarung zum Ausbildungs- und Qualifizierungsbudget.' },
    };
  }
  const warnings: ParseWarning[] = [];

  // A missing year or amount does not end the recognition: the rest is kept for the web preview.
  const errors: ParseError[] = [];
  const foundYear = findYear(lines, joined);
  const year = foundYear && foundYear.year >= 2000 && foundYear.year <= 2100 ? foundYear : null;
  if (!year) errors.push({ code: 'MISSING_YEAR', field: 'year', message: 'Das AQB-Jahr wurde im Text nicht gefunden.' });

  for (const [other, vote] of year?.others ?? []) {
    if (other === year!.year) continue;
    const line = lineAt(joined, lines, vote.index);
    warnings.push({ code: 'YEAR_INCONSISTENT', line, message: `Zeile ${line}: Jahr ${other} passt nicht zum AQB-Jahr ${year!.year} der Vereinbarung.` });
  }

  const matcher = matcherFor(ctx);
  const resolution = resolveDistrict(lines, joined, ctx, matcher, warnings);
  if ('code' in resolution) return { ok: false, error: errors[0] ?? resolution };
  const { district } = resolution;
  findTemplateDefects(lines, joined, district, warnings);

  const foundAmount = findAmount(lines, joined);
  const amount = foundAmount && foundAmount.cents !== 0 ? foundAmount : null;
  if (!amount) errors.push({ code: 'MISSING_AMOUNT', field: 'amountCents', message: 'Der Betrag der Haushaltsmittel (§ 4) wurde nicht gefunden.' });
  const parsedAmount = AgreementInterchangeSchema.shape.amountCents.safeParse(amount?.cents ?? 1);
  if (!parsedAmount.success) {
    return {
      ok: false,
      error: errors[0] ?? { code: 'AMOUNT_OUT_OF_RANGE', field: 'amountCents', message: `Der Betrag ${formatEuro(amount!.cents)} ist unrealistisch hoch.` },
    };
  }

  const measures = parseMeasures(lines, warnings);

  const blocks = parseSignatureBlocks(lines);
  let land: Signature | null = null;
  let districtSignature: Signature | null = null;
  let landBlock = blocks.find((block) => block.isLand);
  let districtBlock = blocks.find((block) => !block.isLand && block !== landBlock);
  if (!landBlock && blocks.length >= 2) {
    // No ministry words at all: the block without a district head's title is the Land's; if both
    // look alike, the template prints the Land's block first.
    landBlock = blocks.find((block) => !block.isDistrictHead) ?? blocks[0];
    districtBlock = blocks.find((block) => block !== landBlock);
  }
  for (const [block, side] of [
    [landBlock, 'des Landes'],
    [districtBlock, 'der Gebietskörperschaft'],
  ] as const) {
    if (!block) continue;
    if (block.problem) warnings.push({ code: 'SIGNATURE_INCOMPLETE', line: block.line, message: `Unterschrift ${side}: ${block.problem}` });
    const signature = block.signature;
    if (!signature) continue;
    if (block === landBlock) land = signature;
    else districtSignature = signature;
    if (isWeekend(signature.date)) {
      warnings.push({
        code: 'SIGNATURE_ON_WEEKEND',
        line: block.line,
        message: `Die Unterschrift ${side} ist auf ${WEEKDAYS[isoWeekday(signature.date)]}, den ${formatDate(signature.date)} datiert (Wochenende).`,
      });
    }
  }

  const expected = year && amount ? ctx.allocationCents?.(district.ags, year.year) : undefined;
  const mismatch = typeof expected === 'number' && amount ? amountMismatch(amount.cents, expected) : null;
  if (mismatch) warnings.push({ code: 'AMOUNT_MISMATCH', line: amount!.line, message: mismatch.message });

  if (!year || !amount) {
    // Everything else must be valid as in a complete agreement; placeholders stand in for the gaps.
    const candidate = { schema: AGREEMENT_SCHEMA_ID, year: year?.year ?? 2000, district: { ags: district.ags, name: district.officialName }, amountCents: amount?.cents ?? 1, measures, signatures: { land, district: districtSignature } };
    const checked = AgreementInterchangeSchema.safeParse(candidate);
    if (!checked.success) return { ok: false, error: errors[0]! };
    warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const missing: MissingField[] = [...(year ? [] : (['year'] as const)), ...(amount ? [] : (['amountCents'] as const))];
    return { ok: false, error: errors[0]!, partial: { agreement: { ...checked.data, year: year?.year ?? null, amountCents: amount?.cents ?? null }, missing, warnings } };
  }

  const agreement: AgreementInterchange = {
    schema: AGREEMENT_SCHEMA_ID,
    year: year.year,
    district: { ags: district.ags, name: district.officialName },
    amountCents: amount.cents,
    measures,
    signatures: { land, district: districtSignature },
  };
  const validated = AgreementInterchangeSchema.safeParse(agreement);
  if (!validated.success) {
    const issue = validated.error.issues[0]!;
    return {
      ok: false,
      error: { code: 'INVALID_AGREEMENT', field: issue.path.map(String).join('.'), message: `Die erkannte Vereinbarung ist ungültig: ${issue.message}` },
    };
  }
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: true, agreement: validated.data, warnings };
}
