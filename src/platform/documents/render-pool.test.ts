import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRenderPool, configureRenderPool, renderPoolStats, runInRenderPool } from './render-pool';

const fixture = new URL('./render-pool.fixture.ts', import.meta.url).href;

beforeAll(async () => {
  await closeRenderPool();
  configureRenderPool({ size: 2, timeoutMs: 3000 });
});
afterAll(async () => {
  await closeRenderPool();
  configureRenderPool({ size: undefined, timeoutMs: undefined });
});

describe('render pool', () => {
  it('runs a TypeScript task on worker threads, two at once on two workers', async () => {
    const [a, b] = await Promise.all([
      runInRenderPool<{ threadId: number; text: string }>(fixture, 'describeThread', { text: 'eins' }),
      runInRenderPool<{ threadId: number; text: string }>(fixture, 'describeThread', { text: 'zwei' }),
    ]);
    expect([a.text, b.text]).toEqual(['EINS', 'ZWEI']);
    expect(a.threadId).not.toBe(threadId);
    expect(b.threadId).not.toBe(threadId);
    expect(a.threadId).not.toBe(b.threadId);
    expect(renderPoolStats()).toMatchObject({ size: 2, workers: 2, busy: 0, queued: 0 });
  });

  it('hands bytes back', async () => {
    const bytes = await runInRenderPool<Uint8Array>(fixture, 'bytesOf', 'Zielvereinbarung');
    expect(new TextDecoder().decode(bytes)).toBe('Zielvereinbarung');
  });

  it('reports a failing render as RENDER_FAILED and keeps an AppError its code', async () => {
    await expect(runInRenderPool(fixture, 'failPlainly')).rejects.toMatchObject({ code: 'RENDER_FAILED', details: { diagnostics: 'Typst ist umgefallen' } });
    await expect(runInRenderPool(fixture, 'failWithAppError')).rejects.toMatchObject({ code: 'TEMPLATE_MISSING', message: 'Für das AQB-Jahr 2016 ist keine Vorlage hinterlegt.' });
  });

  it('ends a hanging render after its time limit while other renders go on', async () => {
    const before = renderPoolStats().timedOut;
    const hanging = runInRenderPool(fixture, 'hang');
    // The other worker keeps answering while one spins.
    const meanwhile = await runInRenderPool<{ text: string }>(fixture, 'describeThread', { text: 'weiter' });
    expect(meanwhile.text).toBe('WEITER');
    await expect(hanging).rejects.toMatchObject({ code: 'RENDER_FAILED', message: expect.stringContaining('abgebrochen') });
    expect(renderPoolStats().timedOut).toBe(before + 1);
    // The ended worker is replaced on demand.
    const after = await Promise.all([1, 2, 3].map((n) => runInRenderPool<{ text: string }>(fixture, 'describeThread', { text: `n${n}` })));
    expect(after.map((r) => r.text)).toEqual(['N1', 'N2', 'N3']);
  });
});
