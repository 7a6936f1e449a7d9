// Ahead-of-time build (docs/decisions/0013): every TypeScript file under src/ (tests excluded)
// becomes one JavaScript file under build/src/ with the same path, its relative imports pointing
// at the .js files; every other file under src/ (Typst layouts, JSON, CSS, word lists) is copied
// beside it, so code that reads files next to itself (`new URL('./x.typ', import.meta.url)`)
// works unchanged. Packages stay imports from node_modules. `npm start` and `aqb` run the build;
// `npm run dev` and the tests keep running the sources through tsx/vitest.
//
//   node scripts/build.mjs          build (postinstall runs it; never fails npm install)
//   ensureBuild()                   build when a source is newer than the last build (bin/*.js)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src');
export const buildDir = join(root, 'build');
const stampFile = join(buildDir, '.build-stamp.json');

const isTypeScript = (file) => /\.tsx?$/.test(file) && !/\.d\.ts$/.test(file);
const isTest = (file) => /\.test\.tsx?$/.test(file);

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** A fingerprint of the sources: paths, sizes and modification times (a few ms for ~300 files). */
function sourceStamp() {
  const files = [...listFiles(srcDir), join(root, 'package.json'), join(root, 'tsconfig.json')].filter((file) => !isTest(file)).sort();
  return files.map((file) => {
    const info = statSync(file);
    return `${relative(root, file)}:${info.size}:${Math.trunc(info.mtimeMs)}`;
  }).join('\n');
}

/** Whether build/ matches the current sources. */
export function isBuildCurrent() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).stamp === sourceStamp();
  } catch {
    return false;
  }
}

/** Resolves a relative import of `importer` to its source file (extensionless, as the sources write them). */
function resolveSource(importer, specifier) {
  const base = resolve(dirname(importer), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** esbuild plugin: nothing is bundled; relative imports are rewritten to the .js file they become. */
const keepModules = {
  name: 'keep-modules',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!args.path.startsWith('.')) return { path: args.path, external: true };
      const target = resolveSource(args.importer, args.path);
      if (!target) return { errors: [{ text: `Cannot resolve ${args.path} from ${relative(root, args.importer)}` }] };
      if (!isTypeScript(target)) return { path: args.path, external: true };
      let spec = relative(dirname(args.importer), target).split(sep).join('/').replace(/\.tsx?$/, '.js');
      if (!spec.startsWith('.')) spec = `./${spec}`;
      return { path: spec, external: true };
    });
  },
};

/** Builds build/ from src/. Returns the time it took in ms. */
export async function build() {
  const started = performance.now();
  const { build: esbuild } = await import('esbuild');
  const stamp = sourceStamp();
  const files = listFiles(srcDir).filter((file) => !isTest(file));
  const temp = `${buildDir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  await esbuild({
    entryPoints: files.filter(isTypeScript),
    outdir: join(temp, 'src'),
    outbase: srcDir,
    bundle: true,
    plugins: [keepModules],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (const file of files.filter((f) => !isTypeScript(f))) {
    const target = join(temp, 'src', relative(srcDir, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  writeFileSync(join(temp, '.build-stamp.json'), `${JSON.stringify({ stamp, builtAt: new Date().toISOString() })}\n`);
  // Swap in the new build whole: a process starting meanwhile sees the old or the new one.
  rmSync(buildDir, { recursive: true, force: true });
  const { renameSync } = await import('node:fs');
  renameSync(temp, buildDir);
  return Math.round(performance.now() - started);
}

/**
 * Makes sure build/ matches the sources (builds when a source changed since) and returns the file
 * URL of `entry` (a path below src/, e.g. 'app/server.ts') in it; undefined when no build can be
 * made here (then the caller runs the sources through tsx).
 */
export async function ensureBuild(entry) {
  if (!isBuildCurrent()) {
    try {
      await build();
    } catch (error) {
      process.stderr.write(`AQB-Steuerung: Build fehlgeschlagen (${error.message.split('\n')[0]}); starte aus den Quelltexten (tsx).\n`);
      return undefined;
    }
  }
  return pathToFileURL(join(buildDir, 'src', entry.replace(/\.tsx?$/, '.js'))).href;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const ms = await build();
    process.stdout.write(`AQB-Steuerung: JavaScript-Build erstellt (${ms} ms): ${relative(process.cwd(), buildDir) || buildDir}\n`);
  } catch (error) {
    // Never break `npm install`: the first start builds again, or runs the sources through tsx.
    process.stdout.write(`AQB-Steuerung: JavaScript-Build nicht erstellt (${error.message.split('\n')[0]}); der erste Start versucht es erneut.\n`);
  }
}
