import type { Executor } from '../../platform/db/client';
import { renderOfficialLetterDocx, renderOfficialLetterPdf, type LetterBlock, type OfficialLetter } from '../../platform/documents/official-letter';
import { formatDateTime } from '../../platform/format';
import { getDistrict } from '../districts/service';
import { letterSender } from '../letterheads/service';
import { meetingTitle } from './invitation';
import type { Meeting } from './schema';

/*
 * Agenda and minutes as documents: both are official letters of the ministry to the district
 * (platform/documents/official-letter.ts), so they come as tagged PDF/UA-1 (title, lang de,
 * pdfuaid) from Typst on the render pool, and as DOCX from the same data.
 */

const HMSI_FALLBACK: Pick<OfficialLetter, 'letterhead' | 'returnAddress'> = {
  letterhead: { authority: 'Hessisches Ministerium für Soziales und Integration', addressLines: ['Sonnenberger Straße 2/2a', '65193 Wiesbaden'] },
  returnAddress: 'HMSI · Sonnenberger Straße 2/2a · 65193 Wiesbaden',
};

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
const de = (iso: string) => iso.split('-').reverse().map((p, i) => (i < 2 ? String(Number(p)) : p)).join('.');

function when(meeting: Meeting): string {
  return meeting.confirmed ? formatDateTime(new Date(meeting.confirmed.start)) : 'Termin noch nicht bestätigt';
}

async function frame(db: Executor, meeting: Meeting, title: string, blocks: LetterBlock[], draft?: string): Promise<OfficialLetter> {
  const district = await getDistrict(db, meeting.ags);
  const sender = await letterSender(db, 'hmsi', HMSI_FALLBACK);
  return {
    title: `${title} – ${meetingTitle(meeting, district.officialName)}`.slice(0, 200),
    ...sender,
    recipient: [district.officialName, 'AQB-Koordination'],
    infoBlock: [
      { label: 'Termin', value: when(meeting) },
      ...(meeting.place ? [{ label: 'Ort', value: meeting.place.slice(0, 200) }] : []),
      ...(meeting.videoUrl ? [{ label: 'Video', value: meeting.videoUrl.slice(0, 200) }] : []),
    ],
    subject: `${title}: ${meetingTitle(meeting, district.officialName)}`,
    salutation: 'Sehr geehrte Damen und Herren,',
    blocks,
    closing: 'Mit freundlichen Grüßen',
    signature: null,
    ...(draft ? { draftMark: draft } : {}),
  };
}

const textBlocks = (text: string): LetterBlock[] => lines(text).map((l) => ({ kind: 'paragraph', text: l }) as LetterBlock);

export async function agendaLetter(db: Executor, meeting: Meeting): Promise<OfficialLetter> {
  const blocks: LetterBlock[] = [{ kind: 'paragraph', text: 'für die Umsetzungsbesprechung schlagen wir die folgende Tagesordnung vor.' }];
  meeting.agenda.forEach((item, i) => {
    blocks.push({ kind: 'heading', text: `TOP ${i + 1}: ${item.title}`.slice(0, 200) });
    blocks.push(...textBlocks(item.text));
  });
  return frame(db, meeting, 'Tagesordnung', blocks);
}

export async function minutesLetter(db: Executor, meeting: Meeting): Promise<OfficialLetter> {
  const blocks: LetterBlock[] = [{ kind: 'heading', text: 'Anwesend' }, { kind: 'list', items: lines(meeting.minutes.attendees).length ? lines(meeting.minutes.attendees) : ['–'] }];
  meeting.agenda.forEach((item, i) => {
    const entry = meeting.minutes.items[i] ?? { discussion: '', decisions: '' };
    blocks.push({ kind: 'heading', text: `TOP ${i + 1}: ${item.title}`.slice(0, 200) });
    if (entry.discussion) blocks.push({ kind: 'paragraph', text: 'Besprechung:' }, ...textBlocks(entry.discussion));
    if (entry.decisions) blocks.push({ kind: 'paragraph', text: 'Beschlüsse:' }, ...textBlocks(entry.decisions));
  });
  blocks.push({ kind: 'heading', text: 'Folgeaufgaben' });
  blocks.push(
    meeting.followUps.length
      ? { kind: 'table', caption: 'Folgeaufgaben', columns: [{ label: 'Was' }, { label: 'Wer' }, { label: 'Bis' }], rows: meeting.followUps.map((f) => [f.what, f.who, de(f.due)]) }
      : { kind: 'paragraph', text: 'Keine Folgeaufgaben.' },
  );
  const confirmations = [
    meeting.hmsiConfirmedAt ? `HMSI: ${meeting.hmsiConfirmedByName ?? 'bestätigt'}, ${formatDateTime(meeting.hmsiConfirmedAt)}` : 'HMSI: noch nicht bestätigt',
    meeting.districtConfirmedAt ? `Gebietskörperschaft: ${meeting.districtConfirmedByName ?? 'bestätigt'}, ${formatDateTime(meeting.districtConfirmedAt)}` : 'Gebietskörperschaft: noch nicht bestätigt',
  ];
  blocks.push({ kind: 'heading', text: 'Bestätigung' }, { kind: 'list', items: confirmations });
  const frozen = meeting.hmsiConfirmedAt !== null && meeting.districtConfirmedAt !== null;
  return frame(db, meeting, 'Protokoll', blocks, frozen ? undefined : 'Entwurf – nicht bestätigt');
}

export async function renderAgendaPdf(db: Executor, meeting: Meeting): Promise<Uint8Array> {
  return renderOfficialLetterPdf(await agendaLetter(db, meeting));
}
export async function renderAgendaDocx(db: Executor, meeting: Meeting): Promise<Uint8Array> {
  return renderOfficialLetterDocx(await agendaLetter(db, meeting));
}
export async function renderMinutesPdf(db: Executor, meeting: Meeting): Promise<Uint8Array> {
  return renderOfficialLetterPdf(await minutesLetter(db, meeting));
}
