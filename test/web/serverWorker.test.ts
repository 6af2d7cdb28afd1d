/**
 * The language server's Web Worker entry (`dist/server-worker.js`, used by VS Code for the Web)
 * runs in a real browser with the same features as the Node server: two-phase diagnostics,
 * a hover card with descriptors (RDKit WASM inside the worker) and an E_form prediction
 * (onnxruntime-web inside the worker, shipped models fetched over HTTP), completion and symbols.
 * The worker gets its asset URLs and the diagnostics page through initializationOptions, built by
 * the web extension's own builder (client/src/clientOptions.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { bimetalClientOptions, initialisation, webServerAssets } from '../../client/src/clientOptions';
import { startWorkerServer, type WorkerServer } from './workerHarness';

const uri = 'file:///web/recipes.bimetal';

// One valid recipe with a declared SMILES ligand (RDKit describes it), one with a SMILES the
// toolkit rejects (a chemistry diagnostic, only after scoring), one that names a structure file
// (which a browser cannot read), one with a syntax error.
const TEXT = `ligand Thiol = "SCCc1ccccc1" binds S
ligand Broken = "C1CC"

recipe Au12Ag {
  host     Au 12
  dopant   Ag 1
  topology icosahedron
  ligands  Thiol x 18
}

recipe BadLigand {
  host     Au 12
  dopant   Pd 1
  topology icosahedron
  ligands  Broken x 6
}

recipe FromFile {
  host      Au 1
  dopant    Pt 1
  structure "core.xyz"
}

recipe NoValue {
  host     Au 4
  dopant
}
`;
const lines = TEXT.split('\n');
const position = (needle: string, offset = 0) => {
  const line = lines.findIndex((l) => l.includes(needle));
  return { line, character: lines[line].indexOf(needle) + offset };
};

/** Phase timings are generous: the worker compiles RDKit's and onnxruntime's wasm on a busy machine. */
const SCORED_TIMEOUT_MS = 120_000;

/** Why the worker reads no structure file, whatever the document: there is no folder on disk in a browser. */
const NO_FILE_SYSTEM = 'was not read: VS Code for the Web has no file system, and structure files are read only from a folder on disk: open the folder from disk in desktop VS Code, or use the command line';

interface Status {
  uri: string;
  version: number;
  state: 'parsed' | 'scored' | 'failed';
}

