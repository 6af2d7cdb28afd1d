/**
 * Convergence: whatever a session did to the server — incremental edits (typed a character at a
 * time, lines deleted, blocks pasted, declarations split and merged, a ligand renamed, syntax
 * broken and repaired, everything undone), documents closed and opened again, structure files and
 * labelled recipe files changed, renamed and deleted on disk, settings changed — once it is quiet
 * it answers for the final texts what a FRESH server answers that opens the same texts over the
 * same files with the same settings: the diagnostics it last published for every file (all
 * fields), hovers, code lenses (and their resolution), inlay hints, semantic tokens (full, and the
 * delta from the tokens it gave mid-session), document symbols, folding ranges, workspace symbols,
 * the calibration report and the score requests. Meanwhile no push for an open document may carry
 * an older version than one pushed before it, nor come from the closed-file scan once the
 * document's own were pushed.
 *
 * CONVERGENCE_SEED picks the sequences; CONVERGENCE_RUNS (default 3) and CONVERGENCE_STEPS
 * (default 14) lengthen the run, CONVERGENCE_QUIET_MS (default 1500) the silence that counts as
 * quiet (a loaded machine needs more), CONVERGENCE_VERBOSE=1 prints what was compared. A failure
 * prints the seed, the events and the first difference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileChangeType, type ClientCapabilities, type PublishDiagnosticsParams, type SemanticTokens, type SemanticTokensDelta } from 'vscode-languageserver-protocol/node';
import { CALIBRATION_REPORT, SCORE_DOCUMENT, SCORE_WORKSPACE } from '../../report/src/protocol';
import { pathToUri } from '../../server/src/uris';
import { FIXTURE_TERMS } from '../helpers/energyTerms';
import { icosahedronAtoms, xyzText } from '../helpers/coreXyz';
import { seededRandom } from '../helpers/random';
import { writeLinearModels } from '../pipeline/modelFixture';
import { fuzzCorpus } from '../fuzz/corpus';
import { MUTATION_ALPHABET } from '../fuzz/mutations';
import { startTestServer, startWithTestModels, type TestServer } from './lspHarness';

const SEED = Number(process.env.CONVERGENCE_SEED ?? 20261207);
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 3);
const STEPS = Number(process.env.CONVERGENCE_STEPS ?? 14);
/** Silence (no push or status) that counts as quiet: longer than the calibration's 500 ms refit pause and a new scorer's start after a settings change. */
const QUIET_MS = Number(process.env.CONVERGENCE_QUIET_MS ?? 1500);

