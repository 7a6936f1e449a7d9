import { runInRenderPool, siblingModule } from '../../../platform/documents/render-pool';
import type { FundingDocument } from './model';

/* The writers (files.ts, with Typst and `docx`) are loaded only by the render workers. */
const WRITER = siblingModule(import.meta.url, './files');

/** Tagged PDF/UA-1 via Typst on a render worker. Throws AppError('RENDER_FAILED'). */
export async function renderFundingPdf(doc: FundingDocument): Promise<Uint8Array> {
  return runInRenderPool<Uint8Array>(WRITER, 'renderFundingPdfInThread', doc);
}

/** Word document (de-DE) with the same text as the PDF, built on a render worker. */
export async function renderFundingDocx(doc: FundingDocument): Promise<Uint8Array> {
  return runInRenderPool<Uint8Array>(WRITER, 'renderFundingDocxInThread', doc);
}
