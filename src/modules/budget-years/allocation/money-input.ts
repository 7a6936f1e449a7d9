/**
 * Parsing of euro amounts typed by people (budget field, floors). Only German notation is
 * accepted: points group thousands, a comma separates the cents. Everything that could be read two
 * ways ("27,700,000", "1,000", "1.00.000") is rejected instead of guessed, because a wrong guess
 * here is a factor of 1000 in a Landesbudget.
 */

export type EuroInputResult = { ok: true; cents: number } | { ok: false; message: string };

// Ten trillion euros keeps cents far below Number.MAX_SAFE_INTEGER.
const MAX_EURO_DIGITS = 13;

const fail = (message: string): EuroInputResult => ({ ok: false, message });

/**
 * "27.700.000" | "27700000" | "968.540,50" | "1.000.000 €" → integer cents. Thousands may be
 * grouped with points or spaces (one kind, groups of three); at most two decimals after a comma.
 * Never throws; an invalid or ambiguous input yields a German message for the form field.
 */
export function parseEuroInput(text: string): EuroInputResult {
  // Spaces of every kind (incl. the narrow no-break space Intl uses) are only grouping or padding.
  let value = text.replace(/[\u00a0\u202f\u2007]/g, ' ').trim();
  value = value.replace(/\s*(€|eur|euro)$/i, '').trim();
  // "1.000,-" / "1.000,--" is the customary German way to write whole euros.
  value = value.replace(/,-{1,2}$/, '');
  if (value === '') return fail('Bitte geben Sie einen Betrag ein.');
  if (/^[-−–]/.test(value)) return fail('Der Betrag darf nicht negativ sein.');
  if (/^\+/.test(value)) return fail('Bitte geben Sie den Betrag ohne Vorzeichen ein.');
  if (!/^[\d., ]+$/.test(value)) {
    return fail('Der Betrag darf nur Ziffern, Tausenderpunkte und ein Dezimalkomma enthalten (z. B. 27.700.000,00).');
  }

  const commaCount = value.split(',').length - 1;
  if (commaCount > 1) {
    return fail('Der Betrag enthält mehrere Kommas. Tausender bitte mit Punkt trennen, das Komma nur vor den Cent (z. B. 27.700.000,00).');
  }
  const [integerPart = '', decimalPart] = value.split(',');
  if (decimalPart !== undefined) {
    if (decimalPart === '') return fail('Nach dem Komma fehlen die Cent (z. B. 968.540,50).');
    if (!/^\d+$/.test(decimalPart)) return fail('Nach dem Komma dürfen nur Ziffern stehen (z. B. 968.540,50).');
    if (decimalPart.length > 2) {
      return fail(
        `„${value}“ ist mehrdeutig: Nach dem Komma sind höchstens zwei Stellen (Cent) erlaubt. Tausender bitte mit Punkt trennen (z. B. 1.000).`,
      );
    }
  }
  if (integerPart === '') return fail('Vor dem Komma muss ein Euro-Betrag stehen (z. B. 0,50).');

  let euroDigits: string;
  if (/^\d+$/.test(integerPart)) {
    euroDigits = integerPart;
  } else if (/^\d{1,3}(\.\d{3})+$/.test(integerPart) || /^\d{1,3}( \d{3})+$/.test(integerPart)) {
    euroDigits = integerPart.replace(/[. ]/g, '');
  } else if (/^\d+\.\d{1,2}$/.test(integerPart) && decimalPart === undefined) {
    return fail(`„${value}“: Für Cent bitte ein Komma verwenden (z. B. ${integerPart.replace('.', ',')}); der Punkt trennt Tausender.`);
  } else {
    return fail(`„${value}“ ist kein gültiger Betrag: Tausenderpunkte müssen Dreiergruppen trennen (z. B. 1.000.000).`);
  }

  euroDigits = euroDigits.replace(/^0+(?=\d)/, '');
  if (euroDigits.length > MAX_EURO_DIGITS) return fail('Der Betrag ist zu groß.');
  const centDigits = (decimalPart ?? '').padEnd(2, '0');
  // Digits are combined as text so no binary fraction ever touches the amount.
  return { ok: true, cents: Number(BigInt(euroDigits) * 100n + BigInt(centDigits)) };
}
