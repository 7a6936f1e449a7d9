import { runInRenderPool, siblingModule } from '../../../platform/documents/render-pool';
import type { LetterData } from './letter-model';

/* The writers (letter-files.ts, with Typst and `docx`) are loaded only by the render workers. */
const WRITER = siblingModule(import.meta.url, './letter-files');

/** Tagged PDF/UA-1 via Typst on a render worker; the letter travels as JSON data. Throws AppError('RENDER_FAILED'). */
export async function renderLetterPdf(letter: LetterData): Promise<Uint8Array> {
  return runInRenderPool<Uint8Array>(WRITER, 'renderLetterPdfInThread', letter);
}

/** Word document (de-DE, subject as heading) with the same text as the PDF, built on a render worker. */
export async function renderLetterDocx(letter: LetterData): Promise<Uint8Array> {
  return runInRenderPool<Uint8Array>(WRITER, 'renderLetterDocxInThread', letter);
}
