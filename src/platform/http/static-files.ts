import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves files below an absolute directory under a URL prefix, independent of the working
 * directory. Paths escaping the directory and unknown file types answer 404. Files are cached in
 * memory: they are part of the installed package and never change while the process runs.
 */
export function staticFiles(prefix: string, directory: string): MiddlewareHandler {
  const root = resolve(directory);
  const cache = new Map<string, Uint8Array>();
  return async (c, next) => {
    const path = c.req.path;
    if (!path.startsWith(prefix)) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(path.slice(prefix.length));
    } catch {
      return next();
    }
    const file = resolve(root, `.${sep}${relative}`);
    const type = TYPES[extname(file).toLowerCase()];
    if (!type || !file.startsWith(root + sep)) return next();
    let body = cache.get(file);
    if (!body) {
      try {
        body = new Uint8Array(await readFile(file));
      } catch {
        return next();
      }
      cache.set(file, body);
    }
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  };
}