const CAPABILITIES: ClientCapabilities = {
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
  workspace: {
    workspaceFolders: true,
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    inlayHint: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
};

/** Recipes that read the workspace's structure files and carry labels, so the files' events and the calibration matter. */
const READER = `ligand Th = "SCC" binds S
recipe Core {
  host Au 12
  dopant Pt 1
  topology icosahedron
  site core
  structure "core.xyz"
  energy -2.45 eV
}
recipe Shell {
  host Au 12; dopant Pt 1; structure "cores/au13.xyz"
  ligands Th x 4
}
recipe Sweep {
  host [Au, Ag] 12
  dopant [Pt, Pd] 1
  ligands Th x 2, PET x 1
}
`;
const labels = (energies: readonly number[]) =>
  ['Pd', 'Ni', 'Cu', 'Ag'].slice(0, energies.length).map((d, i) => `recipe L${d} {\n  host Au 12\n  dopant ${d} 1\n  topology icosahedron\n  energy ${energies[i]} eV\n}\n`).join('');
const CORES = [
  xyzText(icosahedronAtoms('Au', 'Pt')),
  xyzText(icosahedronAtoms('Au', 'Pt', 1.04)),
  xyzText(icosahedronAtoms('Ag', 'Pt')),
  '13\nnot a core\nAu 0 0\n',
];
const SETTINGS = [
  {},
  { coverage: 0.8 },
  { coverage: 0.95, phiThreshold: 0.5 },
  { maxFamilySize: 3 },
  { calibration: { enabled: false } },
  { inlayHints: { enabled: false }, codeLens: { enabled: false } },
  { phiThreshold: -1, maxFamilySize: 50 },
];
const PASTES = ['😀', '₁₂', 'PPh₃', '\r\n', '  note "pasted"\n', '# c\n', 'ligand Q = "SCCO" binds S\n'];

type Random = () => number;
const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

interface Doc {
  uri: string;
  file: string;
  open: boolean;
  text: string;
  version: number;
  /** Text edits and their inverses since the document was opened, for undo. */
  undo: { start: number; end: number; text: string }[];
}

/** One session: a workspace, its documents, and the events applied to them. */
class Session {
  readonly docs: Doc[];
  settings: Record<string, unknown> = {};
  /** The documents in the order they were last opened. */
  openOrder: Doc[] = [];
  /** Called as each document is opened, at its version. */
  onOpen: (doc: Doc) => void = () => {};
  /** Tokens the session asked for mid-way, per document: the final check asks for their delta. */
  readonly tokens = new Map<string, SemanticTokens>();

  constructor(
    readonly dir: string,
    readonly server: TestServer,
    private readonly random: Random,
    /** Every event so far, for the failure's message. */
    readonly events: string[],
  ) {
    this.docs = ['a.bimetal', 'b.bimetal', 'labels.bimetal'].map((name) => ({ uri: pathToUri(path.join(dir, name)), file: path.join(dir, name), open: false, text: '', version: 0, undo: [] }));
  }

  log(event: string): void {
    this.events.push(event);
  }

  async openDoc(doc: Doc): Promise<void> {
    this.openOrder = [...this.openOrder.filter((d) => d !== doc), doc];
    doc.text = existsSync(doc.file) ? readFileSync(doc.file, 'utf8') : '';
    // VS Code starts a document opened again at version 1; other clients go on counting, which lets
    // a push of the version before the close be told from the new ones (Pushes).
    doc.version = doc.version > 0 && this.random() < 0.5 ? doc.version + 1 : 1;
    doc.open = true;
    doc.undo = [];
    this.log(`open ${path.basename(doc.file)}`);
    // Before the open is sent: a push read while it is being written is already one of the new document's.
    this.onOpen(doc);
    await this.server.open(doc.uri, doc.text, doc.version);
  }

  async edit(doc: Doc, changes: { start: number; end: number; text: string }[], what: string): Promise<void> {
    // Each change applies to the text the ones before it left, as LSP's contentChanges do.
    const lsp = [];
    for (const change of changes) {
      const before = TextDocument.create(doc.uri, 'bimetal', 0, doc.text);
      lsp.push({ range: { start: before.positionAt(change.start), end: before.positionAt(change.end) }, text: change.text });
      doc.undo.push({ start: change.start, end: change.start + change.text.length, text: doc.text.slice(change.start, change.end) });
      doc.text = doc.text.slice(0, change.start) + change.text + doc.text.slice(change.end);
    }
    doc.version++;
    this.log(`${path.basename(doc.file)}@${doc.version} ${what} ${JSON.stringify(changes)}`);
    await this.server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: lsp });
  }

  /** One random edit of an open document. */
  async randomEdit(doc: Doc, corpus: readonly string[]): Promise<void> {
    const r = this.random;
    const text = doc.text;
    const at = int(r, text.length + 1);
    const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    const line = pick(r, lineStarts);
    const kind = int(r, 10);
    if (kind === 0) {
      // Typing a word a character at a time, each its own version.
      const word = pick(r, ['ligands PET x 3', 'host Ag 12', 'dopant Pd 1', 'recipe N {', '}', 'structure "core.xyz"', 'energy -2.3 eV']);
      for (let i = 0; i < word.length; i++) await this.edit(doc, [{ start: at + i, end: at + i, text: word[i] }], 'type');
    } else if (kind === 1) {
      const end = lineStarts.find((s) => s > line) ?? text.length;
      const next = lineStarts.find((s) => s > end) ?? text.length;
      await this.edit(doc, [{ start: line, end: r() < 0.5 ? end : next, text: '' }], 'delete lines');
    } else if (kind === 2) {
      const source = pick(r, corpus);
      const from = int(r, source.length);
      await this.edit(doc, [{ start: line, end: line, text: source.slice(from, from + 200 + int(r, 1500)) }], 'paste block');
    } else if (kind === 3) {
      // Splits the declaration this line is in: a close and a new recipe.
      await this.edit(doc, [{ start: line, end: line, text: `}\nrecipe S${int(r, 100)} {\n` }], 'split');
    } else if (kind === 4) {
      // Merges two declarations: the first '}' at or after a random point goes.
      const close = text.indexOf('}', at);
      if (close >= 0) await this.edit(doc, [{ start: close, end: close + 1, text: '' }], 'merge');
    } else if (kind === 5) {
      // Renames a ligand everywhere, in one change per use, last first (as a rename's edits come).
      const names = [...new Set([...text.matchAll(/ligand\s+([A-Za-z][\w-]*)/g)].map((m) => m[1]))];
      if (names.length === 0) return;
      const name = pick(r, names);
      const to = pick(r, ['Th2', 'PET', 'PPh3', 'Thiol', 'X']);
      const uses = [...text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].map((m) => m.index!).reverse();
      await this.edit(doc, uses.map((start) => ({ start, end: start + name.length, text: to })), `rename ${name}→${to}`);
    } else if (kind === 6) {
      // Broken, then repaired at once or after a pause.
      const brace = [...text.matchAll(/[{}"]/g)];
      if (brace.length === 0) return;
      const { index, 0: ch } = pick(r, brace);
      await this.edit(doc, [{ start: index!, end: index! + 1, text: '' }], 'break');
      if (r() < 0.5) await this.pause();
      await this.edit(doc, [{ start: index!, end: index!, text: ch }], 'repair');
    } else if (kind === 7) {
      // Undo back to where the document was opened, one edit at a time, newest first.
      while (doc.undo.length > 0) {
        const step = doc.undo.pop()!;
        await this.edit(doc, [{ start: step.start, end: step.end, text: step.text }], 'undo');
        doc.undo.pop(); // an undo is not itself undone
      }
    } else if (kind === 8) {
      await this.edit(doc, [{ start: at, end: Math.min(text.length, at + int(r, 3)), text: r() < 0.5 ? pick(r, MUTATION_ALPHABET) : pick(r, PASTES) }], 'replace');
    } else {
      // The whole text replaced, as a client without incremental sync sends it.
      const source = pick(r, corpus);
      doc.version++;
      doc.undo = [];
      doc.text = source;
      this.log(`${path.basename(doc.file)}@${doc.version} replaced by a corpus file of ${source.length} characters`);
      await this.server.change(doc.uri, source, doc.version);
    }
  }

  /** Sometimes nothing (a burst), sometimes a scoring's worth of time. */
  async pause(): Promise<void> {
    const wait = pick(this.random, [0, 0, 0, 1, 5, 40, 150, 400]);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  async fileChanged(file: string, type: FileChangeType): Promise<void> {
    await this.server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToUri(file), type }] });
  }

  async step(corpus: readonly string[]): Promise<void> {
    const r = this.random;
    const openDocs = this.docs.filter((d) => d.open);
    const roll = r();
    if (roll < 0.5 && openDocs.length > 0) {
      await this.randomEdit(pick(r, openDocs), corpus);
    } else if (roll < 0.58) {
      const doc = pick(r, this.docs);
      if (doc.open) {
        doc.open = false;
        this.log(`close ${path.basename(doc.file)}`);
        await this.server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
      } else await this.openDoc(doc);
    } else if (roll < 0.63 && openDocs.length > 0) {
      const doc = pick(r, openDocs);
      writeFileSync(doc.file, doc.text);
      this.log(`save ${path.basename(doc.file)}`);
      await this.fileChanged(doc.file, FileChangeType.Changed);
    } else if (roll < 0.73) {
      const file = path.join(this.dir, pick(r, ['core.xyz', 'cores/au13.xyz']));
      const existed = existsSync(file);
      if (r() < 0.2 && existed) {
        rmSync(file);
        this.log(`delete ${path.relative(this.dir, file)}`);
        await this.fileChanged(file, FileChangeType.Deleted);
      } else {
        const core = int(r, CORES.length);
        writeFileSync(file, CORES[core]);
        this.log(`write ${path.relative(this.dir, file)} (core ${core})`);
        await this.fileChanged(file, existed ? FileChangeType.Changed : FileChangeType.Created);
      }
    } else if (roll < 0.78) {
      // A structure file renamed away and back, or a labelled file renamed.
      const [from, to] = pick(r, [
        ['core.xyz', 'core-old.xyz'],
        ['core-old.xyz', 'core.xyz'],
        ['labels.bimetal', 'labels-moved.bimetal'],
        ['labels-moved.bimetal', 'labels.bimetal'],
      ]);
      const [a, b] = [path.join(this.dir, from), path.join(this.dir, to)];
      if (!existsSync(a) || existsSync(b) || this.docs.some((d) => d.open && (d.file === a || d.file === b))) return;
      renameSync(a, b);
      this.log(`rename ${from} → ${to}`);
      await this.server.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: pathToUri(a), type: FileChangeType.Deleted },
          { uri: pathToUri(b), type: FileChangeType.Created },
        ],
      });
    } else if (roll < 0.84) {
      const labelsDoc = this.docs[2];
      if (labelsDoc.open) return;
      if (r() < 0.25 && existsSync(labelsDoc.file)) {
        rmSync(labelsDoc.file);
        this.log('delete labels.bimetal');
        return this.fileChanged(labelsDoc.file, FileChangeType.Deleted);
      }
      const energies = Array.from({ length: 2 + int(r, 3) }, () => -2.6 + int(r, 5) / 10);
      const existed = existsSync(labelsDoc.file);
      writeFileSync(labelsDoc.file, labels(energies));
      this.log(`write labels.bimetal ${JSON.stringify(energies)}`);
      await this.fileChanged(labelsDoc.file, existed ? FileChangeType.Changed : FileChangeType.Created);
    } else if (roll < 0.9) {
      this.settings = pick(r, SETTINGS);
      this.log(`settings ${JSON.stringify(this.settings)}`);
      await this.server.setConfiguration(this.settings);
    } else if (openDocs.length > 0) {
      // A request mid-way: the server's answers then must not change what it answers later.
      const doc = pick(r, openDocs);
      const which = int(r, 3);
      this.log(`ask ${['semantic tokens', 'hover', 'lenses'][which]} of ${path.basename(doc.file)}@${doc.version}`);
      const uri = doc.uri;
      if (which === 0) {
        void this.server.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } }).then(
          (t) => void (t?.resultId && this.tokens.set(uri, t)),
          () => undefined,
        );
      } else if (which === 1) {
        void this.server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: int(r, 8), character: int(r, 10) } }).catch(() => undefined);
      } else void this.server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }).catch(() => undefined);
    }
    await this.pause();
  }
}

