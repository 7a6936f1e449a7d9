/**
 * The Förderverfahren's documents as plain data (issue 13): the Antrag in form layout, the
 * Nachforderung letter and the Zuwendungs- / Änderungsbescheid of RP Kassel. Pure mappings; the
 * PDF (Typst) and DOCX renderers only lay the blocks out, so both carry the same text.
 */
import type { OfficialLetter } from '../../../platform/documents/official-letter';
import { formatDate, formatEuro } from '../../../platform/format';
import type { District } from '../../districts/schema';
import { EXPENSE_CATEGORY_LABELS, FUNDING_SOURCE_LABELS, planTotals } from '../../projects/schema';
import type { Antrag } from '../antrag';
import { type ApprovedPlan, FINANCING_TYPE_LABELS, type FinancingType } from '../schema';

export type DocumentBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; columns: string[]; rows: string[][]; /** Column indexes aligned right (amounts). */ numeric: number[] };

export interface FundingDocument {
  title: string;
  fileStem: string;
  /** "ENTWURF – …" on previews, null on what is sent. */
  draftMark: string | null;
  sender: string[];
  recipient: string[];
  references: Array<{ label: string; value: string }>;
  placeAndDate: string;
  subject: string;
  salutation: string | null;
  blocks: DocumentBlock[];
  closing: string | null;
  signature: string[];
  /** Rechtsbehelfsbelehrung (letters): after the signature. */
  legalNotice?: { heading: string; text: string };
}

export const RP_KASSEL = ['Regierungspräsidium Kassel', 'Dezernat 57 – Arbeitsmarktförderung', 'Am Alten Stadtschloss 1', '34117 Kassel'];

/** Kreisausschuss (Landkreis) or Magistrat (kreisfreie Stadt): the body a letter to the district goes to. */
export function districtAddressee(district: District): string[] {
  return [district.kind === 'KREISFREIE_STADT' ? `Magistrat ${district.forms.gen}` : `Kreisausschuss ${district.forms.gen}`, 'AQB-Koordination', district.seat];
}

/** Text with line breaks as paragraphs (empty lines dropped). */
const paragraphs = (text: string): DocumentBlock[] =>
  text
    .split(/\n+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ kind: 'paragraph' as const, text: t }));

function planTable(caption: string, plan: ApprovedPlan): DocumentBlock {
  const totals = planTotals(plan);
  return {
    kind: 'table',
    caption,
    columns: ['Art', 'Bezeichnung', 'Betrag'],
    numeric: [2],
    rows: [
      ...plan.expenses.map((e) => [`Ausgaben: ${EXPENSE_CATEGORY_LABELS[e.category]}`, e.label, formatEuro(e.amountCents)]),
      ['Summe der Ausgaben', '', formatEuro(totals.expensesCents)],
      ...plan.funding.map((f) => ['Finanzierung', FUNDING_SOURCE_LABELS[f.source], formatEuro(f.amountCents)]),
      ['Summe der Finanzierung', '', formatEuro(totals.fundingCents)],
    ],
  };
}

// ── Antrag ──────────────────────────────────────────────────────────────────────────────────
export function antragFileStem(year: number, ags: string) {
  return `antrag-${year}-${ags}`;
}

