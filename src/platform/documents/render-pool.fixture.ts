import { threadId } from 'node:worker_threads';
import { AppError } from '../errors';

/* Tasks for render-pool.test.ts: run on the pool's workers by URL, like the real renderers. */

export async function describeThread(input: { text: string }): Promise<{ threadId: number; text: string }> {
  return { threadId, text: input.text.toUpperCase() };
}

export async function bytesOf(text: string): Promise<Uint8Array> {
  return new TextEncoder().encode(text);
}

export async function failWithAppError(): Promise<never> {
  throw new AppError('TEMPLATE_MISSING', 'Für das AQB-Jahr 2016 ist keine Vorlage hinterlegt.');
}

export async function failPlainly(): Promise<never> {
  throw new Error('Typst ist umgefallen');
}

/** Busy forever: only ending the thread stops it. */
export async function hang(): Promise<never> {
  for (;;) {
    // spin
  }
}
