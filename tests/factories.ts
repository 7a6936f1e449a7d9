/**
 * The test builders, in one place: accounts (ready to sign in, with API tokens), allocations, and
 * agreements in the interchange format for any district. Tests and benchmarks build their data
 * here instead of writing rows by hand.
 */
import { createApiToken } from '../src/modules/access/service';
import type { Actor, Role } from '../src/modules/access/policy';
import { generateTotpSecret } from '../src/modules/access/totp';
import { createUser, enableTotp, getUserRow, setPassword } from '../src/modules/access/users';
import { allocations } from '../src/modules/budget-years/tables';
import { AGREEMENT_SCHEMA_ID, type AgreementInterchange, type MeasureTypeCode } from '../src/modules/documents/schema';
import type { District } from '../src/modules/districts/schema';
import type { AppDatabase } from '../src/platform/db/client';
import { and, eq } from 'drizzle-orm';
import { users } from '../src/modules/access/tables';
import { saveProject } from '../src/modules/projects/service';
import type { Project } from '../src/modules/projects/schema';
import type { ApprovedPlan, FinancingType } from '../src/modules/funding/schema';
import { antraege, bescheide, bescheidProjects } from '../src/modules/funding/tables';

// ── Accounts ────────────────────────────────────────────────────────────────────────────────
let counter = 0;

/**
 * An account ready to sign in with `password` (no one-time password left); with `totp` the
 * second factor is set up with a fresh secret (returned).
 */
export async function buildUser(
  database: AppDatabase,
  role: Role,
  options: { password?: string; totp?: boolean; ags?: string; email?: string; name?: string } = {},
): Promise<{ id: number; email: string; password: string; totpSecret: string | null }> {
  counter += 1;
  const email = options.email ?? `${role}-${counter}-${Math.random().toString(36).slice(2, 8)}@test.aqb.example`;
  const password = options.password ?? 'Kirschbaum-Wiesenweg-42';
  const totpSecret = options.totp ? generateTotpSecret() : null;
  const id = await database.db.transaction(async (tx) => {
    const { user } = await createUser(tx, null, { email, name: options.name ?? `Test ${role} ${counter}`, role, ags: role === 'district' ? (options.ags ?? '06439') : undefined });
    const row = await getUserRow(tx, user.id);
    await setPassword(tx, row, password);
    if (totpSecret) await enableTotp(tx, row, totpSecret, 0);
    return user.id;
  });
  return { id, email, password, totpSecret };
}

/**
 * Test accounts for the agreement workflow tests: one real user per role with a personal API
 * token, so HTTP requests authenticate through the real session/API-token middleware.
 */
export type RoleKey = 'hmsi' | 'districtOwn' | 'districtOther' | 'rp' | 'admin';
export interface TestAccount {
  actor: Actor;
  token: string;
}

export const OWN_AGS = '06439'; // Rheingau-Taunus-Kreis
export const OTHER_AGS = '06533'; // Landkreis Limburg-Weilburg

export async function buildAccounts(database: AppDatabase, suffix = ''): Promise<Record<RoleKey, TestAccount>> {
  const specs: Record<RoleKey, { role: Actor['role']; ags?: string }> = {
    hmsi: { role: 'hmsi' },
    districtOwn: { role: 'district', ags: OWN_AGS },
    districtOther: { role: 'district', ags: OTHER_AGS },
    rp: { role: 'rp' },
    admin: { role: 'admin' },
  };
  const accounts = {} as Record<RoleKey, TestAccount>;
  for (const [key, spec] of Object.entries(specs) as [RoleKey, (typeof specs)[RoleKey]][]) {
    accounts[key] = await database.db.transaction(async (tx) => {
      const { user } = await createUser(tx, null, { email: `${key}${suffix}@test.example`, name: `Test ${key}`, role: spec.role, ags: spec.ags });
      const { token } = await createApiToken(tx, user.id, `Test ${key}`);
      const actor: Actor = spec.role === 'district' ? { userId: user.id, role: 'district', ags: spec.ags! } : { userId: user.id, role: spec.role as 'hmsi' };
      return { actor, token };
    });
  }
  return accounts;
}

