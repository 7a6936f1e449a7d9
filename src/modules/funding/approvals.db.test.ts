import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../../tests/support/test-database';
import { buildIssuedBescheid, buildProject, OTHER_AGS, OWN_AGS } from '../../../tests/factories';
import type { AppDatabase } from '../../platform/db/client';
import { findApprovalHistory, findApprovals, findApprovalsOfProjects } from './approvals';
import { bescheide } from './tables';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('approvals: the issued Bescheid line in force per project', () => {
  it('takes the latest issued Bescheid per project and ignores drafts and other districts', async () => {
    const a = await buildProject(database, { year: 2025, key: 'A' });
    const b = await buildProject(database, { year: 2025, key: 'B' });
    const other = await buildProject(database, { year: 2025, ags: OTHER_AGS, key: 'X' });
    await buildIssuedBescheid(database, { year: 2025, decidedOn: '2025-04-15', lines: [{ projectId: a.id, approvedCents: 5_000_000 }, { projectId: b.id, approvedCents: 2_000_000, requestedCents: 3_000_000, financingType: 'anteil' }] });
    // An Änderungsbescheid for A only: A changes, B keeps the Zuwendungsbescheid.
    await buildIssuedBescheid(database, { year: 2025, sequence: 2, decidedOn: '2025-09-01', lines: [{ projectId: a.id, approvedCents: 4_500_000 }] });
    // A draft Änderungsbescheid never counts.
    const { bescheidId: draftId } = await buildIssuedBescheid(database, { year: 2025, sequence: 3, decidedOn: '2025-10-01', lines: [{ projectId: a.id, approvedCents: 1 }] });
    await database.db.update(bescheide).set({ status: 'entwurf' }).where(eq(bescheide.id, draftId));
    await buildIssuedBescheid(database, { year: 2025, ags: OTHER_AGS, lines: [{ projectId: other.id, approvedCents: 777 }] });

    const own = await findApprovals(database.db, { year: 2025, ags: OWN_AGS });
    expect([...own.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(own.get(a.id)).toMatchObject({ approvedCents: 4_500_000, sequence: 2, decidedOn: '2025-09-01', projectKey: 'A', aktenzeichen: `RPKS-57-AQB-2025-${OWN_AGS}` });
    expect(own.get(b.id)).toMatchObject({ approvedCents: 2_000_000, requestedCents: 3_000_000, financingType: 'anteil', sequence: 1 });

    const history = await findApprovalHistory(database.db, { year: 2025, ags: OWN_AGS });
    expect(history.map((h) => [h.projectKey, h.sequence, h.approvedCents])).toEqual([
      ['A', 1, 5_000_000],
      ['B', 1, 2_000_000],
      ['A', 2, 4_500_000],
    ]);
    const land = await findApprovals(database.db, { year: 2025 });
    expect(land.get(other.id)?.approvedCents).toBe(777);
    expect(land.size).toBe(3);

    const some = await findApprovalsOfProjects(database.db, [b.id, other.id]);
    expect([...some.keys()].sort()).toEqual([b.id, other.id].sort());
    expect(await findApprovalsOfProjects(database.db, [])).toEqual(new Map());
  });
});
