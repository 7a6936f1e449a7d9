import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (the one with package.json): the same whether this code runs from
 * src/ (tsx, tests) or from the ahead-of-time build in build/src/ (npm start, aqb).
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of AQB-Steuerung not found');
    dir = parent;
  }
  return dir;
}
