#!/usr/bin/env node
// `npm start`: the web server from the ahead-of-time JavaScript build (build/, made by
// `npm install` and rebuilt here when a source file changed); without one, the TypeScript sources
// through tsx (docs/decisions/0013). `npm run dev` keeps running the sources with tsx watch.
import { ensureBuild } from '../scripts/build.mjs';

const entry = await ensureBuild('app/server.ts');
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/app/server.ts');
}
