import type { District } from '../districts/schema';

/** One place in a text where a district is named, with the character range it covers. */
export interface DistrictMention {
  ags: string;
  index: number;
  length: number;
}

/** A name that is a city of its own but receives no AQB (a Sonderstatusstadt), found in the text. */
export interface NonRecipientMention {
  name: string;
  index: number;
}

export interface DistrictMatcher {
  /** Every mention in `text`, in text order, overlapping mentions resolved to the longest one. */
  findMentions(text: string): DistrictMention[];
  findNonRecipients(text: string): NonRecipientMention[];
  /** Hyphenated names (district names, signing places) for repairing PDF text that lost hyphens. */
  hyphenatedNames: string[];
}

const HYPHEN = '[-‐‑‒]';

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A name as a pattern that survives PDF damage: hyphens may have become spaces or line breaks and
 * several spaces or a line break may stand between words.
 */
function flexibleName(name: string): string {
  return name
    .split(/(\s+|-)/)
    .filter((part) => part.length > 0)
    .map((part) => {
      if (part === '-') return `(?:\\s*${HYPHEN}\\s*|\\s+)`;
      if (/^\s+$/.test(part)) return '\\s+';
      // "Kreis" inside "Rheingau-Taunus-Kreis" is sometimes written lower-case after a lost hyphen.
      const first = part[0]!;
      const rest = escapeRegExp(part.slice(1));
      return first.toLowerCase() !== first.toUpperCase() ? `[${first.toUpperCase()}${first.toLowerCase()}]${rest}` : escapeRegExp(part);
    })
    .join('');
}

/** True for a name that already contains the type noun ("Hochtaunuskreis", "Lahn-Dill-Kreis"). */
export function hasKreisInName(district: District): boolean {
  return district.typeNoun === null && /kreis$/i.test(district.name);
}

interface CompiledPattern {
  ags: string;
  regex: RegExp;
  /** A lower-case word of the name: the regex only runs when the text contains it (speed). */
  probe: string;
}

function probeOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((part) => !/^(?:kreis|stadt)$/i.test(part))
    .reduce((longest, part) => (part.length > longest.length ? part : longest), '')
    .toLowerCase();
}

/**
 * Builds the patterns from the master data, never from a hard-coded list: a district is only
 * recognised with its type noun ("Stadt Kassel", "Landkreis Kassel", "Kreises Offenbach") or by a
 * name that contains "-kreis" itself, so a seat or a bare short name ("Kassel") never decides.
 */
export function createDistrictMatcher(districts: District[], nonRecipientCities: string[] = []): DistrictMatcher {
  const patterns: CompiledPattern[] = [];
  for (const district of districts) {
    // Names of other districts that begin with this one ("Darmstadt" → "Darmstadt-Dieburg",
    // "Offenbach" → "Offenbach am Main") must not count as this district.
    const longer = districts
      .filter((other) => other !== district && other.name !== district.name && other.name.startsWith(district.name))
      .map((other) => flexibleName(other.name.slice(district.name.length).trimStart()));
    const stopAfter = [`${HYPHEN}`, '[\\p{L}\\d]', ...longer.map((rest) => `\\s*${rest}`)];
    const lookahead = `(?!${stopAfter.join('|')})`;
    let source: string;
    if (hasKreisInName(district)) {
      source = `${flexibleName(district.name)}(?:es|s)?`;
    } else if (district.kind === 'KREISFREIE_STADT') {
      // Any "…stadt" prefix: Stadt, Landeshauptstadt, Wissenschaftsstadt, documenta-Stadt.
      const withoutSuffix = district.name.replace(/\s+am\s+Main$/, '');
      const suffix = withoutSuffix === district.name ? '' : '(?:\\s+am\\s+Main)?';
      source = `(?:[\\p{L}]+${HYPHEN})?\\p{L}*[Ss]tadt\\s+${flexibleName(withoutSuffix)}${suffix}`;
    } else {
      source = `(?:Land)?[Kk]reis(?:es)?\\s+${flexibleName(district.name)}`;
    }
    patterns.push({ ags: district.ags, regex: new RegExp(`(?<![\\p{L}\\d])${source}${lookahead}`, 'gu'), probe: probeOf(district.name) });
  }
  const nonRecipientRegex =
    nonRecipientCities.length === 0
      ? null
      : new RegExp(
          `(?<![\\p{L}\\d])\\p{L}*[Ss]tadt\\s+(${nonRecipientCities.map((name) => flexibleName(name)).join('|')})(?![\\p{L}\\d]|${HYPHEN})`,
          'gu',
        );

  const hyphenatedNames = new Set<string>();
  for (const district of districts) {
    for (const value of [district.name, district.officialName, district.seat, district.signingPlace]) {
      if (value.includes('-')) hyphenatedNames.add(value);
    }
  }

  return {
    hyphenatedNames: [...hyphenatedNames].sort((a, b) => b.length - a.length),
    findMentions(text) {
      const found: DistrictMention[] = [];
      const lower = text.toLowerCase();
      const seen = new Set<string>();
      for (const { ags, regex, probe } of patterns) {
        // Scanning the whole text with 26 Unicode regexes costs milliseconds; running each one only
        // in a window around its probe word makes parsing ~4× faster. Windows start at whitespace
        // so the start-of-word lookbehind still holds.
        for (let at = lower.indexOf(probe); at >= 0; at = lower.indexOf(probe, at + probe.length)) {
          let from = Math.max(0, at - 45);
          // Back to a word start, but only a few characters: lastIndexOf over the whole text would
          // make many occurrences quadratic.
          for (let k = 0; k < 40 && from > 0 && !/\s/.test(text[from - 1]!); k++) from--;
          const to = Math.min(text.length, at + probe.length + 60);
          const window = text.slice(from, to);
          regex.lastIndex = 0;
          for (const match of window.matchAll(regex)) {
            const index = from + match.index;
            const key = `${ags}:${index}`;
            if (seen.has(key)) continue;
            seen.add(key);
            found.push({ ags, index, length: match[0].length });
          }
        }
      }
      found.sort((a, b) => a.index - b.index || b.length - a.length);
      const result: DistrictMention[] = [];
      let end = -1;
      for (const mention of found) {
        if (mention.index < end) continue;
        result.push(mention);
        end = mention.index + mention.length;
      }
      return result;
    },
    findNonRecipients(text) {
      if (!nonRecipientRegex || !/stadt/i.test(text)) return [];
      return [...text.matchAll(nonRecipientRegex)].map((match) => ({ name: match[1]!, index: match.index }));
    },
  };
}
