import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { can, type Actor } from '../access/policy';
import { agreementNotes, agreements, agreementVersions } from '../agreements/tables';
import { countOpenFeedback } from '../portal/service';
import { findAllocationShortfalls } from '../funding/service';
import { formatEuro } from '../../platform/format';
import { districts } from '../districts/tables';
import { findFollowUpsOpen, findMeetingsAwaiting, meetingPath } from '../meetings/service';
import { findDeviationsAwaiting } from '../steering/service';
import { surveyDeadlines } from '../surveys/service';

/**
 * "Meine Aufgaben": what waits for the signed-in person, read across the workflow (a read model
 * like the Landesübersicht, docs/decisions/0005). Each task links to where it is done; due dates
 * where the yearly cycle has one (Zielvereinbarungsgespräche until 31 March of the AQB year).
 */
export interface Task {
  kind: 'draft' | 'review' | 'reply' | 'signLand' | 'signDistrict' | 'publish' | 'districtAgreed' | 'feedback' | 'deviation' | 'survey' | 'allocationShortfall' | 'meeting' | 'followUp';
  title: string;
  detail: string;
  href: string;
  dueOn: string | null;
  isDemo: boolean;
}

interface AgreementRow {
  year: number;
  ags: string;
  name: string;
  status: string;
  version: number;
  agreedVersion: number | null;
  isDemo: boolean;
  land: boolean;
  district: boolean;
  lastLandNote: Date | null;
  lastDistrictNote: Date | null;
}

async function agreementRows(db: Executor, ags: string | null): Promise<AgreementRow[]> {
  const rows = await db
    .select({
      year: agreements.year,
      ags: agreements.ags,
      name: districts.officialName,
      status: agreements.status,
      version: agreements.currentVersion,
      agreedVersion: agreements.districtAgreedVersion,
      isDemo: agreements.isDemo,
      land: sql<boolean>`(${agreementVersions.content}->'signatures'->'land') <> 'null'::jsonb`,
      district: sql<boolean>`(${agreementVersions.content}->'signatures'->'district') <> 'null'::jsonb`,
      lastLandNote: sql<Date | null>`(select max(n.created_at) from ${agreementNotes} n where n.agreement_id = ${agreements.id} and n.party = 'land')`,
      lastDistrictNote: sql<Date | null>`(select max(n.created_at) from ${agreementNotes} n where n.agreement_id = ${agreements.id} and n.party = 'district')`,
    })
    .from(agreements)
    .innerJoin(districts, eq(districts.ags, agreements.ags))
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreements.currentVersion)))
    .where(ags === null ? undefined : eq(agreements.ags, ags))
    .orderBy(agreements.year, districts.officialName);
  return rows.map((r) => ({ ...r, land: Boolean(r.land), district: Boolean(r.district), lastLandNote: r.lastLandNote ? new Date(r.lastLandNote) : null, lastDistrictNote: r.lastDistrictNote ? new Date(r.lastDistrictNote) : null }));
}

const path = (r: AgreementRow, page = '') => `/zielvereinbarungen/${r.year}/${r.ags}${page ? `/${page}` : ''}`;
const talksEnd = (year: number) => `${year}-03-31`;
const newer = (a: Date | null, b: Date | null) => a !== null && (b === null || a > b);