/** Records what a server publishes: the last diagnostics per URI, and anything stale it pushed for an open document. */
class Pushes {
  readonly last = new Map<string, PublishDiagnosticsParams>();
  readonly stale: string[] = [];
  lastActivity = Date.now();
  private readonly newest = new Map<string, number>();
  /** The version each document was last opened at. */
  private readonly openedAt = new Map<string, number>();
  /** The open documents with a versioned push since they were last opened. */
  private readonly sinceOpen = new Set<string>();
  /** Open documents whose versions started over when they were opened again. */
  private readonly restarted = new Set<string>();
  /** Each open document's pushes since it was opened (version:count), for the failure's message. */
  private readonly history = new Map<string, string[]>();

  constructor(
    server: TestServer,
    /** The version each open document is at, undefined while closed. */
    private readonly openVersion: (uri: string) => number | undefined,
  ) {
    server.onDiagnostics((p) => {
      this.lastActivity = Date.now();
      this.last.set(p.uri, p);
      const current = this.openVersion(p.uri);
      if (current === undefined || this.restarted.has(p.uri)) return;
      this.history.set(p.uri, [...(this.history.get(p.uri) ?? []), `${p.version}:${p.diagnostics.length}`]);
      if (p.version === undefined) {
        // The closed-file scan's push of a file the editor has open, after the open document's own
        // (one sent before the server read the open notification is not its fault; empty ones clear another spelling).
        if (p.diagnostics.length > 0 && this.sinceOpen.has(p.uri)) this.stale.push(`${p.uri}: an unversioned push of ${p.diagnostics.length} diagnostics while open at ${current}`);
        return;
      }
      // Newer than the editor's: a version of before the close, where the versions started over.
      if (p.version > current) return;
      const newest = this.newest.get(p.uri) ?? -Infinity;
      if (p.version < newest) this.stale.push(`${p.uri}: version ${p.version} pushed after version ${newest} (${p.diagnostics.length} diagnostics; the editor's version ${current}; pushes since it was opened: ${this.history.get(p.uri)?.join(', ')})`);
      this.newest.set(p.uri, Math.max(newest, p.version));
      // One of the versions before the close (sent before the server read it) says nothing of the new document.
      if (p.version >= (this.openedAt.get(p.uri) ?? -Infinity)) this.sinceOpen.add(p.uri);
    });
    server.connection.onNotification('bimetal/calibrationChanged', () => void (this.lastActivity = Date.now()));
  }