describe('language server in a browser Web Worker', { timeout: 240_000 }, () => {
  let server: WorkerServer;
  let init: InitializeResult;
  const published: { state: Status['state']; diagnostics: Diagnostic[] }[] = [];
  /** Each document's diagnostics as last published, and who waits for a document's status. */
  const last = new Map<string, Diagnostic[]>();
  const statusListeners = new Set<(s: Status) => void>();
  /** The diagnostics of `uri` once scored (or failed), as published with that status. */
  const settled = (uri: string) =>
    new Promise<{ state: Status['state']; diagnostics: Diagnostic[] }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no scored diagnostics of ${uri} within ${SCORED_TIMEOUT_MS} ms; browser log:\n${server.log()}`)), SCORED_TIMEOUT_MS);
      const listener = (s: Status) => {
        if (s.uri !== uri || s.state === 'parsed' || !last.has(uri)) return;
        clearTimeout(timer);
        statusListeners.delete(listener);
        resolve({ state: s.state, diagnostics: last.get(uri)! });
      };
      statusListeners.add(listener);
    });

  before(async () => {
    server = await startWorkerServer();
    const { connection, origin } = server;
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => last.set(p.uri, p.diagnostics));
    connection.onNotification('bimetal/documentStatus', (s: Status) => {
      if (s.uri === uri && last.has(uri)) published.push({ state: s.state, diagnostics: last.get(uri)! });
      for (const listener of statusListeners) listener(s);
    });
    const scored = settled(uri);
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    // What client/src/browserExtension.ts passes (the same builder), with this server as the extension's root.
    const initializationOptions = initialisation(bimetalClientOptions({ settings: () => ({}), extensionRoot: origin, assets: webServerAssets(origin), workspaceTrusted: () => true }));
    init = await connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: null,
      workspaceFolders: null,
      capabilities: { textDocument: { hover: { contentFormat: ['markdown'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
      initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'bimetal', version: 1, text: TEXT } });
    await scored;
  });
  after(() => server?.stop());

  test('initialize announces the same features as the Node server', () => {
    const caps = init.capabilities;
    assert.equal(init.serverInfo?.name, 'bimetal-language-server');
    for (const feature of ['hoverProvider', 'completionProvider', 'documentSymbolProvider', 'codeLensProvider', 'inlayHintProvider'] as const) {
      assert.ok(caps[feature], `worker server lacks ${feature}`);
    }
  });

  test('diagnostics: syntax when parsed, then chemistry once scored', () => {
    const codes = (i: number) => published[i].diagnostics.map((d) => String(d.code));
    assert.equal(published[0].state, 'parsed');
    assert.ok(codes(0).some((c) => /^BM1\d\d$/.test(c)), `no syntax diagnostic first: ${codes(0).join(', ')}`);
    assert.ok(!codes(0).some((c) => /^BM3\d\d$/.test(c)), `chemistry before scoring: ${codes(0).join(', ')}`);
    const final = published[published.length - 1];
    assert.equal(final.state, 'scored', `scoring failed in the worker: ${JSON.stringify(final.diagnostics)}\n${server.log()}`);
    const finalCodes = codes(published.length - 1);
    assert.ok(finalCodes.some((c) => /^BM1\d\d$/.test(c)), `syntax diagnostic lost after scoring: ${finalCodes.join(', ')}`);
    const smiles = final.diagnostics.find((d) => /^BM3\d\d$/.test(String(d.code)));
    assert.ok(smiles, `no chemistry diagnostic for the bad SMILES: ${finalCodes.join(', ')}`);
    assert.equal(smiles.range.start.line, position('"C1CC"').line, 'the SMILES diagnostic sits on the SMILES string');
    // The chemistry toolkit and the models loaded: neither reports itself unavailable.
    const unavailable = final.diagnostics.filter((d) => /unavailable|could not|failed to/i.test(d.message));
    assert.deepEqual(unavailable, [], `${JSON.stringify(unavailable)}\n${server.log()}`);
  });

  test('hover on a recipe name: formula, descriptors (RDKit) and E_form (onnxruntime-web)', async () => {
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: position('Au12Ag {', 2) });
    assert.ok(hover, 'no hover on the recipe name');
    const card = (hover.contents as { value: string }).value;
    assert.ok(card.includes('`Au12Ag(Thiol)18`'), `no formula:\n${card}`);
    for (const descriptor of ['H_mix', 'χ_env', 'D̃', 'logP(Thiol)']) assert.ok(card.includes(descriptor), `no ${descriptor}:\n${card}`);
    // A thiolate shell of 18/13 ligands per metal atom, beyond the fitted 0.708–0.720: its calibration group (what a whole environment term can be off by, six points) bounds no 90 % interval.
    assert.match(card, /E_form \*\*−?\d+\.\d+ eV\/atom\*\*, 90 % interval unbounded \(BM405: calibration group "environment-new" holds 6 points, too few for 90 % coverage/, `no prediction:\n${card}`);
    assert.match(card, /\| logP\(Thiol\) × 18 \| −?\d+\.\d+ \| Crippen \(RDKit\) \|/, `no RDKit logP:\n${card}`);
  });

  test('a structure file is refused with a reason, on its recipe, and the rest of the file is scored', () => {
    const final = published[published.length - 1];
    assert.equal(final.state, 'scored', server.log());
    const refused = final.diagnostics.filter((d) => d.code === 'BM310');
    assert.deepEqual(
      refused.map((d) => [d.range.start.line, d.message]),
      [[position('"core.xyz"').line, `Structure file "core.xyz" ${NO_FILE_SYSTEM}`]],
    );
  });

  test('a saved document of a virtual workspace (vscode-vfs:) is told the same, not to save it', async () => {
    const virtualUri = 'vscode-vfs://github/chem/recipes/dir/open.bimetal';
    const diagnostics = settled(virtualUri);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: virtualUri, languageId: 'bimetal', version: 1, text: 'recipe WithFile {\n  host Au 12\n  dopant Pt 1\n  structure "../core.xyz"\n}\n' },
    });
    const { state, diagnostics: final } = await diagnostics;
    assert.equal(state, 'scored', server.log());
    assert.deepEqual(
      final.filter((d) => d.code === 'BM310').map((d) => [d.range.start.line, d.message]),
      [[3, `Structure file "../core.xyz" ${NO_FILE_SYSTEM}`]],
    );
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: virtualUri } });
  });

  test("each diagnostic's code links to its entry in the extension's docs/diagnostics.md, as on the desktop", () => {
    const final = published[published.length - 1];
    assert.ok(final.diagnostics.length > 0);
    assert.deepEqual(
      final.diagnostics.map((d) => [d.code, d.codeDescription?.href]),
      final.diagnostics.map((d) => [d.code, `${server.origin}/docs/diagnostics.md#${String(d.code).toLowerCase()}`]),
    );
  });

  test('completion offers metals after `host`', async () => {
    const items = await server.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', {
      textDocument: { uri },
      position: position('Au 4', 0),
    });
    const labels = (Array.isArray(items) ? items : (items?.items ?? [])).map((i) => i.label);
    for (const metal of ['Au', 'Ag', 'Pt']) assert.ok(labels.includes(metal), `no ${metal} in ${labels.slice(0, 20).join(', ')}`);
  });

  test('document symbols list the ligands and recipes', async () => {
    const symbols = await server.connection.sendRequest<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = (symbols ?? []).map((s) => s.name);
    for (const name of ['Thiol', 'Broken', 'Au12Ag', 'BadLigand', 'FromFile', 'NoValue']) assert.ok(names.includes(name), `no symbol ${name} in ${names.join(', ')}`);
  });

  test('the worker calibrates on labelled recipes too (model files hashed over HTTP)', async () => {
    const labelledUri = 'file:///workspace/labels.bimetal';
    const changed = new Promise<{ labels: number; id: string } | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no calibration within ${SCORED_TIMEOUT_MS} ms; browser log:\n${server.log()}`)), SCORED_TIMEOUT_MS);
      server.connection.onNotification('bimetal/calibrationChanged', (status: { labels: number; id: string } | null) => {
        clearTimeout(timer);
        resolve(status);
      });
    });
    const text = ['Pt', 'Pd', 'Ni', 'Co'].map((d, i) => `recipe L${d} {\n  host Au 12\n  dopant ${d} 1\n  energy ${(-2.4 - 0.05 * i).toFixed(2)} eV\n}`).join('\n');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: labelledUri, languageId: 'bimetal', version: 1, text } });
    const status = await changed;
    assert.equal(status?.labels, 4);
    const report = await server.connection.sendRequest<{ points: unknown[] } | null>('bimetal/calibration');
    assert.equal(report?.points.length, 4);
  });

  test('nothing failed in the worker or page, and every asset it asked for was served', () => {
    assert.deepEqual(server.errors(), [], server.log());
  });
});
