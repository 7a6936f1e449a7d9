#!/usr/bin/env node
// Entry point of the `aqb` command. Runs the ahead-of-time JavaScript build (build/, made by
// `npm install` and rebuilt here when a source file changed); without one, the TypeScript sources
// through tsx (docs/decisions/0013).
import { ensureBuild } from '../scripts/build.mjs';

const entry = await ensureBuild('app/cli/entry.ts');
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/app/cli/entry.ts');
}
