/**
 * What the esbuild bundles may weigh and contain, read from the metafiles the build writes
 * (`dist/meta-NAME.json`, scripts/build.mjs). Shared by test/build/bundles.test.ts (which enforces
 * it) and bench/bundles.bench.ts (which prints the sizes against it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Metafile } from 'esbuild';

export const distDir = path.resolve(__dirname, '..', '..', 'dist');

/**
 * Size budgets of the bundles (minified or not, as built), about 20 % above their size when set
 * (2026-11, in parentheses): a bundle that outgrows its budget pulled in something new, which
 * should be a decision, not an accident. Raise a budget only with the reason in the commit.
 */
export const BUNDLE_BUDGETS: Readonly<Record<string, number>> = {
  // commander, cli-table3, csv, plus everything the server has (the CLI also runs `lsp --stdio`)
  // (2.02 MB on 2026-12-05, after featurize's line checks and the editor's new quick fixes; 2.10 MB
  // that evening, when it became the bundle that the `cli` bundle starts; 2.16 MB on 2026-12-06 after
  // the grammar's ligand locants and unit conversions, no new package; 2.25 MB on 2026-12-07 after the site
  // model's terms (siteTerms.ts, their --explain and hover text: 14 kB of the project's own code, no new package);
  // 2.30 MB on 2026-12-07 evening after range formatting, structure paths that follow renames and the calibrated
  // site's ordering term: the project's own code, no new package)
  'cli-main': 2_400_000,
  // what `dist/cli.js` is: starts cli-main from V8's code cache (5 kB)
  cli: 10_000,
  // the thread that makes `bimetal score --format csv`'s text: d3-dsv's quoting and numbers' text (10 kB on 2026-12-06)
  'csv-worker': 12_000,
  // chevrotain, engine, RDKit's JS glue, onnxruntime-web's wasm build, vscode-languageserver (1.37 MB;
  // 1.66 MB on 2026-12-05 after that session's fixes, 12 kB of the project's own code, no new package;
  // 1.75 MB on 2026-12-06 after typeset characters' fixes, the carbene pattern and ligands' bound
  // forms, the record's charge: the project's own code, no new package; 1.86 MB on 2026-12-07 night after
  // the swapped-role site call, composed intervals and the convergence fixes: the project's own code, no new package)
  server: 1_950_000,
  // the same server for a Web Worker (1.41 MB; 1.71 MB on 2026-12-05; 1.80 MB on 2026-12-06, as the server;
  // minified since 2026-12-07, as every browser downloads it: 0.91 MB)
  'server-worker': 1_000_000,
  // vscode-languageclient and the commands; no analysis code (0.85 MB)
  client: 1_020_000,
  // the same client for VS Code for the Web (0.76 MB; minified since 2026-12-07: 0.41 MB)
  'client-web': 460_000,
  // onnxruntime-web and the inference engine for worker_threads, with the element table the E_form
  // anchor reads for its cohesive-energy fallback (0.18 MB; 0.225 MB on 2026-12-07 after the site model's
  // terms, siteTerms.ts and their wire: 8 kB of the project's own code, no new package; 0.241 MB on 2026-12-08
  // after a composed interval's parts became records that the wire carries, 2.3 kB, no new package)
  'inference-worker': 250_000,
  // chart.js, the results views, and three.js for the detail view's 3D core (2026-12: 0.75 MB), minified
  'webview-results': 900_000,
};

export interface Bundle {
  name: string;
  /** The `.js` output file, relative to the repo root (e.g. `dist/server.js`). */
  file: string;
  bytes: number;
  entryPoint: string;
  meta: Metafile;
}

/** Every bundle the last build wrote a metafile for. */
export function readBundles(dir = distDir): Bundle[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^meta-.+\.json$/.test(f))
    .sort()
    .map((f) => {
      const meta = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Metafile;
      const [file, output] = Object.entries(meta.outputs).find(([out]) => out.endsWith('.js')) ?? [];
      if (!file || !output?.entryPoint) throw new Error(`${f} names no .js output with an entry point`);
      return { name: f.slice('meta-'.length, -'.json'.length), file, bytes: output.bytes, entryPoint: output.entryPoint, meta };
    });
}

/** The npm package an input comes from (`@scope/name` or `name`), or its top folder for the repo's own sources. */
export function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return input.split('/')[0];
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Bytes each package contributes to the bundle's output, largest first. */
export function bytesByPackage(bundle: Bundle): [string, number][] {
  const output = bundle.meta.outputs[bundle.file];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** Whether an import path names a Node built-in (`node:fs`, `fs`, `fs/promises`). */
export function isNodeBuiltin(importPath: string): boolean {
  return importPath.startsWith('node:') || builtinModules.includes(importPath);
}

/** Import kinds that run when the importing module is loaded (a dynamic import runs when called). */
const EAGER_KINDS: ReadonlySet<string> = new Set(['import-statement', 'require-call', 'entry-point']);

/** The inputs that are evaluated when the bundle loads: reachable from the entry without a dynamic import. */
export function eagerInputs(meta: Metafile, entryPoint: string): Set<string> {
  const seen = new Set<string>([entryPoint]);
  const queue = [entryPoint];
  while (queue.length > 0) {
    const input = meta.inputs[queue.pop() as string];
    for (const imported of input?.imports ?? []) {
      if (imported.external || !EAGER_KINDS.has(imported.kind) || seen.has(imported.path)) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return seen;
}

/** Node built-ins loaded as soon as the bundle loads, as `importer → builtin`. */
export function eagerNodeBuiltins(meta: Metafile, entryPoint: string): string[] {
  const found: string[] = [];
  for (const input of eagerInputs(meta, entryPoint)) {
    for (const imported of meta.inputs[input]?.imports ?? []) {
      if (imported.external && EAGER_KINDS.has(imported.kind) && isNodeBuiltin(imported.path)) found.push(`${input} → ${imported.path}`);
    }
  }
  return found;
}

/** Every input or external import path of the bundle that matches `pattern`. */
export function contentsMatching(bundle: Bundle, pattern: RegExp): string[] {
  const hits = new Set<string>();
  for (const [input, { imports }] of Object.entries(bundle.meta.inputs)) {
    if (pattern.test(input)) hits.add(input);
    for (const imported of imports) if (imported.external && pattern.test(imported.path)) hits.add(`external ${imported.path}`);
  }
  return [...hits];
}