/** The Antrag in form layout: applicant, Aktenzeichen, project table, Finanzierungsplan per project, sums, signature block. */
export function buildAntragDocument(input: { district: District; antrag: Antrag; aktenzeichen: string | null; submittedOn: string | null; allocationCents: number | null }): FundingDocument {
  const { district, antrag } = input;
  const totals = antrag.projects.map((p) => planTotals(p));
  const aqb = totals.reduce((s, t) => s + t.aqbCents, 0);
  const expenses = totals.reduce((s, t) => s + t.expensesCents, 0);
  const blocks: DocumentBlock[] = [
    { kind: 'heading', text: '1. Antragsteller' },
    { kind: 'paragraph', text: `${district.officialName} (AGS ${district.ags}), vertreten durch den ${districtAddressee(district)[0]}, ${district.seat}.` },
    { kind: 'heading', text: '2. Projekte' },
    {
      kind: 'table',
      caption: `Projekte des Antrags ${antrag.year}`,
      columns: ['Kürzel', 'Projekt', 'Maßnahmenart', 'Träger', 'Laufzeit', 'Ausgaben', 'AQB-Zuwendung'],
      numeric: [5, 6],
      rows: antrag.projects.map((p, i) => [
        p.key,
        `${p.title}${p.earlyStart ? ' (vorzeitiger Maßnahmebeginn)' : ''}`,
        p.measureType === null ? '–' : String(p.measureType),
        p.provider?.name ?? '–',
        p.start && p.end ? `${formatDate(p.start)} – ${formatDate(p.end)}` : '–',
        formatEuro(totals[i]!.expensesCents),
        formatEuro(totals[i]!.aqbCents),
      ]),
    },
    { kind: 'heading', text: '3. Finanzierungspläne' },
    ...antrag.projects.map((p) => planTable(`Finanzierungsplan ${p.key} – ${p.title}`, { expenses: p.expenses, funding: p.funding })),
    { kind: 'heading', text: '4. Summen' },
    {
      kind: 'table',
      caption: 'Summen des Antrags',
      columns: ['Posten', 'Betrag'],
      numeric: [1],
      rows: [
        ['Gesamtausgaben', formatEuro(expenses)],
        ['Beantragte AQB-Zuwendung', formatEuro(aqb)],
        ['Zuweisung des Jahres', input.allocationCents === null ? 'noch keine' : formatEuro(input.allocationCents)],
      ],
    },
    { kind: 'heading', text: '5. Erklärung' },
    { kind: 'paragraph', text: 'Die Angaben in diesem Antrag und seinen Finanzierungsplänen sind vollständig und richtig. Mit den Maßnahmen wurde vor der Bewilligung nicht begonnen, soweit nicht ein vorzeitiger Maßnahmebeginn angegeben ist.' },
  ];
  return {
    title: `Antrag AQB ${antrag.year} – ${district.officialName}`,
    fileStem: antragFileStem(antrag.year, district.ags),
    draftMark: input.submittedOn ? null : 'ENTWURF – noch nicht eingereicht',
    sender: [district.officialName, districtAddressee(district)[0]!, district.seat],
    recipient: RP_KASSEL,
    references: [
      { label: 'Aktenzeichen', value: input.aktenzeichen ?? 'wird beim Eingang vergeben' },
      { label: 'AQB-Jahr', value: String(antrag.year) },
    ],
    placeAndDate: `${district.seat}, ${input.submittedOn ? formatDate(input.submittedOn) : '__________'}`,
    subject: `Antrag auf Gewährung einer Zuwendung aus dem Ausbildungs- und Qualifizierungsbudget (AQB) ${antrag.year}`,
    salutation: null,
    blocks,
    closing: null,
    signature: ['______________________________', 'Ort, Datum, Unterschrift', `für ${district.officialName}`],
  };
}

// ── Nachforderung ───────────────────────────────────────────────────────────────────────────
export interface NachforderungLetterInput {
  district: District;
  year: number;
  aktenzeichen: string;
  submittedOn: string;
  sequence: number;
  items: string;
  deadline: string;
  sentOn: string;
}

