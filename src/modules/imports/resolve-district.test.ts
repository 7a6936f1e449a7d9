import { describe, expect, it } from 'vitest';
import { loadShippedDistricts, loadSonderstatusstaedte } from '../districts/master-data';
import type { District } from '../districts/schema';
import { parseAgreementText } from './parse-agreement';
import { createDistrictMatcher, hasKreisInName } from './resolve-district';

const districts = loadShippedDistricts();
const matcher = createDistrictMatcher(districts, loadSonderstatusstaedte());
const resolve = (text: string) => [...new Set(matcher.findMentions(text).map((mention) => mention.ags))];

/** An agreement whose only district mentions are the ones given. */
function agreementWith(title: string, body = '', signingPlace = 'Kassel'): string {
  return [
    'Zielvereinbarung',
    '2025',
    'zwischen',
    'dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales',
    title,
    'zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets',
    'Präambel',
    body,
    '§ 4',
    'Das HMSI stellt Haushaltsmittel in Höhe von insgesamt 500.000 Euro zur Verfügung.',
    '§ 5',
    `${signingPlace}, den 3.7.2025`,
    'Erika Beispiel',
    'Landrätin',
  ].join('\n');
}

function forms(district: District): Array<[string, string]> {
  const list: Array<[string, string]> = [
    ['nominative', district.forms.nom],
    ['genitive', district.forms.gen],
    ['dative', district.forms.dat],
    ['accusative', district.forms.akk],
    ['official name', district.officialName],
  ];
  if (district.typeNoun === 'Landkreis' || district.typeNoun === 'Kreis') {
    list.push(['doubled type noun (defect)', `dem Landkreis ${district.formsWithoutArticle.dat}`]);
    list.push(['doubled type noun, genitive (defect)', `des Landkreises ${district.formsWithoutArticle.dat}`]);
    list.push(['doubled over a line break (defect)', `des Landkreises\n${district.formsWithoutArticle.dat}`]);
  }
  if (hasKreisInName(district)) {
    list.push(['type noun before -kreis (defect)', `dem Landkreis ${district.name}`]);
    list.push(['uninflected genitive (defect)', `des Landkreises ${district.name}`]);
    list.push(['wrapped after a hyphen', district.forms.gen.replace(/-/, '-\n')]);
  }
  if (district.kind === 'KREISFREIE_STADT') list.push(['plain "Stadt"', `der Stadt ${district.name}`]);
  if (district.name.includes('-')) list.push(['hyphen lost in PDF', district.forms.dat.replace(/-/g, ' ')]);
  return list;
}

describe('district resolution from every case form', () => {
  for (const district of districts) {
    it.each(forms(district))(`${district.ags} ${district.officialName}: %s`, (_label, text) => {
      expect(resolve(`Text davor ${text} und danach.`)).toEqual([district.ags]);
      const result = parseAgreementText(agreementWith(`und ${text}`), { districts });
      expect(result.ok && result.agreement.district).toEqual({ ags: district.ags, name: district.officialName });
    });
  }
});

describe('the tricky pairs', () => {
  it.each([
    ['der Stadt Kassel', '06611'],
    ['der documenta-Stadt Kassel', '06611'],
    ['dem Landkreis Kassel', '06633'],
    ['des Landkreises Kassel', '06633'],
    ['der Wissenschaftsstadt Darmstadt', '06411'],
    ['der Stadt Darmstadt', '06411'],
    ['dem Landkreis Darmstadt-Dieburg', '06432'],
    ['dem Landkreis Darmstadt Dieburg', '06432'],
    ['der Stadt Offenbach am Main', '06413'],
    ['der Stadt Offenbach', '06413'],
    ['dem Kreis Offenbach', '06438'],
    ['des Kreises Offenbach', '06438'],
    ['dem Landkreis Offenbach', '06438'],
    ['der Landeshauptstadt Wiesbaden', '06414'],
    ['der Stadt Frankfurt am Main', '06412'],
    ['des Hochtaunuskreises', '06434'],
  ])('%s → %s', (text, ags) => {
    expect(resolve(text)).toEqual([ags]);
  });

  it('never decides by seat or bare short name', () => {
    expect(resolve('Kassel, Darmstadt, Offenbach, Wiesbaden, Gießen, Fulda')).toEqual([]);
    // The Landkreis Kassel signs in Kassel; the title decides.
    const result = parseAgreementText(agreementWith('und dem Landkreis Kassel', '', 'Kassel'), { districts });
    expect(result.ok && result.agreement.district.ags).toBe('06633');
    const darmstadt = parseAgreementText(agreementWith('und dem Landkreis Darmstadt-Dieburg', '', 'Darmstadt'), { districts });
    expect(darmstadt.ok && darmstadt.agreement.district.ags).toBe('06432');
  });

  it('takes the title line first and warns when other districts are named elsewhere', () => {
    const text = agreementWith('und der Stadt Offenbach am Main', 'Gemeinsam mit dem Kreis Offenbach wird ein Projekt umgesetzt.');
    const result = parseAgreementText(text, { districts });
    expect(result.ok && result.agreement.district.ags).toBe('06413');
    expect(result.ok && result.warnings.map((warning) => warning.code)).toContain('DISTRICT_INCONSISTENT');
  });

  it('falls back to the majority of mentions without a title line', () => {
    const text = agreementWith('', 'Der Landkreis Kassel finanziert … des Landkreises Kassel … mit der Stadt Kassel.');
    const result = parseAgreementText(text, { districts });
    expect(result.ok && result.agreement.district.ags).toBe('06633');
  });

  it('recognises a Sonderstatusstadt as no recipient', () => {
    expect(matcher.findNonRecipients('der Universitätsstadt Marburg').map((m) => m.name)).toEqual(['Marburg']);
    expect(resolve('der Universitätsstadt Marburg und der Stadt Gießen')).toEqual([]);
  });
});