  /**
   * A document opened again at `version`: where its versions start over, a push of the old ones
   * sent before the server read the close cannot be told from a new one, so the order of its
   * pushes goes unchecked until it is opened again (the final answers are still compared).
   */
  reopened(uri: string, version: number): void {
    this.sinceOpen.delete(uri);
    this.history.delete(uri);
    this.openedAt.set(uri, version);
    const restarted = version <= (this.newest.get(uri) ?? -Infinity);
    if (restarted) this.restarted.add(uri);
    else this.restarted.delete(uri);
  }
}

/** Resolves once every open document's newest version is scored (or failed) and nothing was pushed for QUIET_MS. */
async function quiet(server: TestServer, pushes: Pushes, open: readonly { uri: string; version: number }[], since: number, closed: readonly string[] = []): Promise<void> {
  const deadline = Date.now() + 60_000;
  let seen = -1;
  for (;;) {
    // A status comes after each push; the harness keeps them (a handler here would replace its own).
    if (server.statuses().length !== seen) {
      seen = server.statuses().length;
      pushes.lastActivity = Math.max(pushes.lastActivity, Date.now());
    }
    const statuses = server.statuses().slice(since);
    const done = open.every((d) => statuses.some((s) => s.uri === d.uri && s.version === d.version && s.state !== 'parsed'));
    // The start-up scan of closed files begins a second after start (closedFiles.ts): each is pushed once read.
    if (done && closed.every((uri) => pushes.last.has(uri)) && Date.now() - pushes.lastActivity >= QUIET_MS) return;
    assert.ok(Date.now() < deadline, `never quiet: ${open.filter((d) => !statuses.some((s) => s.uri === d.uri && s.version === d.version && s.state !== 'parsed')).map((d) => `${d.uri}@${d.version}`).join(', ')} not scored; statuses since: ${JSON.stringify(server.statuses().slice(since).slice(-6))}\n${server.stderr()}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

function applyDelta(tokens: readonly number[], delta: SemanticTokensDelta): number[] {
  const data = [...tokens];
  for (const edit of [...delta.edits].sort((a, b) => b.start - a.start)) data.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return data;
}

/** Everything the server answers for the open documents and the workspace, in a form two servers can be compared by. */
async function answers(server: TestServer, pushes: Pushes, dir: string, open: readonly { uri: string; text: string }[], previousTokens?: ReadonlyMap<string, SemanticTokens>) {
  const c = server.connection;
  const out: Record<string, unknown> = {};
  const diagnostics: Record<string, unknown> = {};
  for (const [uri, p] of [...pushes.last].sort(([a], [b]) => a.localeCompare(b))) if (p.diagnostics.length > 0) diagnostics[uri] = p.diagnostics;
  out.diagnostics = diagnostics;
  for (const { uri, text } of open) {
    const doc = TextDocument.create(uri, 'bimetal', 0, text);
    const name = path.basename(uri);
    const textDocument = { uri };
    const positions = [...text.matchAll(/^[ \t]*(\S)/gm), ...text.matchAll(/recipe\s+(\w)/g)].map((m) => doc.positionAt(m.index! + m[0].length - 1));
    out[`${name} hovers`] = await Promise.all(positions.map((position) => c.sendRequest('textDocument/hover', { textDocument, position })));
    const lenses = await c.sendRequest<unknown[]>('textDocument/codeLens', { textDocument });
    out[`${name} lenses`] = lenses;
    out[`${name} resolved lenses`] = await Promise.all((lenses ?? []).map((lens) => c.sendRequest('codeLens/resolve', lens)));
    out[`${name} hints`] = await c.sendRequest('textDocument/inlayHint', { textDocument, range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) } });
    const full = await c.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument });
    out[`${name} tokens`] = full.data;
    const previous = previousTokens?.get(uri);
    if (previous) {
      const delta = await c.sendRequest<SemanticTokens | SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument, previousResultId: previous.resultId });
      out[`${name} tokens by delta`] = 'edits' in delta ? applyDelta(previous.data, delta) : delta.data;
    }
    out[`${name} symbols`] = await c.sendRequest('textDocument/documentSymbol', { textDocument });
    out[`${name} folding`] = await c.sendRequest('textDocument/foldingRange', { textDocument });
    out[`${name} scores`] = await c.sendRequest(SCORE_DOCUMENT, { uri });
  }
  out.calibration = await c.sendRequest(CALIBRATION_REPORT, null);
  out['workspace symbols'] = await c.sendRequest('workspace/symbol', { query: '' });
  out['workspace scores'] = await c.sendRequest(SCORE_WORKSPACE, null);
  // Temporary folders differ between runs only in their names.
  return JSON.parse(JSON.stringify(out).replaceAll(dir, '<dir>')) as Record<string, unknown>;
}

function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (found) return found;
    }
  }
  return `${at}:\n  incremental: ${JSON.stringify(a)?.slice(0, 1500)}\n  fresh:       ${JSON.stringify(b)?.slice(0, 1500)}`;
}

/** Runs one seeded session and its fresh twin; the difference, or undefined when they agree. */
export async function convergenceRun(seed: number, steps: number, modelDir: string): Promise<{ events: string[]; problem?: string }> {
  const random = seededRandom(seed);
  const corpus = fuzzCorpus();
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-converge-'));
  mkdirSync(path.join(dir, 'cores'));
  writeFileSync(path.join(dir, 'core.xyz'), CORES[0]);
  writeFileSync(path.join(dir, 'cores', 'au13.xyz'), CORES[0]);
  writeFileSync(path.join(dir, 'a.bimetal'), READER);
  writeFileSync(path.join(dir, 'b.bimetal'), pick(random, corpus));
  writeFileSync(path.join(dir, 'labels.bimetal'), labels([-2.4, -2.5, -2.6]));
  const workspaceFolders = [{ uri: pathToUri(dir), name: 'w' }];
  const start = (configuration: Record<string, unknown>) =>
    startTestServer({ capabilities: CAPABILITIES, configuration, workspaceFolders, initializationOptions: { modelDir } });
  let incremental: TestServer | undefined;
  let fresh: TestServer | undefined;
  const events: string[] = [];
  try {
    incremental = await start({});
    incremental.connection.onRequest('workspace/inlayHint/refresh', () => null);
    incremental.connection.onRequest('workspace/codeLens/refresh', () => null);
    const session = new Session(dir, incremental, random, events);
    const pushes = new Pushes(incremental, (uri) => session.docs.find((d) => d.uri === uri && d.open)?.version);
    session.onOpen = (doc) => pushes.reopened(doc.uri, doc.version);
    await session.openDoc(session.docs[0]);
    if (random() < 0.7) await session.openDoc(session.docs[1]);
    for (let i = 0; i < steps; i++) await session.step(corpus);
    // In the order the incremental server holds them (the last opened last), which orders its workspace symbols.
    const open = session.openOrder.filter((d) => d.open);
    await quiet(incremental, pushes, open, 0);
    const mine = await answers(incremental, pushes, dir, open, session.tokens);
    if (pushes.stale.length > 0) return { events, problem: `stale pushes:\n${pushes.stale.join('\n')}` };

    fresh = await start(session.settings);
    fresh.connection.onRequest('workspace/inlayHint/refresh', () => null);
    fresh.connection.onRequest('workspace/codeLens/refresh', () => null);
    const freshPushes = new Pushes(fresh, (uri) => (open.some((d) => d.uri === uri) ? 1 : undefined));
    for (const doc of open) await fresh.open(doc.uri, doc.text, 1);
    const closed = readdirSync(dir).filter((f) => f.endsWith('.bimetal')).map((f) => pathToUri(path.join(dir, f))).filter((uri) => !open.some((d) => d.uri === uri));
    await quiet(fresh, freshPushes, open.map((d) => ({ uri: d.uri, version: 1 })), 0, closed);
    const theirs = await answers(fresh, freshPushes, dir, open);
    // The fresh server was asked for no tokens before: its delta is its full answer.
    for (const doc of open) if (session.tokens.has(doc.uri)) theirs[`${path.basename(doc.uri)} tokens by delta`] = theirs[`${path.basename(doc.uri)} tokens`];
    if (process.env.CONVERGENCE_VERBOSE) console.log(Object.entries(mine).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.filter((x) => x !== null).length : Object.keys(v ?? {}).length}`).join('; '));
    const brief = (all: Record<string, unknown>) =>
      Object.entries(all.diagnostics as Record<string, { code?: string; range: { start: { line: number } }; message: string }[]>)
        .map(([uri, list]) => `  ${uri}: ${list.map((d) => `${d.code}@${d.range.start.line} ${d.message.slice(0, 50)}`).join(' | ')}`)
        .join('\n');
    const difference = firstDifference(mine, theirs) && `${firstDifference(mine, theirs)}\n--- incremental diagnostics ---\n${brief(mine)}\n--- fresh diagnostics ---\n${brief(theirs)}`;
    return { events, problem: difference && `${difference}\n--- final texts ---\n${open.map((d) => `${path.basename(d.file)}: ${JSON.stringify(d.text)}`).join('\n')}` };
  } catch (error) {
    return { events, problem: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    await incremental?.stop();
    await fresh?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('after any events, the quiet server answers what a fresh server answers for the same texts, files and settings', { timeout: 600_000 }, async () => {
  const modelDir = mkdtempSync(path.join(tmpdir(), 'bimetal-converge-models-'));
  writeLinearModels(modelDir, { terms: FIXTURE_TERMS });
  try {
    let events = 0;
    for (let run = 0; run < RUNS; run++) {
      const seed = SEED + run;
      const result = await convergenceRun(seed, STEPS, modelDir);
      events += result.events.length;
      assert.equal(result.problem, undefined, `seed ${seed} (CONVERGENCE_SEED=${seed} CONVERGENCE_RUNS=1 CONVERGENCE_STEPS=${STEPS}):\n--- events ---\n${result.events.join('\n')}\n--- difference ---\n${result.problem}`);
    }
    if (process.env.CONVERGENCE_VERBOSE) console.log(`${RUNS} sequences, ${events} events`);
  } finally {
    rmSync(modelDir, { recursive: true, force: true });
  }
});

test('a structure file changed while its reader is closed and opened again: the text opened stays, and its next versions are scored', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-converge-reopen-'));
  // Three thousand structure paths: looking them up (structureFilesNamed) takes long enough for the close and open to come meanwhile.
  const closedText = Array.from({ length: 3000 }, (_, i) => `recipe R${i} {\n  host Au 12\n  dopant Pt 1\n  structure "${i === 0 ? 'core.xyz' : `gone/${i}/c.xyz`}"\n}\n`).join('');
  const opened = 'recipe A {\n  host Au 12\n  dopant Pt 1\n}\n';
  writeFileSync(path.join(dir, 'core.xyz'), '1\n\nAu 0 0 0\n');
  const uri = pathToUri(path.join(dir, 'a.bimetal'));
  const server = await startWithTestModels({ workspaceFolders: [{ uri: pathToUri(dir), name: 'w' }] });
  try {
    await server.open(uri, closedText, 1);
    await server.change(uri, closedText + '\n', 9);
    await server.waitFor(uri, 9, 'parsed');
    const versions: (number | undefined)[] = [];
    server.onDiagnostics((p) => void (p.uri === uri && versions.push(p.version)));
    writeFileSync(path.join(dir, 'core.xyz'), '1\n\nAg 0 0 0\n');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToUri(path.join(dir, 'core.xyz')), type: FileChangeType.Changed }] });
    await new Promise((r) => setTimeout(r, 40));
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // As VS Code does, the document opened again starts at version 1.
    await server.open(uri, opened, 1);
    await server.waitFor(uri, 1, 'scored', 15_000);
    await server.change(uri, opened + '\n', 2);
    await server.waitFor(uri, 2, 'scored', 15_000);
    assert.deepEqual(versions.slice(versions.indexOf(1)), [1, 1, 2, 2], 'after the open, only the new versions are pushed');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
