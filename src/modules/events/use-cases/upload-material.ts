import { createHash } from 'node:crypto';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError, type FieldIssue } from '../../../platform/errors';
import { checkText } from '../../../platform/input';
import { authorize, type MaybeActor } from '../../access/policy';
import { getEvent } from '../read';
import { MATERIAL_KINDS, type Material, type MaterialKind } from '../schema';
import { eventMaterials } from '../tables';

/** At most 20 MB per file. */
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;

/** The document types a material may be, recognised by their first bytes (not by the name the browser sends). */
const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
} as const;
type FileType = keyof typeof TYPES;
export const MATERIAL_TYPES_TEXT = 'PDF, Word, Excel, PowerPoint oder OpenDocument';

/**
 * The file's type by its content: `%PDF-` for PDF; a ZIP (`PK\x03\x04`) for the Office and
 * OpenDocument formats, whose kind is then taken from the name's extension and, for OpenDocument,
 * checked against the `mimetype` entry the format puts first. Anything else (an executable, a
 * script, an image renamed to .pdf) is null.
 */
export function detectMaterialType(name: string, bytes: Uint8Array): FileType | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 100));
  if (head.startsWith('%PDF-')) return 'pdf';
  if (!head.startsWith('PK\u0003\u0004')) return null;
  const extension = /\.([a-z]{3,4})$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === 'docx' || extension === 'xlsx' || extension === 'pptx') return extension;
  if (extension === 'odt' || extension === 'ods' || extension === 'odp') return head.includes(`mimetype${TYPES[extension]}`) ? extension : null;
  return null;
}

/**
 * Stores a material or the minutes of a conference (type checked by content, at most 20 MB),
 * audited in the caller's transaction with its SHA-256. Policy `event.manage`. VALIDATION_FAILED
 * with German field messages (title, kind, file), nothing stored.
 */
export async function uploadMaterial(
  tx: Executor,
  actor: MaybeActor,
  eventId: number,
  input: { title: string; kind: string; file: { name: string; bytes: Uint8Array } | null },
): Promise<Material> {
  authorize(actor, 'event.manage');
  const event = await getEvent(tx, actor, eventId);
  const issues: FieldIssue[] = [];
  const titleProblem = checkText(input.title, 300, { required: 'Bitte geben Sie einen Titel an.' });
  if (titleProblem) issues.push({ path: 'title', message: titleProblem });
  if (!(MATERIAL_KINDS as readonly string[]).includes(input.kind)) issues.push({ path: 'kind', message: 'Bitte wählen Sie Material oder Protokoll.' });
  let type: FileType | null = null;
  if (!input.file || input.file.bytes.byteLength === 0) issues.push({ path: 'file', message: `Bitte wählen Sie eine Datei (${MATERIAL_TYPES_TEXT}).` });
  else if (input.file.bytes.byteLength > MAX_MATERIAL_BYTES) issues.push({ path: 'file', message: 'Die Datei ist größer als 20 MB.' });
  else {
    type = detectMaterialType(input.file.name, input.file.bytes);
    if (!type) issues.push({ path: 'file', message: `Diese Datei ist kein zugelassenes Dokument (${MATERIAL_TYPES_TEXT}). Erkannt wird der Inhalt, nicht der Name.` });
  }
  const fileName = input.file ? input.file.name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(-200) || 'dokument' : '';
  if (type && fileName) {
    const nameProblem = checkText(fileName, 200);
    if (nameProblem) issues.push({ path: 'file', message: `Dateiname: ${nameProblem}` });
  }
  if (issues.length || !type || !input.file) throw new AppError('VALIDATION_FAILED', undefined, { issues });
  const sha256 = createHash('sha256').update(input.file.bytes).digest('hex');
  const [created] = await tx
    .insert(eventMaterials)
    .values({ eventId: event.id, kind: input.kind as MaterialKind, title: input.title.trim(), fileName, mediaType: TYPES[type], sizeBytes: input.file.bytes.byteLength, sha256, bytes: input.file.bytes, uploadedBy: actor.userId })
    .returning();
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'event.material.upload', recordType: 'event_material', recordId: created!.id, before: null, after: { eventId: event.id, kind: input.kind, title: created!.title, fileName, sha256, sizeBytes: created!.sizeBytes } });
  const { bytes: _bytes, uploadedBy: _by, ...material } = created!;
  return material;
}
