import { AppError } from '../../platform/errors';

/**
 * Who may do what. ONE table (`POLICY`) declares every permission; `can` and `authorize` only read
 * it. The UI calls `can` to hide buttons, the server calls `authorize` before every change.
 */

export const ROLES = ['hmsi', 'district', 'rp', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  hmsi: 'HMSI (Fachreferat)',
  district: 'Gebietskörperschaft (AQB-Koordination)',
  rp: 'Regierungspräsidium Kassel',
  admin: 'Administration',
};

/** The role as the subject of a German sentence: "Das darf nur das HMSI." */
export const ROLE_SUBJECTS: Record<Role, string> = {
  hmsi: 'das HMSI',
  district: 'die Gebietskörperschaft',
  rp: 'das Regierungspräsidium Kassel',
  admin: 'die Administration',
};

/**
 * The one type of a user id: the `users.id` serial. Every `created_by`, `recorded_by`,
 * `published_by` … column is an integer with a foreign key to `users(id)`.
 */
export type UserId = number;

/** A signed-in user. A district user is bound to exactly one AGS; nobody else is. */
export type Actor =
  | { userId: UserId; role: 'district'; ags: string }
  | { userId: UserId; role: 'hmsi' | 'rp' | 'admin' };

/** `null` is the anonymous visitor of the public portal. */
export type MaybeActor = Actor | null;

/**
 * Every permission of the application. The workflow steps of the agreement are actions of their
 * own (the transition table in agreements/status.ts names the action of each step), so which role
 * may take which step is decided here and nowhere else.
 */