/** Sets an allocation for a district/year (the test database has none for RTK 2025). */
export async function setAllocation(database: AppDatabase, year: number, ags: string, amountCents: number): Promise<void> {
  await database.db
    .insert(allocations)
    .values({ year, ags, amountCents, source: 'test' })
    .onConflictDoUpdate({ target: [allocations.year, allocations.ags], set: { amountCents } });
}

// ── Projects and participants ───────────────────────────────────────────────────────────────

/**
 * A project of a district in a year (through the projects' own use case, as the district's
 * coordinator creates it — only the own district edits projects), with a Laufzeit over the whole
 * year unless given.
 */
export async function buildProject(
  database: AppDatabase,
  options: { year?: number; ags?: string; key?: string; title?: string; measureType?: MeasureTypeCode; start?: string | null; end?: string | null; plannedPlaces?: number | null } = {},
): Promise<Project> {
  const year = options.year ?? 2025;
  const ags = options.ags ?? OWN_AGS;
  return database.db.transaction(async (tx) => {
    const [coordinator] = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'district'), eq(users.ags, ags))).limit(1);
    const actor: Actor = { userId: coordinator?.id ?? (await buildUserInTx(tx, ags)), role: 'district', ags };
    return saveProject(tx, actor, { year, ags }, {
      key: options.key ?? `P${++counter}`,
      title: options.title ?? `Testprojekt ${counter}`,
      measureType: options.measureType ?? 1,
      start: options.start === undefined ? `${year}-01-01` : options.start,
      end: options.end === undefined ? `${year}-12-31` : options.end,
      plannedPlaces: options.plannedPlaces === undefined ? 20 : options.plannedPlaces,
    });
  });
}

async function buildUserInTx(tx: Parameters<Parameters<AppDatabase['db']['transaction']>[0]>[0], ags: string): Promise<number> {
  const { user } = await createUser(tx, null, { email: `projekt-${ags}-${++counter}@test.aqb.example`, name: `Projekte ${ags}`, role: 'district', ags });
  return user.id;
}

/** A participant CSV (`;`, header of the template) from rows of the twelve columns. */
export function participantCsv(rows: string[][]): Uint8Array<ArrayBuffer> {
  const header = 'kennung;eintritt;austritt;geschlecht;geburtsjahr;rechtskreis;erwerbsstatus;isced;behinderung;migration;teilzeitausbildung;verbleib';
  return new TextEncoder().encode([header, ...rows.map((r) => r.join(';'))].join('\n') + '\n');
}

/** A valid participant row: entry in `year`, in the project, or left with an outcome. */
export function participantRow(kennung: string, options: { year?: number; gender?: string; legalSphere?: string; disability?: string; left?: boolean } = {}): string[] {
  const year = options.year ?? 2025;
  return [
    kennung,
    `${year}-03-01`,
    options.left ? `${year}-09-30` : '',
    options.gender ?? 'w',
    String(year - 25),
    options.legalSphere ?? 'SGB II',
    'arbeitslos',
    '0-2',
    options.disability ?? 'nein',
    'nein',
    'nein',
    options.left ? 'uebergang_ausbildung' : '',
  ];
}