/** The tasks of the actor, most urgent first (by due date, then year and district). */
export async function findTasks(db: Executor, actor: Actor): Promise<Task[]> {
  const tasks: Task[] = [];
  const rows = can(actor, 'agreement.read') ? await agreementRows(db, actor.role === 'district' ? actor.ags : null) : [];
  for (const r of rows) {
    const what = `Zielvereinbarung ${r.year} – ${r.name}`;
    if (actor.role === 'hmsi') {
      if (r.status === 'entwurf') tasks.push({ kind: 'draft', title: 'Entwurf vervollständigen', detail: what, href: path(r, 'bearbeiten'), dueOn: talksEnd(r.year), isDemo: r.isDemo });
      if (r.agreedVersion !== null && r.agreedVersion === r.version && r.status === 'in_abstimmung') {
        tasks.push({ kind: 'districtAgreed', title: 'Von der Gebietskörperschaft abgestimmt: zur Unterschrift freigeben', detail: `${what}, Version ${r.version}`, href: path(r, 'status'), dueOn: talksEnd(r.year), isDemo: r.isDemo });
      }
      if (newer(r.lastDistrictNote, r.lastLandNote) && (r.status === 'entwurf' || r.status === 'in_abstimmung')) {
        tasks.push({ kind: 'reply', title: 'Rückmeldung der Gebietskörperschaft lesen', detail: what, href: path(r, 'notizen'), dueOn: null, isDemo: r.isDemo });
      }
      if (r.status === 'zur_unterschrift' && !r.land) tasks.push({ kind: 'signLand', title: 'Unterschrift des Landes erfassen', detail: what, href: path(r, 'unterschrift'), dueOn: null, isDemo: r.isDemo });
      if (r.status === 'unterzeichnet') tasks.push({ kind: 'publish', title: 'Veröffentlichen', detail: what, href: path(r, 'status'), dueOn: null, isDemo: r.isDemo });
    }
    if (actor.role === 'district') {
      if (r.status === 'in_abstimmung' && r.agreedVersion !== r.version) {
        tasks.push({ kind: 'review', title: 'Entwurf prüfen und als abgestimmt markieren', detail: `${what}, Version ${r.version}`, href: path(r, 'notizen'), dueOn: talksEnd(r.year), isDemo: r.isDemo });
      }
      if (newer(r.lastLandNote, r.lastDistrictNote) && (r.status === 'entwurf' || r.status === 'in_abstimmung')) {
        tasks.push({ kind: 'reply', title: 'Notiz des HMSI lesen', detail: what, href: path(r, 'notizen'), dueOn: null, isDemo: r.isDemo });
      }
      if (r.status === 'zur_unterschrift' && !r.district) tasks.push({ kind: 'signDistrict', title: 'Unterschrift der Gebietskörperschaft erfassen', detail: what, href: path(r, 'unterschrift'), dueOn: null, isDemo: r.isDemo });
    }
  }
  // The deviation register (§ 6): the district justifies its open deviations, the ministry judges the justified ones.
  const deviationNames = new Map((await db.select({ ags: districts.ags, name: districts.officialName }).from(districts)).map((d) => [d.ags, d.name]));
  for (const d of await findDeviationsAwaiting(db, actor)) {
    const title = d.status === 'offen' ? 'Abweichung begründen' : 'Abweichung bewerten';
    tasks.push({ kind: 'deviation', title, detail: `${d.subject} – ${deviationNames.get(d.ags) ?? d.ags}, AQB-Jahr ${d.year}`, href: `/abweichungen/${d.year}/${d.ags}/${d.id}`, dueOn: null, isDemo: d.isDemo });
  }
  // The Umsetzungsbesprechung (meetings): the district confirms a proposed date, each side confirms the
  // draft minutes; the open follow-ups of confirmed minutes wait for both sides (the district's own, HMSI all).
  for (const m of await findMeetingsAwaiting(db, actor)) {
    tasks.push({ kind: 'meeting', title: m.task === 'confirmDate' ? 'Termin der Umsetzungsbesprechung bestätigen' : 'Protokoll der Umsetzungsbesprechung bestätigen', detail: `${deviationNames.get(m.ags) ?? m.ags}, AQB-Jahr ${m.year}`, href: meetingPath(m.year, m.ags), dueOn: null, isDemo: false });
  }
  if (actor.role === 'district' || actor.role === 'hmsi') {
    for (const f of await findFollowUpsOpen(db, { ags: actor.role === 'district' ? actor.ags : null })) {
      tasks.push({ kind: 'followUp', title: 'Folgeaufgabe aus der Umsetzungsbesprechung', detail: `${f.what} (${f.who}) – ${deviationNames.get(f.ags) ?? f.ags}, AQB-Jahr ${f.year}`, href: meetingPath(f.year, f.ags), dueOn: f.due, isDemo: f.isDemo });
    }
  }
  // A district's open survey responses (Umfragen): answer and submit by the deadline.
  if (actor.role === 'district' && can(actor, 'survey.answer', { ags: actor.ags })) {
    for (const s of await surveyDeadlines(db, { ags: actor.ags })) {
      if (!s.isSubmitted) tasks.push({ kind: 'survey', title: 'Umfrage beantworten und einreichen', detail: s.title, href: `/umfragen/${s.surveyId}/antwort/${s.ags}`, dueOn: s.deadline, isDemo: s.isDemo });
    }
  }
  if (actor.role === 'hmsi') {
    // A revision of an allocation below what RP has already approved (issue 13): the ministry decides.
    const names = new Map(rows.map((r) => [r.ags, r.name]));
    for (const year of [...new Set(rows.map((r) => r.year))].sort()) {
      for (const s of await findAllocationShortfalls(db, year)) {
        tasks.push({
          kind: 'allocationShortfall',
          title: 'Zuweisung unter der Summe der Bescheide',
          detail: `${year} – ${names.get(s.ags) ?? s.ags}: bewilligt ${formatEuro(s.approvedCents)}, Zuweisung ${formatEuro(s.allocationCents)}, ${formatEuro(s.shortfallCents)} zu wenig`,
          href: `/antraege/${year}/${s.ags}`,
          dueOn: null,
          isDemo: false,
        });
      }
    }
  }
  if (can(actor, 'feedback.manage')) {
    const open = await countOpenFeedback(db);
    if (open > 0) tasks.push({ kind: 'feedback', title: 'Rückmeldungen zur Barrierefreiheit beantworten', detail: `${open} ${open === 1 ? 'offene Rückmeldung' : 'offene Rückmeldungen'}`, href: '/admin/rueckmeldungen', dueOn: null, isDemo: false });
  }
  return tasks.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
}
