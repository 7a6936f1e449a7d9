/**
 * The Prüfvermerk/Rückforderungsbescheid as an OfficialLetter (pure data mapping; DIN 5008 layout
 * and the PDF/UA-1 and DOCX renderers are platform/documents/official-letter.ts), built from the
 * frozen Rückforderung. Letterhead RP Kassel, Dezernat 57 (DOMAIN 1.6; until the letterhead master
 * data lands, the address is written here).
 */
import { formatDate, formatEuro } from '../../../platform/format';
import type { OfficialLetter } from '../../../platform/documents/official-letter';
import { FINANCING_TYPE_LABELS } from '../../funding/schema';
import type { RefundContent } from '../schema';

export const RP_KASSEL_LETTERHEAD: OfficialLetter['letterhead'] = {
  authority: 'Regierungspräsidium Kassel',
  unit: 'Dezernat 57 – Förderungen',
  addressLines: ['Am Alten Stadtschloss 1', '34117 Kassel'],
};

/** The letter of an issued (or previewed) Prüfvermerk with Rückforderung. */
export function refundLetter(content: RefundContent): OfficialLetter {
  const issued = content.issuedOn ?? content.interestTo;
  const t = content.totals;
  const blocks: OfficialLetter['blocks'] = [
    { kind: 'paragraph', text: `nach Prüfung Ihres Verwendungsnachweises für das Ausbildungs- und Qualifizierungsbudget ${content.year} ergeht folgender Prüfvermerk:` },
    { kind: 'paragraph', text: content.note.trim() || 'Der Verwendungsnachweis wurde geprüft.' },
    {
      kind: 'table',
      caption: 'Förderfähige Zuwendung und Rückforderung je Projekt',
      columns: [{ label: 'Projekt' }, { label: 'Finanzierungsart' }, { label: 'Bewilligt', align: 'right' }, { label: 'Förderfähig', align: 'right' }, { label: 'Ausgezahlt', align: 'right' }, { label: 'Rückforderung', align: 'right' }, { label: 'Zinsen', align: 'right' }],
      rows: content.projects.map((p) => [`${p.projectKey} – ${p.projectTitle}`, FINANCING_TYPE_LABELS[p.financingType], formatEuro(p.approvedCents), formatEuro(p.eligibleCents), formatEuro(p.paidCents), formatEuro(p.refundCents), formatEuro(p.interestCents)]),
      footer: ['Summe', '', formatEuro(t.approvedCents), formatEuro(t.eligibleCents), formatEuro(t.paidCents), formatEuro(t.refundCents), formatEuro(t.interestCents)],
    },
    {
      kind: 'paragraph',
      text:
        t.refundCents > 0
          ? `Die förderfähige Zuwendung beträgt ${formatEuro(t.eligibleCents)}; ausgezahlt wurden ${formatEuro(t.paidCents)}. Der Zuwendungsbescheid wird insoweit nach §§ 48, 49 HVwVfG aufgehoben. Der überzahlte Betrag von ${formatEuro(t.refundCents)} ist zu erstatten.`
          : `Die förderfähige Zuwendung beträgt ${formatEuro(t.eligibleCents)}; ausgezahlt wurden ${formatEuro(t.paidCents)}. Eine Rückforderung ergibt sich nicht.`,
    },
  ];
  const interestRows = content.projects.flatMap((p) =>
    p.portions.flatMap((portion) => portion.periods.map((period) => [p.projectKey, formatDate(portion.paidOn), formatEuro(portion.amountCents), `${formatDate(period.from)} – ${formatDate(period.to)}`, String(period.days), `${period.ratePercent.replace('.', ',')} %`, formatEuro(period.interestCents)])),
  );
  if (t.refundCents > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `Der Erstattungsbetrag ist nach § 49a Abs. 3 HVwVfG mit 5 Prozentpunkten über dem Basiszinssatz jährlich zu verzinsen, taggenau vom Tag der jeweiligen Auszahlung bis zum ${formatDate(content.interestTo)}. Die Zinsen betragen ${formatEuro(t.interestCents)}. Zu zahlen sind insgesamt ${formatEuro(t.totalCents)}.`,
    });
    if (interestRows.length) {
      blocks.push({
        kind: 'table',
        caption: 'Zinsberechnung (§ 49a Abs. 3 HVwVfG)',
        columns: [{ label: 'Projekt' }, { label: 'Auszahlung' }, { label: 'Betrag', align: 'right' }, { label: 'Zeitraum' }, { label: 'Tage', align: 'right' }, { label: 'Zinssatz', align: 'right' }, { label: 'Zinsen', align: 'right' }],
        rows: interestRows,
        footer: ['Summe', '', '', '', '', '', formatEuro(t.interestCents)],
      });
    }
  }
  return {
    title: `Prüfvermerk und Rückforderung AQB ${content.year} – ${content.districtName}`,
    letterhead: RP_KASSEL_LETTERHEAD,
    returnAddress: 'Regierungspräsidium Kassel · Am Alten Stadtschloss 1 · 34117 Kassel',
    recipient: [content.districtName, 'AQB-Koordination'],
    infoBlock: [
      { label: 'Aktenzeichen', value: content.aktenzeichen ?? '–' },
      { label: 'Datum', value: formatDate(issued) },
    ],
    subject: `Ausbildungs- und Qualifizierungsbudget ${content.year}: Prüfvermerk zum Verwendungsnachweis${t.refundCents > 0 ? ' und Rückforderung' : ''}`,
    salutation: 'Sehr geehrte Damen und Herren,',
    blocks,
    closing: 'Mit freundlichen Grüßen',
    signature: { prefix: 'Im Auftrag', name: 'Regierungspräsidium Kassel', role: 'Dezernat 57 – Förderungen' },
    legalNotice: {
      heading: 'Rechtsbehelfsbelehrung',
      text: 'Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim Verwaltungsgericht Kassel erhoben werden.',
    },
    ...(content.issuedOn ? {} : { draftMark: 'Entwurf – Vorschau' }),
  };
}
