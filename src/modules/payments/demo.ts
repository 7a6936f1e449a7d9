/**
 * Demo data of the money path (AQB_DEMO=1): for three demo districts of 2025 an issued demo
 * Bescheid (with its demo Antrag), Mittelabrufe, Auszahlungen and Verwendungen; one late use with
 * Zwischenzinsen; one Verwendungsnachweis with an issued Rückforderung. Everything is `is_demo`
 * and removed by `removeDemoPayments` (before the demo projects go).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { antragFromProjects, antragTable, bescheidProjectTable, bescheidTable } from '../funding/service';
import { findProjects } from '../projects/service';
import { computeRefundContent, getProof } from './proof';
import { fundUses, interimInterestDecisions, paymentRequests, payouts, proofs } from './tables';

const YEAR = 2025;
/** Rheingau-Taunus-Kreis, Landkreis Kassel, Landkreis Fulda – when they have demo projects and no Antrag of their own. */
const DISTRICTS = ['06439', '06633', '06631'];

/** Further demo Anträge of 2025 so the Antrag list shows every state RP works with (issue 13, demo data). */
const ANTRAG_STATES: ReadonlyArray<{ ags: string; status: 'eingereicht' | 'in_pruefung' | 'zurueckgezogen'; received: boolean }> = [
  { ags: '06436', status: 'eingereicht', received: false },
  { ags: '06437', status: 'in_pruefung', received: true },
  { ags: '06534', status: 'zurueckgezogen', received: true },
];

