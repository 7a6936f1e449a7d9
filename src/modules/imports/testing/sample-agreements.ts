import type { AgreementInterchange } from '../../documents/schema';
import type { District } from '../../districts/schema';

/** Tiny deterministic hash so each district gets different but stable sample data. */
function seedOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619) >>> 0;
  return hash;
}

const PROJECTS = [
  'Projekt „Zukunft“',
  'Vorfeldphase "BAEREN-STARKE" zur Ausbildung',
  'Berufsvorbereitung/Teilzeitausbildung Beratung, Coaching, Online Angebot (-Zugänge)',
  'Intensiv begleitete kooperative Ausbildung mit integrativem Beginn in den Ausbildungswerkstätten der GAB',
  'Ausbildung "BAEREN-STARKE"',
  'Projekt „NAVI“ – Neuausrichtung Aktivierung Vermittlung Integration',
  'Projekt "DigiStart24" (Digitales Lernen im RTK für Kunden/Innen des SGB II)',
  'Sozialraumprojekt für Langzeitarbeitslose und Flüchtlinge SGB II',
  'Teilzeitausbildung für Alleinerziehende ‚Neustart‘ in Kooperation mit dem Jobcenter',
  'Fort- und Weiterbildungen eigenes Personal',
  'Dualer Studiengang "BASS" 2024',
  'Sprachförderung & Qualifizierung 50+',
];

/**
 * A realistic agreement for one district: projects in some Maßnahmenarten, others empty, both
 * quote styles, an amount with cents, both signatures (female titles for every other district).
 */
export function buildSampleAgreement(district: District, year = 2025, options: { unsignedDistrict?: boolean } = {}): AgreementInterchange {
  const seed = seedOf(district.ags);
  const pick = (offset: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ title: PROJECTS[(seed + offset + i * 5) % PROJECTS.length]! }));
  const female = seed % 2 === 0;
  const headTitle = female ? district.headTitle.f : district.headTitle.m;
  const counts = [1 + (seed % 3), seed % 4 === 0 ? 0 : 2, 3, seed % 3 === 0 ? 0 : 1];
  return {
    schema: 'aqb.zielvereinbarung/1',
    year,
    district: { ags: district.ags, name: district.officialName },
    amountCents: 50_000_000 + (seed % 90_000_000) + (seed % 2 === 0 ? 50 : 0),
    measures: ([1, 2, 3, 4] as const).map((type, i) => ({ type, projects: pick(i * 3, counts[i]!) })),
    signatures: {
      land: { place: 'Wiesbaden', date: `${year}-07-01`, name: 'Heike Hofmann', title: 'Staatsministerin' },
      district: options.unsignedDistrict
        ? null
        : {
            place: district.signingPlace,
            date: `${year}-0${7 + (seed % 3)}-${String(10 + (seed % 18)).padStart(2, '0')}`,
            name: female ? 'Dr. Anna Müller-Schmidt' : 'Jörg Weißenfels',
            title: headTitle,
          },
    },
  };
}
