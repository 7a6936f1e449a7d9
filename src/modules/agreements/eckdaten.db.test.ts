import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../platform/db/client';
import { buildAccounts, OWN_AGS, setAllocation } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { getProject, saveProject } from '../projects/service';
import { getCurrentTemplate, saveTemplateVersion } from '../templates/service';
import { agreements } from './tables';
import { createDraft, findPreviewAgreement, getAgreement, getAgreementDocument, refreshDraftFromProjects } from './service';

/**
 * The Eckdaten of § 4 on a stored agreement (docs/decisions/0027): a draft takes the figures of
 * the project records when the year's template prints the table and follows them; a signed
 * version keeps the figures it was signed with; without the option nothing changes.
 */
const YEAR = 2025;
let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 500_000_00);
});
afterAll(async () => {
  await database?.close();
});

async function saveP1(places: number, ausbildung: number, version?: number) {
  return database.db.transaction(async (tx) => {
    const project = await saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, ...(version ? { key: 'P1', expectedVersion: version } : {}) }, {
      key: 'P1',
      title: 'Projekt Zukunft',
      measureType: 2,
      start: '2025-01-01',
      end: '2025-12-31',
      plannedPlaces: places,
      plannedOutcomes: { uebergang_ausbildung: ausbildung, ausbildungsabschluss: 2 },
      expenses: [{ category: 'personal', label: 'Begleitung', amountCents: 4_000_000 }],
      funding: [{ source: 'aqb', amountCents: 3_000_000 }, { source: 'eigenmittel', amountCents: 1_000_000 }],
    });
    await refreshDraftFromProjects(tx, accounts.districtOwn.actor, YEAR, OWN_AGS);
    return project;
  });
}

describe('Eckdaten on the agreement', () => {
  it('a draft under a template without the table carries no figures', async () => {
    await createDraft(database, accounts.hmsi.actor, { year: YEAR, ags: OWN_AGS });
    const p1 = await saveP1(10, 4);
    expect((await getAgreement(database.db, YEAR, OWN_AGS)).content.eckdaten).toBeUndefined();
    const { document } = await getAgreementDocument(database.db, YEAR, OWN_AGS);
    expect(document.sections[3]!.blocks.some((b) => b.kind === 'table')).toBe(false);

    // The ministry turns the table on: the next refresh of the draft draws the figures.
    const current = await getCurrentTemplate(database.db, YEAR);
    await database.db.transaction((tx) => saveTemplateVersion(tx, YEAR, { ...current.content, eckdatenTable: true }, 'Eckdaten-Tabelle in § 4', accounts.hmsi.actor.userId));
    await saveP1(12, 5, p1.version);
    const draft = await getAgreement(database.db, YEAR, OWN_AGS);
    expect(draft.content.eckdaten).toEqual([
      { type: 1, projects: 0, aqbCents: 0, places: 0, outcomes: 0 },
      { type: 2, projects: 1, aqbCents: 3_000_000, places: 12, outcomes: 7 },
      { type: 3, projects: 0, aqbCents: 0, places: 0, outcomes: 0 },
      { type: 4, projects: 0, aqbCents: 0, places: 0, outcomes: 0 },
    ]);
    const table = (await getAgreementDocument(database.db, YEAR, OWN_AGS)).document.sections[3]!.blocks.at(-1)!;
    expect(table.kind === 'table' && table.footer).toEqual(['Insgesamt', '1', '30.000,00 €', '12', '7']);
  });

  it('the template preview shows the figures: the stored ones, or the records\' for a sample', async () => {
    const stored = await findPreviewAgreement(database.db, YEAR, OWN_AGS);
    expect(stored.agreement.eckdaten?.[1]).toMatchObject({ projects: 1, aqbCents: 3_000_000 });
    const sample = await findPreviewAgreement(database.db, YEAR, '06411');
    expect(sample.isSample).toBe(true);
    expect(sample.agreement.eckdaten?.map((r) => r.projects)).toEqual([0, 0, 0, 0]);
  });

  it('a refresh without a change in the figures writes no new version', async () => {
    const before = await getAgreement(database.db, YEAR, OWN_AGS);
    const written = await database.db.transaction((tx) => refreshDraftFromProjects(tx, accounts.districtOwn.actor, YEAR, OWN_AGS));
    expect(written).toBeNull();
    expect((await getAgreement(database.db, YEAR, OWN_AGS)).currentVersion).toBe(before.currentVersion);
  });

  it('a signed version keeps the figures it was signed with', async () => {
    // Stands in for the signing steps (their own tests): refresh looks at the status only.
    await database.db.update(agreements).set({ status: 'unterzeichnet' }).where(eq(agreements.year, YEAR));
    const signed = await getAgreement(database.db, YEAR, OWN_AGS);
    await saveP1(40, 9, (await getProject(database.db, YEAR, OWN_AGS, 'P1')).version);
    const after = await getAgreement(database.db, YEAR, OWN_AGS);
    expect(after.currentVersion).toBe(signed.currentVersion);
    expect(after.content.eckdaten?.[1]).toEqual({ type: 2, projects: 1, aqbCents: 3_000_000, places: 12, outcomes: 7 });
  });
});
