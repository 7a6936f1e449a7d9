import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { AppError } from '../errors';
import { type FontCoverage, readFontCoverage } from './font-coverage';

/**
 * Typst as a PDF engine. One compiler instance is created lazily and reused (creating one costs
 * ≈20 ms, a warm compile 1–4 ms). Data never enters the markup: it is mapped as a JSON shadow
 * file that the Typst source reads with `json(TYPST_DATA_PATH)`.
 */

/** Virtual workspace root; nothing is read from or written to this path on disk. */
const WORKSPACE = '/aqb-typst';
/** The path Typst sources use to read their data: `#let data = json("/data.json")`. */
export const TYPST_DATA_PATH = '/data.json';

/**
 * The fonts Typst may use, in fallback order: Fira Sans (the KERN typeface, every layout names it),
 * then Noto Sans (Latin, Greek, Cyrillic and many symbols) and Noto Emoji (monochrome), both SIL
 * Open Font License 1.1, for text that was stored before input was limited to European Latin
 * characters (docs/decisions/0013). Typst falls back to them per glyph on its own.
 */
const FONT_FILES: Array<{ package: string; file: (weight: string) => string; weights: string[] }> = [
  { package: '@expo-google-fonts/fira-sans', file: (w) => `${w}/FiraSans_${w}.ttf`, weights: ['400Regular', '400Regular_Italic', '600SemiBold', '700Bold', '700Bold_Italic'] },
  { package: '@expo-google-fonts/noto-sans', file: (w) => `${w}/NotoSans_${w}.ttf`, weights: ['400Regular', '700Bold'] },
  { package: '@expo-google-fonts/noto-emoji', file: (w) => `${w}/NotoEmoji_${w}.ttf`, weights: ['400Regular'] },
];
/** Shown in place of a character no shipped font can display (Noto Sans has it). */
const REPLACEMENT = '\uFFFD';

let compiler: NodeCompiler | undefined;
let compilesSinceEviction = 0;
/** Typst memoises globally; without eviction a long-running server would keep every document's layout. */
const EVICT_EVERY = 50;
const EVICT_MAX_AGE = 10;

let fonts: { blobs: Buffer[]; coverage: FontCoverage[] } | undefined;

function loadFonts(): { blobs: Buffer[]; coverage: FontCoverage[] } {
  if (fonts) return fonts;
  const require = createRequire(import.meta.url);
  const blobs: Buffer[] = [];
  const coverage: FontCoverage[] = [];
  for (const family of FONT_FILES) {
    const packageDir = dirname(require.resolve(`${family.package}/package.json`));
    family.weights.forEach((weight, index) => {
      const blob = readFileSync(join(packageDir, family.file(weight)));
      blobs.push(blob);
      // Upright regular of each family decides coverage; the other weights cover the same characters.
      if (index === 0) coverage.push(readFontCoverage(blob));
    });
  }
  fonts = { blobs, coverage };
  return fonts;
}

async function getCompiler(): Promise<NodeCompiler> {
  // Loaded on first use: with the render pool only the render workers ever load the native compiler.
  if (!compiler) {
    const { NodeCompiler: Compiler } = await import('@myriaddreamin/typst-ts-node-compiler');
    compiler ??= Compiler.create({ workspace: WORKSPACE, fontArgs: [{ fontBlobs: loadFonts().blobs }] });
  }
  return compiler;
}

// Format and other invisible characters Typst shapes without a glyph of their own (joiners,
// variation selectors, bidi marks, soft hyphen); removing them would break emoji sequences.
const INVISIBLE = /^[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufe00-\ufe0f\u{e0020}-\u{e007f}]$/u;

/**
 * Text as every shipped font together can show it: line breaks and tabs stay, other control
 * characters go, lone surrogates and characters no font has (e.g. CJK) become U+FFFD. Stored
 * text is never changed; only what goes into the PDF. Input is checked earlier
 * (platform/input.ts), so for new text this changes nothing.
 */
export function printableText(text: string): string {
  const { coverage } = loadFonts();
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0x0a || code === 0x09) out += char;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else if (code >= 0xd800 && code <= 0xdfff) out += REPLACEMENT;
    else if (INVISIBLE.test(char) || coverage.some((font) => font.has(code))) out += char;
    else out += REPLACEMENT;
  }
  return out;
}

/** Applies printableText to every string of a JSON-like value. */
function printableData(value: unknown): unknown {
  if (typeof value === 'string') return printableText(value);
  if (Array.isArray(value)) return value.map(printableData);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, printableData(item)]));
  return value;
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
    typst.mapShadow(join(WORKSPACE, TYPST_DATA_PATH), Buffer.from(JSON.stringify(printableData(data)), 'utf8'));
    // The title line is fixed text (no data in it): every document gets the title PDF/UA-1 demands.
    // No creation date in the file: the same data gives the same bytes (a confirmed fingerprint
    // is the published one; the date a document counts from is printed in it).
    const source = `#set document(title: sys.inputs.title, date: none)\n${mainSource}`;
    const result = typst.compile({ mainFileContent: source, inputs: { title: printableText(options.title) } });
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
