import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadShippedDistricts, loadSonderstatusstaedte } from '../../districts/master-data';
import { parseIndicatorCsv } from './indicator-csv';

const districts = loadShippedDistricts();
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** A valid `;` file for all 26 districts built from the demo fixture, for variations. */
function demoLines(): string[] {
  return fixture('indicators-2026.csv').trim().split('\n');
}

describe('parseIndicatorCsv', () => {
  it('reads the demo file for all 26 districts', () => {
    const result = parseIndicatorCsv(fixture('indicators-2026.csv'), districts);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.indicators).toEqual(['sgb2_bedarfsgemeinschaften', 'jugendarbeitslose', 'schulabgaenger_ohne_abschluss']);
    expect(result.rows.size).toBe(26);
    expect(result.rows.get('06412')).toEqual({ sgb2_bedarfsgemeinschaften: 41230, jugendarbeitslose: 3105, schulabgaenger_ohne_abschluss: 712 });
  });

  it('reports every error of the broken fixture with its line, in German', () => {
    const result = parseIndicatorCsv(fixture('indicators-errors.csv'), districts, { sonderstatusstaedte: loadSonderstatusstaedte() });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const missing = ['06436', '06437', '06438', '06439', '06440', '06531', '06532', '06533', '06534', '06535', '06611', '06631', '06632', '06633', '06634', '06635', '06636'];
    const names = new Map(districts.map((d) => [d.ags, d.officialName]));
    expect(result.errors).toEqual([
      { line: 3, message: 'Die Zeile hat 2 Spalten, erwartet werden 3 (ags und 2 Indikatoren).' },
      { line: 4, message: 'Unbekannter AGS 06415: keine der 26 hessischen Gebietskörperschaften.' },
      {
        line: 5,
        message:
          '„06435014“ ist ein Gemeindeschlüssel (kreisangehörige Gemeinde, z. B. eine Sonderstatusstadt). Das AQB erhalten nur die 26 Landkreise und kreisfreien Städte (fünfstelliger AGS, z. B. 06439).',
      },
      { line: 6, message: '„Hanau“ ist eine Sonderstatusstadt; sie erhält kein eigenes AQB (zuständig ist ihr Landkreis).' },
      { line: 7, message: 'AGS 06411 (Wissenschaftsstadt Darmstadt) kommt doppelt vor (zuerst in Zeile 2).' },
      { line: 8, message: 'Spalte „sgb2_bedarfsgemeinschaften“: Der Wert „-5“ ist negativ; erlaubt sind nur Zahlen ≥ 0.' },
      { line: 9, message: 'Spalte „sgb2_bedarfsgemeinschaften“: „abc“ ist keine Zahl.' },
      {
        line: 11,
        message:
          'Spalte „sgb2_bedarfsgemeinschaften“: „12.345“ ist mehrdeutig (Tausenderpunkt oder Dezimalpunkt?). Bitte ohne Tausendertrennzeichen schreiben, Dezimalstellen mit Komma.',
      },
      { line: 12, message: 'Spalte „sgb2_bedarfsgemeinschaften“: Der Wert fehlt.' },
      { line: 13, message: 'Der AGS 07111 gehört nicht zu Hessen (hessische AGS beginnen mit 06).' },
      { line: 15, message: 'Die Zeile hat 4 Spalten, erwartet werden 3 (ags und 2 Indikatoren).' },
      ...missing.map((ags) => ({ line: 0, message: `Es fehlt eine Zeile für AGS ${ags} (${names.get(ags)}).` })),
    ]);
    // Line 10 ("6431", four digits) and line 14 (quoted, decimal comma) are valid and produce no error.
    expect(result.errors.some((e) => e.line === 10 || e.line === 14)).toBe(false);
  });

  it('reports an empty file and a header without indicators', () => {
    expect(parseIndicatorCsv('', districts)).toEqual({
      ok: false,
      errors: [{ line: 0, message: 'Die Datei ist leer. Erwartet wird eine Kopfzeile „ags;<Indikator>;…“ und eine Zeile je Gebietskörperschaft.' }],
    });
    expect(parseIndicatorCsv('\uFEFF\r\n \r\n;;\r\n', districts)).toMatchObject({ ok: false, errors: [{ line: 0 }] });
    expect(parseIndicatorCsv('\n\nags\n06411\n', districts)).toEqual({
      ok: false,
      errors: [{ line: 3, message: 'Die Kopfzeile enthält keine Indikatoren (erwartet: „ags;<Indikator>;…“).' }],
    });
    const badHeader = parseIndicatorCsv(['kreis;a;a;', ...demoLines().slice(1).map((l) => `${l.split(';').slice(0, 4).join(';')}`)].join('\n'), districts);
    expect(badHeader.ok).toBe(false);
    if (!badHeader.ok) {
      expect(badHeader.errors).toEqual([
        { line: 1, message: 'Die erste Spalte der Kopfzeile muss „ags“ heißen, nicht „kreis“.' },
        { line: 1, message: 'Der Indikator „a“ steht mehrfach in der Kopfzeile.' },
        { line: 1, message: 'Spalte 4 der Kopfzeile hat keinen Namen.' },
      ]);
    }
  });

  it('accepts comma-separated files with decimal points, quoted fields, CRLF and a BOM', () => {
    const lines = demoLines().map((line, i) => (i === 0 ? line.replaceAll(';', ',') : line.replaceAll(';', ',')));
    lines[1] = '"06411","7850.5","612",148';
    const text = `\uFEFF${lines.join('\r\n')}\r\n\r\n`;
    const result = parseIndicatorCsv(text, districts);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.rows.get('06411')?.sgb2_bedarfsgemeinschaften).toBe(7850.5);
  });

  it('requires a decimal point when the separator is a comma', () => {
    const lines = demoLines().map((line) => line.replaceAll(';', ','));
    lines[2] = '06412,"41230,5",3105,712';
    const result = parseIndicatorCsv(lines.join('\n'), districts);
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 3, message: 'Spalte „sgb2_bedarfsgemeinschaften“: „41230,5“: Bei Komma als Trennzeichen muss das Dezimalzeichen ein Punkt sein.' }],
    });
  });

  it('accepts decimal point and comma with semicolons, a quoted header with a separator inside, and counts lines across quoted line breaks', () => {
    const lines = demoLines();
    lines[0] = 'ags;"Quote; in %";jugendarbeitslose;"Schul-\nabgänger"';
    lines[1] = '06411;7,5;612;148';
    lines[2] = '06412;7.25;3105;712';
    lines[3] = '06413;x;745;203';
    const result = parseIndicatorCsv(lines.join('\n'), districts);
    // The header spans lines 1–2, so the record "06413;x…" starts on line 5.
    expect(result).toEqual({ ok: false, errors: [{ line: 5, message: 'Spalte „Quote; in %“: „x“ ist keine Zahl.' }] });
    lines[3] = '06413;1;745;203';
    const fixed = parseIndicatorCsv(lines.join('\n'), districts);
    expect(fixed.ok && [fixed.rows.get('06411')?.['Quote; in %'], fixed.rows.get('06412')?.['Quote; in %']]).toEqual([7.5, 7.25]);
  });

  it('reports an unclosed quote', () => {
    const result = parseIndicatorCsv(`${demoLines().join('\n')}\n"06411;1;2;3`, districts);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toEqual({ line: 28, message: 'Ein Anführungszeichen wird nicht geschlossen.' });
  });
});
