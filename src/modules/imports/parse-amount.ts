/** An amount found in a text, in integer cents, with the character position of its match. */
export interface FoundAmount {
  cents: number;
  index: number;
}

// Thousands are separated by "." or by single spaces (a non-breaking space becomes one). Line
// breaks never separate digit groups, so "im Jahr 2024\n787.100 Euro" stays two numbers.
const NUMBER = String.raw`(\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+(?=[ ,]*(?:,|Euro|EUR|€))|\d{1,12})(?:,(\d{1,2}|-{1,2}|–))?`;
const AFTER = new RegExp(String.raw`(?<![\d.,])${NUMBER}\s*(?:Euro|EUR|€)(?![\p{L}])`, 'gu');
const BEFORE = new RegExp(String.raw`(?:€|EUR)\s*${NUMBER}(?![\d.,]*\d)`, 'gu');

function toCents(whole: string, fraction: string | undefined): number | null {
  const euros = Number(whole.replace(/[. ]/g, ''));
  if (!Number.isSafeInteger(euros)) return null;
  let cents = 0;
  if (fraction && /^\d+$/.test(fraction)) cents = fraction.length === 1 ? Number(fraction) * 10 : Number(fraction);
  const total = euros * 100 + cents;
  return Number.isSafeInteger(total) ? total : null;
}

/** Every euro amount in `text` ("787.100 Euro", "895.210,00 €", "EUR 1.140.300"), in text order. */
export function findAmounts(text: string): FoundAmount[] {
  const found: FoundAmount[] = [];
  for (const regex of [AFTER, BEFORE]) {
    for (const match of text.matchAll(regex)) {
      const cents = toCents(match[1]!, match[2]);
      if (cents !== null) found.push({ cents, index: match.index });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Parses a single amount such as "968.540,50 Euro"; null when the text holds no amount. */
export function parseAmountCents(text: string): number | null {
  return findAmounts(text)[0]?.cents ?? null;
}
