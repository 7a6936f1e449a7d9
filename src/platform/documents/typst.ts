import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { AppError } from '../errors';

/**
 * Typst as a PDF engine. One compiler instance is created lazily and reused (creating one costs
 * ≈20 ms, a warm compile 1–4 ms). Data never enters the markup: it is mapped as a JSON shadow
 * file that the Typst source reads with `json(TYPST_DATA_PATH)`.
 */

/** Virtual workspace root; nothing is read from or written to this path on disk. */
const WORKSPACE = '/aqb-typst';
/** The path Typst sources use to read their data: `#let data = json("/data.json")`. */
export const TYPST_DATA_PATH = '/data.json';

const FONT_FILES = ['400Regular', '400Regular_Italic', '600SemiBold', '700Bold', '700Bold_Italic'];

let compiler: NodeCompiler | undefined;
let compilesSinceEviction = 0;
/** Typst memoises globally; without eviction a long-running server would keep every document's layout. */
const EVICT_EVERY = 50;
const EVICT_MAX_AGE = 10;

function loadFonts(): Buffer[] {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('@expo-google-fonts/fira-sans/package.json'));
  return FONT_FILES.map((weight) => readFileSync(join(packageDir, weight, `FiraSans_${weight}.ttf`)));
}

async function getCompiler(): Promise<NodeCompiler> {
  // Loaded on first use: with the render pool only the render workers ever load the native compiler.
  if (!compiler) {
    const { NodeCompiler: Compiler } = await import('@myriaddreamin/typst-ts-node-compiler');
    compiler ??= Compiler.create({ workspace: WORKSPACE, fontArgs: [{ fontBlobs: loadFonts() }] });
  }
  return compiler;
}

export interface TypstPdfOptions {
  /** Document title (required by PDF/UA-1); set by the wrapper, readable as `sys.inputs.title`. */
  title: string;
}

function diagnosticsText(diagnostics: unknown[]): string {
  return diagnostics
    .map((d) => {
      const item = d as { message?: string; path?: string; severity?: number | string };
      return `${item.path ?? ''}: ${item.message ?? JSON.stringify(d)}`;
    })
    .join('; ');
}

/**
 * Compiles a Typst source with its JSON data to a tagged PDF/UA-1 file. Compilation errors come
 * back from Typst as diagnostics, not exceptions: they are turned into AppError('RENDER_FAILED').
 */
export async function compileTypstPdf(mainSource: string, data: unknown, options: TypstPdfOptions): Promise<Uint8Array> {
  if (options.title.trim() === '') throw new AppError('RENDER_FAILED', 'Ein PDF braucht einen Dokumenttitel.');
  const typst = await getCompiler();
  // The compiler is synchronous and JavaScript single-threaded: map, compile and export run
  // without interleaving, so concurrent callers cannot see each other's shadow data.
  try {
    typst.mapShadow(join(WORKSPACE, TYPST_DATA_PATH), Buffer.from(JSON.stringify(data), 'utf8'));
    // The title line is fixed text (no data in it): every document gets the title PDF/UA-1 demands.
    // No creation date in the file: the same data gives the same bytes (a confirmed fingerprint
    // is the published one; the date a document counts from is printed in it).
    const source = `#set document(title: sys.inputs.title, date: none)\n${mainSource}`;
    const result = typst.compile({ mainFileContent: source, inputs: { title: options.title } });
    const document = result.result;
    if (result.hasError() || !document) {
      const error = result.takeDiagnostics() ?? result.takeError();
      const details = error ? diagnosticsText(typst.fetchDiagnostics(error)) : 'keine Diagnose';
      throw new AppError('RENDER_FAILED', undefined, { details: { diagnostics: details } });
    }
    const pdf = typst.pdf(document, { pdfStandard: 'ua-1' });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('RENDER_FAILED', undefined, { cause: error, details: { diagnostics: String(error) } });
  } finally {
    typst.unmapShadow(join(WORKSPACE, TYPST_DATA_PATH));
    if (++compilesSinceEviction >= EVICT_EVERY) {
      compilesSinceEviction = 0;
      typst.evictCache(EVICT_MAX_AGE);
    }
  }
}