export function buildNachforderungDocument(input: NachforderungLetterInput): FundingDocument {
  const { district } = input;
  return {
    title: `Nachforderung ${input.sequence} zum Antrag AQB ${input.year} – ${district.officialName}`,
    fileStem: `nachforderung-${input.year}-${district.ags}-${input.sequence}`,
    draftMark: null,
    sender: RP_KASSEL,
    recipient: districtAddressee(district),
    references: [
      { label: 'Aktenzeichen', value: input.aktenzeichen },
      { label: 'Ihr Antrag vom', value: formatDate(input.submittedOn) },
    ],
    placeAndDate: `Kassel, ${formatDate(input.sentOn)}`,
    subject: `Ausbildungs- und Qualifizierungsbudget (AQB) ${input.year} – Nachforderung von Unterlagen`,
    salutation: 'Sehr geehrte Damen und Herren,',
    blocks: [
      { kind: 'paragraph', text: `bei der Prüfung Ihres Antrags vom ${formatDate(input.submittedOn)} habe ich festgestellt, dass noch folgende Unterlagen oder Angaben fehlen:` },
      ...paragraphs(input.items),
      { kind: 'paragraph', text: `Bitte reichen Sie die fehlenden Unterlagen bis zum ${formatDate(input.deadline)} nach. Sie können Ihre Projekte bis dahin im AQB-Portal ergänzen und auf der Seite Ihres Antrags antworten.` },
      { kind: 'paragraph', text: 'Bis zum Eingang der Unterlagen ruht die Bearbeitung Ihres Antrags. Gehen die Unterlagen nicht fristgerecht ein, kann über den Antrag nach Aktenlage entschieden werden.' },
    ],
    closing: 'Mit freundlichen Grüßen',
    signature: ['Im Auftrag', 'Regierungspräsidium Kassel'],
  };
}

// ── Bescheid ────────────────────────────────────────────────────────────────────────────────
export interface BescheidDocumentLine {
  key: string;
  title: string;
  providerName: string | null;
  requestedCents: number;
  approvedCents: number;
  financingType: FinancingType;
  rejectionReason: string;
  plan: ApprovedPlan;
}

export interface BescheidDocumentInput {
  district: District;
  year: number;
  aktenzeichen: string;
  submittedOn: string | null;
  sequence: number;
  /** The date of this Bescheid (issue day; for a preview, today). */
  decidedOn: string;
  isDraft: boolean;
  periodFrom: string;
  periodTo: string;
  proofDueOn: string;
  purpose: string;
  conditions: string;
  legalRemedy: string;
  reason: string;
  /** The Zuwendungsbescheid an Änderungsbescheid changes. */
  original: { decidedOn: string } | null;
  lines: BescheidDocumentLine[];
}

export function bescheidFileStem(year: number, ags: string, sequence: number) {
  return sequence === 1 ? `zuwendungsbescheid-${year}-${ags}` : `aenderungsbescheid-${year}-${ags}-${sequence - 1}`;
}

export function bescheidTitle(sequence: number): string {
  return sequence === 1 ? 'Zuwendungsbescheid' : `${sequence - 1}. Änderungsbescheid`;
}

