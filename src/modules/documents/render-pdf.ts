import { readFileSync } from 'node:fs';
import { runInRenderPool } from '../../platform/documents/render-pool';
import { compileTypstPdf } from '../../platform/documents/typst';
import type { AgreementDocument } from './model';

let layout: string | undefined;

function agreementLayout(): string {
  layout ??= readFileSync(new URL('./agreement.typ', import.meta.url), 'utf8');
  return layout;
}

/**
 * Tagged PDF/UA-1 (A4, German, Fira Sans, "Seite x von y") via Typst on a render worker (off the
 * event loop); the document travels as JSON data, never as markup. Throws
 * AppError('RENDER_FAILED') on Typst diagnostics, a crashed worker or the time limit.
 */
export async function renderPdf(doc: AgreementDocument): Promise<Uint8Array> {
  return runInRenderPool<Uint8Array>(import.meta.url, 'renderPdfInThread', doc);
}

/** renderPdf in the calling thread (what the render worker runs). */
export async function renderPdfInThread(doc: AgreementDocument): Promise<Uint8Array> {
  return compileTypstPdf(agreementLayout(), doc, { title: doc.title });
}