export const ACTIONS = [
  'agreement.read',
  'agreement.create',
  /** The projects per Maßnahmenart. */
  'agreement.edit',
  /** The § 4 amount (Haushaltsmittel). */
  'agreement.editAmount',
  /** entwurf → in_abstimmung ("Zur Abstimmung geben"). */
  'agreement.submit',
  /** in_abstimmung → entwurf. */
  'agreement.returnToDraft',
  /** in_abstimmung → zur_unterschrift; the § 4 rule must hold. */
  'agreement.releaseForSignature',
  /** zur_unterschrift → in_abstimmung; discards recorded signatures. */
  'agreement.reopen',
  'agreement.signLand',
  'agreement.signDistrict',
  'agreement.publish',
  /** veroeffentlicht → unterzeichnet: the ministry withdraws a publication, with a reason. */
  'agreement.withdrawPublication',
  'agreement.amend',
  /** Negotiation notes on an agreement (Zielvereinbarungsgespräch). */
  'agreement.note',
  /** The district marks its part "von der Gebietskörperschaft abgestimmt". */
  'agreement.markAgreed',
  /** A district's projects (Maßnahmen), their Träger list and Finanzierungsplan: HMSI and RP read all, a district its own. */
  'project.read',
  /** Create and change projects and Träger: only the district itself (issue 13, "Who does what"). */
  'project.edit',
  /** The Antrag of a district and year at RP Kassel (issue 13): read, and each workflow step (funding/antrag-status.ts). */
  'antrag.read',
  /** entwurf → eingereicht: the district submits (the checks must pass; after 31 March it is marked late). */
  'antrag.submit',
  /** eingereicht → in_pruefung: RP records the Eingang and gives the Aktenzeichen. */
  'antrag.receive',
  /** in_pruefung → nachforderung (Nachforderung letter). */
  'antrag.requestDocuments',
  /** nachforderung → in_pruefung. */
  'antrag.resume',
  /** in_pruefung → beschieden (Zuwendungsbescheid). */
  'antrag.decide',
  /** eingereicht | in_pruefung | nachforderung → zurueckgezogen: the district withdraws. */
  'antrag.withdraw',
  /** The Prüfung checklist of RP (Antrag in Prüfung). */
  'antrag.examine',
  /** The district answers a Nachforderung (Antrag in Nachforderung). */
  'antrag.answer',
  /** The Bescheide on an Antrag (Zuwendungs- and Änderungsbescheide, their letters): HMSI and RP all, a district its own. */
  'bescheid.read',
  /** RP creates and edits a Bescheid draft (the Antrag in Prüfung or beschieden). */
  'bescheid.edit',
  /** RP issues an Änderungsbescheid (the Antrag beschieden); the first Bescheid is `antrag.decide`. */
  'bescheid.amend',
  /** The district's regional Arbeitsmarkt- und Ausbildungsstrategie: read (with the Antrag's readers), upload (the district). */
  'strategy.read',
  'strategy.edit',
  /** The money path after the Bescheid (payments module): balances, Mittelabrufe, Auszahlungen, Verwendungen, Zwischenzinsen. */
  'payment.read',
  /** A Mittelabruf under the two-month rule: the district itself. */
  'payment.request',
  /** An Auszahlung against a Mittelabruf: RP Kassel. */
  'payment.payout',
  /** Report what was used when: the district itself. */
  'payment.use',
  /** Claim or waive the Zwischenzinsen (§ 49a Abs. 4 HVwVfG): RP Kassel. */
  'payment.decideInterest',
  /** The Verwendungsnachweis with its Prüfung: read. */
  'proof.read',
  /** Edit the draft Sachbericht and zahlenmäßiger Nachweis: the district, while a draft. */
  'proof.edit',
  /** entwurf → eingereicht: the district. */
  'proof.submit',
  /** The Prüfvermerk (text, interest date) on a submitted Nachweis: RP. */
  'proof.audit',
  /** eingereicht → geprueft: RP issues the Prüfvermerk with the Rückforderung (frozen). */
  'refund.issue',
  /** The Land-wide Förderübersicht per year (allocated … zurückgefordert per district, CSV/XLSX). */
  'funding.overview',
  /** Participant statistics of a project or district (aggregates, staff pages). */
  'participants.read',
  /** The Land-wide participant statistics of a year (all 26 districts). */
  'participants.readLand',
  /** Participant records in row form (Kennung and the characteristics that are no special category). */
  'participants.readRecords',
  /** Disability and migration background in row form (special categories, Art. 9 GDPR). */
  'participants.readSpecialCategories',
  /** Upload a project's participant file and confirm the replacement of its records. */
  'participants.upload',
  /** A data subject's request: export and delete every record of one Kennung (Art. 15, 17 GDPR). */
  'participants.subjectRequest',
  'template.edit',
  /** The Land-level AQB-year pages: Landesbudget, Teilbudgets, scenarios, all 26 allocations, letters. */
  'allocation.read',
  'allocation.edit',
  /** One district's Mittelankündigung (and its changes): the ministry and RP all, a district its own. */
  'letter.read',
  'import.run',
  'user.manage',
  'masterdata.edit',
  'audit.read',
  /** Read and answer the accessibility feedback sent from /barrierefreiheit (HessBGG). */
  'feedback.manage',
  'apiToken.manage',
  /** Download a backup of the whole database from the running server (administration). */
  'system.backup',
  /** The deadline calendar (/kalender): the ministry and RP all districts, a district its own. */
  'calendar.read',
  /** Create and revoke one's own secret iCal feed URL (a personal record, like an API token). */
  'calendar.manageFeed',
  /** The outbox (/admin/postausgang): list mails, send failed ones again (administration). */
  'mail.manage',
  /** One's own e-mail reminder settings (/konto/erinnerungen). */
  'reminder.manage',
  /** The deviation register of § 6 (steering/deviations.ts): the ministry and RP all districts, a district its own. */
  'deviation.read',
  /** Enter a deviation by hand: the district for its own year, the ministry for any. */
  'deviation.record',
  /** offen | begruendet → begruendet: the district's justification. */
  'deviation.justify',
  /** begruendet → bewertet: the ministry recognises the deviation or not, with a reason. */
  'deviation.assess',
  /** Zielerreichung (§ 6, achievement/): figures, proposal and judgement — the ministry and RP all districts, a district its own (read only). */
  'achievement.read',
  /** Set the year's target-achievement rules (thresholds per figure, how they combine). */
  'achievement.rules',
  /** The final judgement of a district's year with its reason, and its correction. */
  'achievement.judge',
  /** The monitoring figures of § 6 (steering/monitoring.ts): the ministry and RP all districts, a district its own. */
  'monitoring.read',
  /** Set the year's thresholds (Schwellenwerte) of the traffic lights: the ministry. */
  'monitoring.thresholds',
  /** Record a monitoring snapshot ("Stand festhalten") and run the automatic deviation detection: the ministry. */
  'monitoring.snapshot',
  'monitoring.detect',
  /** The Landesbericht (state-report): drafts and every version — the ministry and RP. */
  'stateReport.read',
  /** The released Landesbericht of a year (its pages and files): also the districts. */
  'stateReport.readReleased',
  /** Create the year's report, edit the draft's foreword and commentaries, start a correction (the ministry). */
  'stateReport.edit',
  /** Release a draft: content, PDF, DOCX and HTML frozen with their checksums (the ministry). */
  'stateReport.release',
  /** Surveys (Umfragen, § 7): read a survey and its definition — the ministry all, a district those sent to it. */
  'survey.read',
  /** Build, send, copy and compare surveys, see the results of all districts and export them (the ministry). */
  'survey.manage',
  /** Answer the district's one shared response: save a draft, submit once (only while it is a draft). */
  'survey.answer',
  /** Reopen a submitted response so the district can change it again (the ministry). */
  'survey.reopen',
  /** Conferences (Tagungen, § 7): HMSI all (drafts too); districts and RP the published ones; a district its own registration. */
  'event.read',
  /** Create, change and publish a conference, upload its materials and minutes (the ministry). */
  'event.manage',
  /** Register the own district for a published conference and change the registration. */
  'event.register',
  /** Names and roles of the registered people (personal data: the ministry only). */
  'event.readPersonalData',
  /** The staff list of good-practice entries and proposals: HMSI and RP all, a district its own. */
  'goodPractice.read',
  /** Mark a project as good practice, accept or decline a district's proposal, withdraw an entry (the ministry). */
  'goodPractice.manage',
  /** Propose one of the own district's projects as good practice. */
  'goodPractice.propose',
  /** The Umsetzungsbesprechung (meetings module): the ministry and RP all districts, a district its own. */
  'meeting.read',
  /** Create the meeting of a district and year, propose (again) dates, place and participants (the ministry). */
  'meeting.schedule',
  /** vorgeschlagen: the district asks for other dates, with a note. */
  'meeting.requestOtherDates',
  /** vorgeschlagen → terminiert: the district confirms one of the proposed dates (the invitation is mailed). */
  'meeting.confirmDate',
  /** vorgeschlagen | terminiert → abgesagt, with a reason (the ministry). */
  'meeting.cancel',
  /** Edit or regenerate the agenda before the meeting: the ministry and the district. */
  'meeting.editAgenda',
  /** terminiert → protokoll_entwurf: the ministry opens the minutes after the meeting. */
  'meeting.startMinutes',
  /** Edit the draft minutes (any change resets a given confirmation): the ministry and the district. */
  'meeting.editMinutes',
  /** Confirm the minutes for one's side (HMSI or the district); the second confirmation freezes them. */
  'meeting.confirmMinutes',
  /** Mark a follow-up of confirmed minutes offen / erledigt: the ministry and the district. */
  'meeting.markFollowUp',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What the record under consideration looks like, as far as the policy cares. `ags` is the owning
 * district (null for Land-wide records), `status` the record's workflow state, `ownerUserId` the
 * owner of a personal record (API token).
 */
export interface PolicyResource {
  ags?: string | null;
  status?: string;
  ownerUserId?: UserId;
}

/**
 * `all` – every record; `own` – only records of the actor's own district (AGS);
 * `self` – only the actor's own personal records (e.g. own API tokens).
 */
export type Scope = 'all' | 'own' | 'self';

interface Rule {
  anonymous?: true;
  roles: Partial<Record<Role, Scope>>;
  /**
   * The record must be in one of these workflow states (only checked when the resource carries a
   * status). The state names are checked against each workflow's own list at compile time (see
   * POLICY_STATES_ARE_AGREEMENT_STATES in agreements/status.ts) and in status.test.ts.
   */
  statuses?: readonly string[];
}

/** Agreement states in which the text may still change. */
export const EDITABLE_AGREEMENT_STATES = ['entwurf', 'in_abstimmung'] as const;

/** The one policy table. A role missing from `roles` has no permission for the action. */
export const POLICY: Record<Action, Rule> = {
  'agreement.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'agreement.create': { roles: { hmsi: 'all' } },
  'agreement.edit': { roles: { hmsi: 'all', district: 'own' }, statuses: EDITABLE_AGREEMENT_STATES },
  'agreement.editAmount': { roles: { hmsi: 'all' }, statuses: EDITABLE_AGREEMENT_STATES },
  'agreement.submit': { roles: { hmsi: 'all' }, statuses: ['entwurf'] },
  'agreement.returnToDraft': { roles: { hmsi: 'all', district: 'own' }, statuses: ['in_abstimmung'] },
  'agreement.releaseForSignature': { roles: { hmsi: 'all' }, statuses: ['in_abstimmung'] },
  'agreement.reopen': { roles: { hmsi: 'all' }, statuses: ['zur_unterschrift'] },
  'agreement.signLand': { roles: { hmsi: 'all' }, statuses: ['zur_unterschrift'] },
  'agreement.signDistrict': { roles: { district: 'own' }, statuses: ['zur_unterschrift'] },
  'agreement.publish': { roles: { hmsi: 'all' }, statuses: ['unterzeichnet'] },
  'agreement.withdrawPublication': { roles: { hmsi: 'all' }, statuses: ['veroeffentlicht'] },
  'agreement.amend': { roles: { hmsi: 'all' }, statuses: ['veroeffentlicht'] },
  'agreement.note': { roles: { hmsi: 'all', district: 'own' } },
  'agreement.markAgreed': { roles: { district: 'own' }, statuses: EDITABLE_AGREEMENT_STATES },
  'project.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'project.edit': { roles: { district: 'own' } },
  'antrag.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'antrag.submit': { roles: { district: 'own' }, statuses: ['entwurf'] },
  'antrag.receive': { roles: { rp: 'all' }, statuses: ['eingereicht'] },
  'antrag.requestDocuments': { roles: { rp: 'all' }, statuses: ['in_pruefung'] },
  'antrag.resume': { roles: { rp: 'all' }, statuses: ['nachforderung'] },
  'antrag.decide': { roles: { rp: 'all' }, statuses: ['in_pruefung'] },
  'antrag.withdraw': { roles: { district: 'own' }, statuses: ['eingereicht', 'in_pruefung', 'nachforderung'] },
  'antrag.examine': { roles: { rp: 'all' }, statuses: ['in_pruefung'] },
  'antrag.answer': { roles: { district: 'own' }, statuses: ['nachforderung'] },
  'bescheid.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'bescheid.edit': { roles: { rp: 'all' }, statuses: ['in_pruefung', 'beschieden'] },
  'bescheid.amend': { roles: { rp: 'all' }, statuses: ['beschieden'] },
  'strategy.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'strategy.edit': { roles: { district: 'own' } },
  'payment.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'payment.request': { roles: { district: 'own' } },
  'payment.payout': { roles: { rp: 'all' } },
  'payment.use': { roles: { district: 'own' } },
  'payment.decideInterest': { roles: { rp: 'all' } },
  'proof.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'proof.edit': { roles: { district: 'own' }, statuses: ['entwurf'] },
  'proof.submit': { roles: { district: 'own' }, statuses: ['entwurf'] },
  'proof.audit': { roles: { rp: 'all' }, statuses: ['eingereicht'] },
  'refund.issue': { roles: { rp: 'all' }, statuses: ['eingereicht'] },
  'funding.overview': { roles: { hmsi: 'all', rp: 'all' } },
  'participants.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'participants.readLand': { roles: { hmsi: 'all', rp: 'all' } },
  'participants.readRecords': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  // Only the district that collected the data (it answers for it towards the Träger) sees the special categories per row.
  'participants.readSpecialCategories': { roles: { district: 'own' } },
  'participants.upload': { roles: { district: 'own' } },
  'participants.subjectRequest': { roles: { district: 'own' } },
  'template.edit': { roles: { hmsi: 'all' } },
  'allocation.read': { roles: { hmsi: 'all', rp: 'all' } },
  'allocation.edit': { roles: { hmsi: 'all' } },
  'letter.read': { roles: { hmsi: 'all', rp: 'all', district: 'own' } },
  'import.run': { roles: { hmsi: 'all' } },
  'user.manage': { roles: { admin: 'all' } },
  'masterdata.edit': { roles: { admin: 'all' } },
  'audit.read': { roles: { hmsi: 'all', admin: 'all' } },
  'feedback.manage': { roles: { hmsi: 'all', admin: 'all' } },
  'apiToken.manage': { roles: { hmsi: 'self', district: 'self', rp: 'self', admin: 'all' } },
  'system.backup': { roles: { admin: 'all' } },
  'calendar.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'calendar.manageFeed': { roles: { hmsi: 'self', district: 'self', rp: 'self' } },
  'mail.manage': { roles: { admin: 'all' } },
  'reminder.manage': { roles: { hmsi: 'self', district: 'self', rp: 'self' } },
  'deviation.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'deviation.record': { roles: { hmsi: 'all', district: 'own' } },
  'deviation.justify': { roles: { district: 'own' }, statuses: ['offen', 'begruendet'] },
  'deviation.assess': { roles: { hmsi: 'all' }, statuses: ['begruendet'] },
  'achievement.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'achievement.rules': { roles: { hmsi: 'all' } },
  'achievement.judge': { roles: { hmsi: 'all' } },
  'monitoring.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'monitoring.thresholds': { roles: { hmsi: 'all' } },
  'monitoring.snapshot': { roles: { hmsi: 'all' } },
  'monitoring.detect': { roles: { hmsi: 'all' } },
  'stateReport.read': { roles: { hmsi: 'all', rp: 'all' } },
  'stateReport.readReleased': { roles: { hmsi: 'all', rp: 'all', district: 'all' } },
  'stateReport.edit': { roles: { hmsi: 'all' } },
  'stateReport.release': { roles: { hmsi: 'all' } },
  // RP Kassel takes no part in the § 7 surveys (ministry ↔ district exchange): no grant.
  'survey.read': { roles: { hmsi: 'all', district: 'own' } },
  'survey.manage': { roles: { hmsi: 'all' } },
  'survey.answer': { roles: { district: 'own' }, statuses: ['entwurf'] },
  'survey.reopen': { roles: { hmsi: 'all' }, statuses: ['eingereicht'] },
  'event.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'event.manage': { roles: { hmsi: 'all' } },
  'event.register': { roles: { district: 'own' } },
  'event.readPersonalData': { roles: { hmsi: 'all' } },
  'goodPractice.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'goodPractice.manage': { roles: { hmsi: 'all' } },
  'goodPractice.propose': { roles: { district: 'own' } },
  'meeting.read': { roles: { hmsi: 'all', district: 'own', rp: 'all' } },
  'meeting.schedule': { roles: { hmsi: 'all' }, statuses: ['vorgeschlagen', 'terminiert'] },
  'meeting.requestOtherDates': { roles: { district: 'own' }, statuses: ['vorgeschlagen'] },
  'meeting.confirmDate': { roles: { district: 'own' }, statuses: ['vorgeschlagen'] },
  'meeting.cancel': { roles: { hmsi: 'all' }, statuses: ['vorgeschlagen', 'terminiert'] },
  'meeting.editAgenda': { roles: { hmsi: 'all', district: 'own' }, statuses: ['vorgeschlagen', 'terminiert'] },
  'meeting.startMinutes': { roles: { hmsi: 'all' }, statuses: ['terminiert'] },
  'meeting.editMinutes': { roles: { hmsi: 'all', district: 'own' }, statuses: ['protokoll_entwurf'] },
  'meeting.confirmMinutes': { roles: { hmsi: 'all', district: 'own' }, statuses: ['protokoll_entwurf'] },
  'meeting.markFollowUp': { roles: { hmsi: 'all', district: 'own' }, statuses: ['protokoll_bestaetigt'] },
};

/** The roles that have an action at all (for messages such as "darf nur das HMSI"). */
export function rolesWith(action: Action): Role[] {
  return ROLES.filter((role) => POLICY[action].roles[role] !== undefined);
}

type Decision = { allowed: true } | { allowed: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND'; message?: string };

/** A district actor looking at another district's record (a record without `ags` is not district-bound). */
function isForeign(actor: Actor, resource: PolicyResource | undefined): boolean {
  if (!resource) return false;
  if (actor.role === 'district' && resource.ags !== undefined && resource.ags !== actor.ags) return true;
  return false;
}

function decide(actor: MaybeActor, action: Action, resource?: PolicyResource): Decision {
  const rule = POLICY[action];
  if (actor === null) {
    return rule.anonymous ? { allowed: true } : { allowed: false, code: 'UNAUTHENTICATED' };
  }
  // Tenancy first: a foreign record answers 404 whatever the action, so ids reveal nothing.
  if (isForeign(actor, resource)) return { allowed: false, code: 'NOT_FOUND' };

  const scope = rule.roles[actor.role];
  if (!scope) return { allowed: false, code: 'FORBIDDEN' };
  if (scope === 'self' && resource?.ownerUserId !== undefined && resource.ownerUserId !== actor.userId) {
    return { allowed: false, code: 'NOT_FOUND' };
  }
  if (scope === 'own' && actor.role === 'district' && resource?.ags === null) {
    // A Land-wide record (no AGS) is never "own" for a district user.
    return { allowed: false, code: 'NOT_FOUND' };
  }
  if (rule.statuses && resource?.status !== undefined && !rule.statuses.includes(resource.status)) {
    return { allowed: false, code: 'FORBIDDEN', message: 'In diesem Status ist das nicht möglich.' };
  }
  return { allowed: true };
}

/** True when the actor may perform the action (on the resource, when given). Never throws. */
export function can(actor: MaybeActor, action: Action, resource?: PolicyResource): boolean {
  return decide(actor, action, resource).allowed;
}

/**
 * Asserts that the actor may perform the action: throws NOT_FOUND for another district's (or
 * user's) record, UNAUTHENTICATED for the anonymous visitor, FORBIDDEN otherwise. After it, the
 * actor is known to be signed in (TypeScript narrows `actor` to `Actor`).
 */
export function authorize(actor: MaybeActor, action: Action, resource?: PolicyResource): asserts actor is Actor {
  const decision = decide(actor, action, resource);
  if (!decision.allowed) throw new AppError(decision.code, decision.message);
}

/** The AGS a query must be restricted to for list views: the district's own, or null for "all". */
export function tenantFilter(actor: Actor): string | null {
  return actor.role === 'district' ? actor.ags : null;
}