// ── Agreements ─────────────────────────────────────────────────────────────────────────────

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
export function buildAgreement(district: District, year = 2025, options: { unsignedDistrict?: boolean } = {}): AgreementInterchange {
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

function measures(byType: string[][]): AgreementInterchange['measures'] {
  return byType.map((titles, index) => ({ type: (index + 1) as MeasureTypeCode, projects: titles.map((title) => ({ title })) }));
}

const DEMO_PROJECTS: string[][] = [
  ['Ausbildungsvorbereitung mit Einzelcoaching', 'Berufsorientierung „Praxis im Betrieb“', 'Sprach- und Lernwerkstatt'],
  ['Teilzeitausbildung für Alleinerziehende', 'Ausbildungscoaching "Dranbleiben"'],
  [
    'Qualifizierung in der Pflegehilfe',
    'Brückenqualifizierung für Frauen',
    'Digitales Lernen für Kundinnen und Kunden des SGB II',
    'Berufsbezogene Sprachförderung für Geflüchtete',
  ],
  ['Fortbildung Fallmanagement'],
];

/**
 * A plausible demo agreement for one district and year: 6–11 projects, an amount between 0,5 and
 * 2,5 Mio. €, the Land signed, the district signed by a Landrätin/Oberbürgermeisterin or not at all.
 */
export function buildDemoAgreement(district: District, year: number, options: { headGenus?: 'm' | 'f'; signed?: boolean } = {}): AgreementInterchange {
  const seed = Number(district.ags.slice(2));
  const headGenus = options.headGenus ?? (seed % 2 === 0 ? 'f' : 'm');
  const signed = options.signed ?? true;
  const projects = DEMO_PROJECTS.map((titles, index) => titles.slice(0, 1 + ((seed + index) % titles.length)));
  if (seed % 5 === 0) projects[3] = []; // an empty Maßnahmenart prints its heading alone
  return {
    schema: AGREEMENT_SCHEMA_ID,
    year,
    district: { ags: district.ags, name: district.officialName },
    amountCents: (500_000 + ((seed * 7919) % 2_000_000)) * 100 + (seed % 3 === 0 ? 50 : 0),
    measures: measures(projects),
    signatures: {
      land: { place: 'Wiesbaden', date: `${year}-07-01`, name: 'Heike Hofmann', title: 'Staatsministerin' },
      district: signed
        ? { place: district.signingPlace, date: `${year}-07-15`, name: headGenus === 'f' ? 'Erika Mustermann' : 'Max Mustermann', title: district.headTitle[headGenus] }
        : null,
    },
  };
}

// ── Bescheide ───────────────────────────────────────────────────────────────────────────────

/**
 * An issued Bescheid (Zuwendungsbescheid, or Änderungsbescheid with `sequence` > 1) for some of a
 * district's projects, with an Antrag in `beschieden`. Each line approves `approvedCents` under
 * `financingType` with the given plan (default: one expense line and one AQB funding line of the
 * approved amount). Written as rows: the money path's tests need an approval in force, not the RP
 * journey that leads to it (that journey has its own tests).
 */
export async function buildIssuedBescheid(
  database: AppDatabase,
  options: {
    year?: number;
    ags?: string;
    sequence?: number;
    decidedOn?: string;
    periodFrom?: string;
    periodTo?: string;
    proofDueOn?: string;
    lines: { projectId: number; approvedCents: number; requestedCents?: number; financingType?: FinancingType; plan?: ApprovedPlan }[];
  },
): Promise<{ antragId: number; bescheidId: number }> {
  const year = options.year ?? 2025;
  const ags = options.ags ?? OWN_AGS;
  return database.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: antraege.id }).from(antraege).where(and(eq(antraege.year, year), eq(antraege.ags, ags)));
    const antragId =
      existing?.id ??
      (
        await tx
          .insert(antraege)
          .values({ year, ags, status: 'beschieden', submittedOn: `${year}-03-01`, receivedOn: `${year}-03-02`, aktenzeichen: `RPKS-57-AQB-${year}-${ags}` })
          .returning({ id: antraege.id })
      )[0]!.id;
    if (existing) await tx.update(antraege).set({ status: 'beschieden' }).where(eq(antraege.id, antragId));
    const sequence = options.sequence ?? 1;
    const [bescheid] = await tx
      .insert(bescheide)
      .values({
        antragId,
        year,
        ags,
        sequence,
        kind: sequence === 1 ? 'zuwendung' : 'aenderung',
        status: 'erlassen',
        decidedOn: options.decidedOn ?? `${year}-04-15`,
        periodFrom: options.periodFrom ?? `${year}-01-01`,
        periodTo: options.periodTo ?? `${year}-12-31`,
        proofDueOn: options.proofDueOn ?? `${year + 1}-06-30`,
        purpose: 'Förderung der Maßnahmen nach § 5 der Zielvereinbarung',
      })
      .returning({ id: bescheide.id });
    await tx.insert(bescheidProjects).values(
      options.lines.map((line) => ({
        bescheidId: bescheid!.id,
        projectId: line.projectId,
        requestedCents: line.requestedCents ?? line.approvedCents,
        approvedCents: line.approvedCents,
        financingType: line.financingType ?? 'fehlbedarf',
        plan: line.plan ?? {
          expenses: [{ category: 'personal' as const, label: 'Personalausgaben', amountCents: line.approvedCents }],
          funding: [{ source: 'aqb' as const, amountCents: line.approvedCents }],
        },
      })),
    );
    return { antragId, bescheidId: bescheid!.id };
  });
}
