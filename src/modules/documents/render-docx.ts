import { runInRenderPool, siblingModule } from '../../platform/documents/render-pool';
import type { AgreementDocument } from './model';

/* The writer (docx-writer.ts, with the `docx` library) is loaded only by the render workers. */
const WRITER = siblingModule(import.meta.url, './docx-writer');

/**
 * Word document with real heading styles (Heading 1–4), German as the language of the default
 * run style, "Seite x von y" in the footer and the title in the core properties. Built on a
 * render worker (off the event loop); throws AppError('RENDER_FAILED') when that fails.
 */
export async function renderDocx(doc: AgreementDocument): Promise<Uint8Array> {
  return runInRenderPool<Uint8Array>(WRITER, 'renderDocxInThread', doc);
}
