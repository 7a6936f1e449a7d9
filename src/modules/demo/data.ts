/**
 * Invented demo data. Nothing here is a real allocation or project: amounts are shares of a
 * realistic Landesbudget (≈ 27,7 Mio. €) weighted by rough population figures, project titles are
 * typical of the programme, people are fictional.
 */

/** Rough weights (population in thousands, cities weighted up for their higher SGB II share). */
export const DEMO_WEIGHTS: Record<string, number> = {
  '06411': 224, '06412': 1078, '06413': 183, '06414': 396, '06431': 272, '06432': 300, '06433': 280,
  '06434': 238, '06435': 425, '06436': 241, '06437': 97, '06438': 360, '06439': 187, '06440': 310,
  '06531': 272, '06532': 255, '06533': 173, '06534': 246, '06535': 106, '06611': 286, '06631': 224,
  '06632': 121, '06633': 237, '06634': 181, '06635': 157, '06636': 101,
};

export const DEMO_LANDESBUDGET_CENTS = 27_700_000_00;

export const DEMO_PROJECTS: Record<1 | 2 | 3 | 4, string[]> = {
  1: [
    'Ausbildungsvorbereitung mit Einzelcoaching',
    'Berufsorientierung für junge Geflüchtete',
    'Produktionsschule „Werkstatt Zukunft“',
    'Vorfeldphase Teilzeitausbildung für Alleinerziehende',
    'Sprach- und Orientierungskurs "Start in den Beruf"',
  ],
  2: [
    'Betriebliche Teilzeitausbildung mit Coaching',
    'Ausbildungscoaching für Auszubildende mit Fluchthintergrund',
    'Verbundausbildung im Handwerk',
    'Assistierte Ausbildung „Plus“',
  ],
  3: [
    'Qualifizierung zur Pflegehelferin / zum Pflegehelfer',
    'Digitale Grundbildung für Kundinnen und Kunden des SGB II',
    'Berufsbezogene Sprachförderung im Gastgewerbe',
    'Brückenqualifizierung für Frauen',
    'Arbeitsmarktintegration für Menschen mit psychischen Beeinträchtigungen',
    'Qualifizierung Lager und Logistik mit Staplerschein',
  ],
  4: ['Fortbildung Fallmanagement', 'Schulung „Interkulturelle Beratung“ für Fachkräfte'],
};

export const DEMO_PEOPLE = {
  m: ['Thomas Beispiel', 'Jan Mustermann', 'Stefan Probe', 'Martin Vorlage'],
  f: ['Petra Beispiel', 'Erika Musterfrau', 'Sabine Probe', 'Anna Vorlage'],
};