export async function seedDemoPayments(tx: Executor): Promise<void> {
  for (const { ags, status, received } of ANTRAG_STATES) {
    const [existing] = await tx.select({ id: antragTable.id }).from(antragTable).where(and(eq(antragTable.year, YEAR), eq(antragTable.ags, ags)));
    if (existing) continue;
    await tx.insert(antragTable).values({
      year: YEAR,
      ags,
      status,
      submittedOn: '2025-03-27',
      submittedContent: await antragFromProjects(tx, YEAR, ags),
      ...(received ? { receivedOn: '2025-04-01', aktenzeichen: `RPKS-57-AQB-${YEAR}-${ags}-DEMO` } : {}),
      isDemo: true,
    });
  }
  for (const [index, ags] of DISTRICTS.entries()) {
    const projects = (await findProjects(tx, YEAR, ags)).filter((p) => p.isDemo).slice(0, 2);
    if (projects.length === 0) continue;
    const [existing] = await tx.select({ id: antragTable.id }).from(antragTable).where(and(eq(antragTable.year, YEAR), eq(antragTable.ags, ags)));
    if (existing) continue;
    const [antrag] = await tx
      .insert(antragTable)
      .values({ year: YEAR, ags, status: 'beschieden', submittedOn: '2025-03-20', receivedOn: '2025-03-24', aktenzeichen: `RPKS-57-AQB-${YEAR}-${ags}-DEMO`, isDemo: true })
      .returning({ id: antragTable.id });
    const [bescheid] = await tx
      .insert(bescheidTable)
      .values({ antragId: antrag!.id, year: YEAR, ags, sequence: 1, kind: 'zuwendung', status: 'erlassen', decidedOn: '2025-04-30', periodFrom: '2025-01-01', periodTo: '2025-12-31', proofDueOn: '2026-06-30', purpose: 'Förderung der Maßnahmen nach § 5 der Zielvereinbarung (Demo)', isDemo: true })
      .returning({ id: bescheidTable.id });
    for (const [i, project] of projects.entries()) {
      const approved = (60_000_00 - i * 20_000_00) * (1 + index * 0.5);
      const own = 10_000_00;
      const personal = Math.round(((approved + own) * 7) / 10);
      await tx.insert(bescheidProjectTable).values({
        bescheidId: bescheid!.id,
        projectId: project.id,
        requestedCents: approved,
        approvedCents: approved,
        financingType: i === 0 ? 'fehlbedarf' : 'anteil',
        plan: {
          expenses: [
            { category: 'personal', label: 'Sozialpädagogische Begleitung', amountCents: personal },
            { category: 'sach', label: 'Raummiete und Material', amountCents: approved + own - personal },
          ],
          funding: [
            { source: 'aqb', amountCents: approved },
            { source: 'eigenmittel', amountCents: own },
          ],
        },
      });
      // Two requests, each paid a week later; the first half used in time, the second in part late (index 0, project 0).
      const half = Math.round(approved / 2);
      const requests = [
        { requestedOn: '2025-05-05', paidOn: '2025-05-12', amountCents: half, plannedUse: [{ dueOn: '2025-05-31', amountCents: half, purpose: 'Personalausgaben Mai und Juni' }] },
        { requestedOn: '2025-08-04', paidOn: '2025-08-11', amountCents: approved - half, plannedUse: [{ dueOn: '2025-09-30', amountCents: approved - half, purpose: 'Personal- und Sachausgaben August bis September' }] },
      ];
      for (const r of requests) {
        const [request] = await tx
          .insert(paymentRequests)
          .values({ year: YEAR, ags, projectId: project.id, requestedOn: r.requestedOn, amountCents: r.amountCents, plannedUse: r.plannedUse, isDemo: true })
          .returning({ id: paymentRequests.id });
        await tx.insert(payouts).values({ requestId: request!.id, paidOn: r.paidOn, amountCents: r.amountCents, isDemo: true });
      }
      const late = index === 0 && i === 0;
      const uses = late
        ? [
            { usedOn: '2025-06-30', amountCents: half - 5_000_00, description: 'Personalausgaben Mai und Juni' },
            // 5.000 € of the May payout only used in September: beyond the two months (12.7.2025).
            { usedOn: '2025-09-15', amountCents: 5_000_00, description: 'Nachzahlung Honorare (verspätet verwendet)' },
            { usedOn: '2025-09-30', amountCents: approved - half, description: 'Personal- und Sachausgaben' },
          ]
        : [
            { usedOn: '2025-06-30', amountCents: half, description: 'Personalausgaben Mai und Juni' },
            { usedOn: '2025-09-30', amountCents: approved - half, description: 'Personal- und Sachausgaben' },
          ];
      for (const u of uses) await tx.insert(fundUses).values({ year: YEAR, ags, projectId: project.id, ...u, isDemo: true });
    }
    if (index === 0) {
      // The Verwendungsnachweis of the first district: actual expenses below plan → Rückforderung.
      const draft = await getProof(tx, YEAR, ags);
      const projectsOfProof = draft.projects.map((p, i) => ({
        ...p,
        report: 'Die Maßnahme wurde wie geplant durchgeführt (Demo-Sachbericht).',
        placesFilled: 18 - i * 4,
        results: '12 Teilnehmende haben eine Ausbildung begonnen.',
        expenses: p.expenses.map((e, j) => ({ ...e, actualCents: j === 0 ? e.plannedCents - 8_000_00 : e.plannedCents })),
        funding: p.funding.map((f) => ({ ...f, actualCents: f.plannedCents })),
      }));
      await tx.insert(proofs).values({ year: YEAR, ags, status: 'eingereicht', projects: projectsOfProof, submittedOn: '2025-12-19', auditNote: 'Geprüft (Demo): Personalausgaben unter Plan, die Zuwendung wird anteilig zurückgefordert.', interestTo: '2025-12-31', isDemo: true });
      const proof = await getProof(tx, YEAR, ags);
      const refund = await computeRefundContent(tx, proof, { note: proof.auditNote, interestTo: '2025-12-31', issuedOn: '2025-12-30' });
      await tx.update(proofs).set({ status: 'geprueft', issuedOn: '2025-12-30', refund, version: 2 }).where(and(eq(proofs.year, YEAR), eq(proofs.ags, ags)));
    }
  }
}

/** Removes the demo money records and the demo Bescheide and Anträge (before the demo projects they name). */
export async function removeDemoPayments(tx: Executor): Promise<void> {
  await tx.delete(proofs).where(eq(proofs.isDemo, true));
  await tx.delete(interimInterestDecisions).where(eq(interimInterestDecisions.isDemo, true));
  await tx.delete(fundUses).where(eq(fundUses.isDemo, true));
  await tx.delete(payouts).where(eq(payouts.isDemo, true));
  await tx.delete(paymentRequests).where(eq(paymentRequests.isDemo, true));
  const demoBescheide = tx.select({ id: bescheidTable.id }).from(bescheidTable).where(eq(bescheidTable.isDemo, true));
  await tx.delete(bescheidProjectTable).where(inArray(bescheidProjectTable.bescheidId, demoBescheide));
  await tx.delete(bescheidTable).where(eq(bescheidTable.isDemo, true));
  await tx.delete(antragTable).where(eq(antragTable.isDemo, true));
}