/** The Zuwendungsbescheid (sequence 1) or an Änderungsbescheid (2, 3 …): each a complete statement of what is approved from its date. */
export function buildBescheidDocument(input: BescheidDocumentInput): FundingDocument {
  const { district } = input;
  const approved = input.lines.reduce((s, l) => s + l.approvedCents, 0);
  const requested = input.lines.reduce((s, l) => s + l.requestedCents, 0);
  const partial = input.lines.filter((l) => l.approvedCents < l.requestedCents);
  const name = bescheidTitle(input.sequence);
  const blocks: DocumentBlock[] = [];
  if (input.sequence === 1) {
    blocks.push({
      kind: 'paragraph',
      text: `auf Ihren Antrag${input.submittedOn ? ` vom ${formatDate(input.submittedOn)}` : ''} bewillige ich Ihnen aus Mitteln des Landes Hessen (Ausbildungs- und Qualifizierungsbudget ${input.year}) nach § 44 LHO und den Verwaltungsvorschriften dazu eine Zuwendung in Höhe von ${formatEuro(approved)}.`,
    });
  } else {
    blocks.push({
      kind: 'paragraph',
      text: `mein Zuwendungsbescheid vom ${formatDate(input.original!.decidedOn)} wird wie folgt geändert und gilt ab dem Datum dieses Bescheides in der folgenden Fassung; die bewilligte Zuwendung beträgt nunmehr ${formatEuro(approved)}.`,
    });
    if (input.reason.trim()) blocks.push({ kind: 'heading', text: 'Anlass der Änderung' }, ...paragraphs(input.reason));
  }
  blocks.push(
    { kind: 'heading', text: '1. Zuwendungsempfänger' },
    { kind: 'paragraph', text: `${district.officialName} (AGS ${district.ags}), ${district.seat}` },
    { kind: 'heading', text: '2. Zweck der Zuwendung' },
    ...paragraphs(input.purpose),
    { kind: 'heading', text: '3. Bewilligungszeitraum' },
    { kind: 'paragraph', text: `${formatDate(input.periodFrom)} bis ${formatDate(input.periodTo)}` },
    { kind: 'heading', text: '4. Höhe der Zuwendung und Finanzierungsart' },
    {
      kind: 'table',
      caption: 'Bewilligte Zuwendung je Projekt',
      columns: ['Kürzel', 'Projekt', 'Finanzierungsart', 'Beantragt', 'Bewilligt'],
      numeric: [3, 4],
      rows: [
        ...input.lines.map((l) => [l.key, l.title, FINANCING_TYPE_LABELS[l.financingType], formatEuro(l.requestedCents), formatEuro(l.approvedCents)]),
        ['', 'Summe', '', formatEuro(requested), formatEuro(approved)],
      ],
    },
    { kind: 'paragraph', text: 'Träger, an die die Zuwendung weitergeleitet werden darf (Nr. 6):' },
    { kind: 'list', items: input.lines.filter((l) => l.approvedCents > 0).map((l) => `${l.key}: ${l.providerName ?? 'noch kein Träger benannt'}`) },
    { kind: 'paragraph', text: 'Die Zuwendung wird als nicht rückzahlbarer Zuschuss gewährt; die Finanzierungsart gilt je Projekt wie angegeben, bezogen auf den als verbindlich anerkannten Finanzierungsplan (Nr. 5).' },
  );
  if (partial.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Teilablehnung' },
      { kind: 'paragraph', text: 'Im Übrigen lehne ich den Antrag ab:' },
      { kind: 'list', items: partial.map((l) => `${l.key} – ${l.title}: ${formatEuro(l.requestedCents - l.approvedCents)} nicht bewilligt. ${l.rejectionReason.trim()}`) },
    );
  }
  blocks.push({ kind: 'heading', text: '5. Finanzierungspläne' });
  for (const l of input.lines) if (l.approvedCents > 0) blocks.push(planTable(`Finanzierungsplan ${l.key} – ${l.title}`, l.plan));
  blocks.push(
    { kind: 'heading', text: '6. Nebenbestimmungen' },
    ...paragraphs(input.conditions),
    { kind: 'heading', text: '7. Verwendungsnachweis' },
    { kind: 'paragraph', text: `Die Verwendung der Zuwendung ist bis zum ${formatDate(input.proofDueOn)} nachzuweisen (Sachbericht und zahlenmäßiger Nachweis je Projekt).` },
  );
  return {
    title: `${name} AQB ${input.year} – ${district.officialName}`,
    fileStem: bescheidFileStem(input.year, district.ags, input.sequence),
    draftMark: input.isDraft ? 'ENTWURF – Vorschau, nicht erlassen' : null,
    sender: RP_KASSEL,
    recipient: districtAddressee(district),
    references: [
      { label: 'Aktenzeichen', value: input.aktenzeichen },
      ...(input.submittedOn ? [{ label: 'Ihr Antrag vom', value: formatDate(input.submittedOn) }] : []),
    ],
    placeAndDate: `Kassel, ${formatDate(input.decidedOn)}`,
    subject: `${name} – Ausbildungs- und Qualifizierungsbudget (AQB) ${input.year}`,
    salutation: 'Sehr geehrte Damen und Herren,',
    blocks,
    closing: 'Mit freundlichen Grüßen',
    signature: ['Im Auftrag', 'Regierungspräsidium Kassel'],
    legalNotice: { heading: 'Rechtsbehelfsbelehrung', text: input.legalRemedy.split(/\n+/).map((t) => t.trim()).filter(Boolean).join('\n\n') },
  };
}

