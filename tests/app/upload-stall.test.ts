import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocxBomb } from '../../src/modules/imports/testing/zip-files';

/**
 * Issue 11: no upload may stall the server. The real app runs in its own process on a loopback
 * port; while a zip bomb (400 MB unpacked) and a 200 MB body are uploaded in parallel, /healthz
 * is asked every 100 ms and each answer must come within a second (a request that takes longer
 * is aborted and fails the test).
 */

let child: ChildProcess;
let base = '';
let token = '';

beforeAll(async () => {
  child = spawn(resolve('node_modules/.bin/tsx'), ['tests/support/serve-app.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) done(out.split('\n')[0]!);
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  const info = JSON.parse(line) as { port: number; token: string };
  base = `http://127.0.0.1:${info.port}`;
  token = info.token;
}, 60_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

async function csrfPair(): Promise<{ cookie: string; token: string }> {
  const response = await fetch(`${base}/anmelden`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const field = /name="_csrf" value="([^"]+)"/.exec(await response.text());
  if (!field) throw new Error('no CSRF field');
  return { cookie, token: field[1]! };
}

/**
 * Streams `megabytes` MB of form data to /anmelden, declared in Content-Length or chunked;
 * resolves with the status and body. Streamed in 1 MB writes so the test process itself never
 * holds or copies the whole body (its own event loop must stay free for the /healthz probe).
 */
function postHugeBody(megabytes: number, mode: 'declared' | 'chunked'): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const length = mode === 'declared' ? { 'content-length': String(megabytes * (1 << 20) + 24) } : { 'transfer-encoding': 'chunked' };
    const req = request(`${base}/anmelden`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => done({ status: res.statusCode ?? 0, text }));
    });
    // The server answers 413 and closes the connection while we are still sending: expected.
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : fail(error)));
    const chunk = Buffer.alloc(1 << 20, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < megabytes) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    req.write('email=a%40b.de&password=');
    pump();
  });
}

describe('the server keeps answering while hostile uploads arrive', () => {
  it('answers /healthz within a second throughout a zip-bomb upload and a 200 MB body in parallel', { timeout: 60_000 }, async () => {
    const bomb = await buildDocxBomb(400);
    const csrf = await csrfPair();
    let uploadsDone = false;
    const health: number[] = [];
    const probe = (async () => {
      while (!uploadsDone) {
        const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) });
        health.push(response.status);
        await response.arrayBuffer();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const form = new FormData();
    form.set('_csrf', csrf.token);
    for (let i = 0; i < 3; i++) form.append('dateien', new File([bomb as Uint8Array<ArrayBuffer>], `bombe-${i}.docx`));
    const [upload, declaredBig, streamedBig] = await Promise.all([
      fetch(`${base}/import`, { method: 'POST', body: form, headers: { cookie: csrf.cookie, authorization: `Bearer ${token}` }, redirect: 'manual' }),
      postHugeBody(200, 'declared'),
      postHugeBody(200, 'chunked'),
    ]);
    uploadsDone = true;
    await probe;

    // The bombs were refused, file by file, with the German message on the batch page.
    expect(upload.status).toBe(303);
    const batchPath = upload.headers.get('location')!.replace(/\/1$/, '');
    const batch = await fetch(`${base}${batchPath}`, { headers: { authorization: `Bearer ${token}` } });
    const page = await batch.text();
    expect(page.match(/ist entpackt zu groß/g)?.length).toBe(3);
    // Both big bodies: 413 with a German message before any parsing (and before the CSRF check).
    for (const big of [declaredBig, streamedBig]) {
      expect(big.status).toBe(413);
      expect(big.text).toContain('Die Anfrage ist zu groß: erlaubt sind höchstens 2 MB.');
    }
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((status) => status === 200)).toBe(true);
  });
});
