import { renderOfficialLetterDocx, renderOfficialLetterPdf } from '../../../platform/documents/official-letter';
import type { LetterData } from './letter-model';

/** Only the letter itself goes to the renderer (the file stem is ours). */
function officialLetter({ fileStem: _stem, ...letter }: LetterData) {
  return letter;
}

/** Tagged PDF/UA-1 via Typst on a render worker (the official letter, DIN 5008). Throws AppError('RENDER_FAILED'). */
export async function renderLetterPdf(letter: LetterData): Promise<Uint8Array> {
  return renderOfficialLetterPdf(officialLetter(letter));
}

/** Word document (de-DE, subject as heading) with the same text as the PDF, built on a render worker. */
export async function renderLetterDocx(letter: LetterData): Promise<Uint8Array> {
  return renderOfficialLetterDocx(officialLetter(letter));
}