/** Letterhead of RP Kassel for the official letter (DIN 5008). */
export const RP_KASSEL_LETTERHEAD = { authority: 'Regierungspräsidium Kassel', unit: 'Dezernat 57 – Arbeitsmarktförderung', addressLines: ['Am Alten Stadtschloss 1', '34117 Kassel'] };

/** The sender when the letterhead master data has none (letterheads module, /admin/briefkoepfe). */
export const RP_KASSEL_SENDER = { letterhead: RP_KASSEL_LETTERHEAD, returnAddress: 'Regierungspräsidium Kassel · Am Alten Stadtschloss 1 · 34117 Kassel' };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A letter of RP Kassel (Nachforderung, Bescheid) as the platform's official letter (DIN 5008,
 * letterhead RP Kassel): the same blocks, the references and the date in the information block,
 * the Rechtsbehelfsbelehrung as its legal notice. What is frozen and sent.
 */
export function toOfficialLetter(doc: FundingDocument, sender: Pick<OfficialLetter, 'letterhead' | 'returnAddress'> = RP_KASSEL_SENDER): OfficialLetter {
  return {
    title: clip(doc.title, 200),
    letterhead: sender.letterhead,
    returnAddress: sender.returnAddress ?? RP_KASSEL_SENDER.returnAddress,
    recipient: doc.recipient.map((l) => clip(l, 200)),
    infoBlock: [...doc.references.map((r) => ({ label: r.label, value: clip(r.value, 200) })), { label: 'Datum', value: doc.placeAndDate.replace(/^Kassel, /, '') }],
    subject: clip(doc.subject, 500),
    salutation: doc.salutation ?? 'Sehr geehrte Damen und Herren,',
    blocks: doc.blocks.map((b) =>
      b.kind === 'table'
        ? { kind: 'table' as const, caption: clip(b.caption, 200), columns: b.columns.map((label, i) => ({ label, align: b.numeric.includes(i) ? ('right' as const) : undefined })), rows: b.rows.map((r) => r.map((c) => clip(c, 1000))) }
        : b.kind === 'heading'
          ? { kind: 'heading' as const, text: clip(b.text, 200) }
          : b,
    ),
    closing: doc.closing ?? 'Mit freundlichen Grüßen',
    signature: { prefix: 'Im Auftrag', name: 'Dezernat 57 – Arbeitsmarktförderung', role: 'Regierungspräsidium Kassel' },
    ...(doc.legalNotice ? { legalNotice: doc.legalNotice } : {}),
    ...(doc.draftMark ? { draftMark: 'Entwurf – Vorschau' } : {}),
  };
}

/** Default Nebenbestimmungen of a new Bescheid draft (RP may edit them). */
export const DEFAULT_CONDITIONS = [
  'Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung an Gebietskörperschaften und Zusammenschlüsse von Gebietskörperschaften (ANBest-GK) sind Bestandteil dieses Bescheides.',
  'Die Zuwendung darf nach Nr. 12 der Verwaltungsvorschriften zu § 44 LHO an die genannten Träger weitergeleitet werden. Die Weiterleitung ist schriftlich zu regeln; den Trägern sind dabei die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P) aufzuerlegen.',
  'Mittel dürfen nur insoweit abgerufen werden, als sie innerhalb von zwei Monaten nach der Auszahlung für fällige Zahlungen benötigt werden.',
].join('\n');

export const DEFAULT_LEGAL_REMEDY =
  'Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim Verwaltungsgericht Kassel, Goethestraße 41 + 43, 34119 Kassel, erhoben werden.';

export function defaultPurpose(year: number, district: District): string {
  return `Förderung der Maßnahmen des Ausbildungs- und Qualifizierungsbudgets ${year} nach § 5 der Zielvereinbarung ${year} zwischen dem Land Hessen und ${district.forms.dat}.`;
}
