/**
 * Protocol-level test harness: starts the BUILT server bundle (`node dist/server.js --stdio`) as a
 * child process and speaks LSP to it over stdio, the way an editor does. Test texts mark cursor
 * positions with `<|>`; golden files hold full LSP responses (`UPDATE_GOLDEN=1` rewrites them).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { ensureBuilt } from '../helpers/build';
import { FIXTURE_TERMS } from '../helpers/energyTerms';
import { writeLinearModels } from '../pipeline/modelFixture';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  type ProtocolConnection,
  type Diagnostic,
  type Position,
  type InitializeResult,
  type Range,
  type PublishDiagnosticsParams,
  type ClientCapabilities,
  type Registration,
  type RegistrationParams,
} from 'vscode-languageserver-protocol/node';

export const repoRoot = path.resolve(__dirname, '..', '..');
const serverBundle = path.join(repoRoot, 'dist', 'server.js');
const goldenDir = path.join(repoRoot, 'test', 'fixtures', 'server');

export const CURSOR = '<|>';

/** Removes every `<|>` marker and returns the clean text with the marker positions (in marker order). */
export function parseCursors(marked: string): { text: string; cursors: Position[] } {
  const cursors: Position[] = [];
  let text = '';
  let rest = marked;
  for (let at = rest.indexOf(CURSOR); at >= 0; at = rest.indexOf(CURSOR)) {
    text += rest.slice(0, at);
    rest = rest.slice(at + CURSOR.length);
    // LSP lines end at a CRLF, an LF or a lone CR.
    const lines = text.split(/\r\n|\r|\n/);
    cursors.push({ line: lines.length - 1, character: lines[lines.length - 1].length });
  }
  return { text: text + rest, cursors };
}

/** The text a single-line LSP range covers (ranges the server returns for names, paths and lenses). */
export function textInRange(text: string, range: Range): string {
  return text.split('\n')[range.start.line].slice(range.start.character, range.end.character);
}

export interface DocumentStatus {
  uri: string;
  version: number;
  state: 'parsed' | 'scored' | 'failed';
}

export interface TestServer {
  connection: ProtocolConnection;
  initializeResult: InitializeResult;
  /** Everything the server wrote to stderr, for asserting that stdout carried only LSP. */
  stderr(): string;
  /** The server process's exit code, or null while it runs. */
  exitCode(): number | null;
  /** The server's process id. */
  pid: number;
  /** The server's resident set size in MB, from /proc (Linux). */
  residentMegabytes(): number;
  /** The server process's threads now (Linux: /proc): its own, V8's and libuv's, and one per worker thread it started. */
  threadCount(): number;
  open(uri: string, text: string, version?: number): Promise<void>;
  change(uri: string, text: string, version: number): Promise<void>;
  /** An incremental edit, as editors send while typing. */
  edit(uri: string, version: number, range: Range, text: string): Promise<void>;
  /** Every `bimetal/documentStatus` notification so far, in arrival order. */
  statuses(): readonly DocumentStatus[];
  /** Resolves with the diagnostics the server last published once the document reached `state`. */
  waitFor(uri: string, version: number, state: DocumentStatus['state'], timeoutMs?: number): Promise<Diagnostic[]>;
  /**
   * Calls `listener` on every diagnostics push. Use this rather than registering a handler on the
   * connection: a second handler for a method replaces the harness's own.
   */
  onDiagnostics(listener: (params: PublishDiagnosticsParams) => void): { dispose(): void };
  /**
   * Runs `action` (a settings change) and resolves once `uri` was scored again: a change of
   * coverage, threshold or family size re-scores open documents and publishes the same version.
   */
  rescoredAfter(uri: string, action: () => Promise<void>, timeoutMs?: number): Promise<void>;
  /** Every capability the server registered dynamically so far (`client/registerCapability`). */
  registrations(): readonly Registration[];
  /** Replaces the `bimetal` section the client answers with and tells the server it changed. */
  setConfiguration(section: Record<string, unknown> | null): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  initializationOptions?: Record<string, unknown>;
  env?: Record<string, string>;
  workspaceFolders?: { uri: string; name: string }[];
  /** Extra Node flags for the server process, e.g. `--cpu-prof` when profiling a benchmark. */
  nodeArgs?: string[];
  /**
   * When given, the client answers `workspace/configuration` with this `bimetal` section; `null`
   * answers as eglot and Neovim do when the user configured nothing there.
   */
  configuration?: Record<string, unknown> | null;
  /** The program and its arguments after `node` (default: `dist/server.js --stdio`). */
  command?: string[];
  /** The server's working directory (default: the repository). */
  cwd?: string;
  /** Replaces the client capabilities this harness announces (e.g. a minimal terminal editor's). */
  capabilities?: ClientCapabilities;
}

/** Starts the built server, built first when its sources changed since (ensureBuilt). */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  ensureBuilt();
  const command = options.command ?? [serverBundle, '--stdio'];
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...(options.nodeArgs ?? []), ...command], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));

  const diagnostics = new Map<string, Diagnostic[]>();
  const statuses: DocumentStatus[] = [];
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const diagnosticsListeners = new Set<(params: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const listener of diagnosticsListeners) listener(p);
    wake();
  });
  connection.onNotification('bimetal/documentStatus', (s: DocumentStatus) => {
    statuses.push(s);
    wake();
  });
  let configuration = options.configuration;
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section === 'bimetal' ? configuration : null)),
  );
  const registrations: Registration[] = [];
  connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
    registrations.push(...params.registrations);
    return null;
  });
  connection.listen();
  child.once('exit', wake);

  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: options.workspaceFolders?.[0]?.uri ?? null,
    workspaceFolders: options.workspaceFolders ?? null,
    initializationOptions: options.initializationOptions,
    capabilities: options.capabilities ?? {
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'], insertReplaceSupport: true } },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite'] } } },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        rename: { prepareSupport: true },
      },
      workspace: { workspaceFolders: true, configuration: options.configuration !== undefined, didChangeConfiguration: { dynamicRegistration: true } },
    },
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const waitFor = (uri: string, version: number, state: DocumentStatus['state'], timeoutMs = 60_000) =>
    new Promise<Diagnostic[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${uri}@${version} to be ${state}; stderr:\n${stderr}`)),
        timeoutMs,
      );
      const check = () => {
        if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`the server exited (code ${child.exitCode}) before ${uri}@${version} was ${state}; stderr:\n${stderr}`));
          return;
        }
        const reached = statuses.some((s) => s.uri === uri && s.version === version && (s.state === state || s.state === 'failed'));
        if (reached && diagnostics.has(uri)) {
          clearTimeout(timer);
          resolve(diagnostics.get(uri)!);
        } else waiters.push(check);
      };
      check();
    });

  return {
    connection,
    initializeResult,
    stderr: () => stderr,
    exitCode: () => child.exitCode,
    pid: child.pid!,
    residentMegabytes: () => {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : NaN;
    },
    threadCount: () => readdirSync(`/proc/${child.pid}/task`).length,
    open: (uri, text, version = 1) =>
      connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'bimetal', version, text },
      }),
    change: (uri, text, version) =>
      connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      }),
    edit: (uri, version, range, text) =>
      connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range, text }],
      }),
    statuses: () => statuses,
    registrations: () => registrations,
    rescoredAfter: async (uri, action, timeoutMs = 30_000) => {
      const scoredCount = () => statuses.filter((s) => s.uri === uri && s.state === 'scored').length;
      const before = scoredCount();
      await action();
      const deadline = Date.now() + timeoutMs;
      while (scoredCount() === before) {
        assert.ok(Date.now() < deadline, `${uri} was not scored again within ${timeoutMs} ms; stderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    onDiagnostics: (listener) => {
      diagnosticsListeners.add(listener);
      return { dispose: () => diagnosticsListeners.delete(listener) };
    },
    setConfiguration: async (section) => {
      configuration = section;
      await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    },
    waitFor,
    stop: async () => {
      if (child.exitCode !== null) return connection.dispose();
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill();
          resolve();
        }, 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      connection.dispose();
    },
  };
}

/**
 * Compares `actual` with the stored golden JSON `test/fixtures/server/NAME.json`. With
 * `UPDATE_GOLDEN=1` it writes the file instead, so a reviewer reads every new or changed response
 * in the diff. A missing golden file fails: a test must never pass by writing its own expectation.
 */
export function assertGolden(name: string, actual: unknown): void {
  const file = path.join(goldenDir, `${name}.json`);
  const serialised = JSON.stringify(actual, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, serialised);
    return;
  }
  assert.ok(existsSync(file), `golden ${name}.json is missing: run with UPDATE_GOLDEN=1 and review it`);
  assert.deepEqual(JSON.parse(serialised), JSON.parse(readFileSync(file, 'utf8')), `golden ${name}.json differs (UPDATE_GOLDEN=1 to rewrite)`);
}

/**
 * Starts the server on small linear test models (test/pipeline/modelFixture.ts) with the fixture
 * energy terms in a temporary folder, so responses do not change when the shipped models are
 * retrained; `stop` removes it.
 */
export async function startWithTestModels(options: StartOptions = {}): Promise<TestServer> {
  const modelDir = mkdtempSync(path.join(tmpdir(), 'bimetal-lsp-models-'));
  writeLinearModels(modelDir, { terms: FIXTURE_TERMS });
  const server = await startTestServer({ ...options, initializationOptions: { ...options.initializationOptions, modelDir } });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(modelDir, { recursive: true, force: true });
    },
  };
}

/** A server on the test models (startWithTestModels) with `text` open at `uri` and scored. */
export async function scoredWithTestModels(uri: string, text: string): Promise<TestServer> {
  const server = await startWithTestModels();
  await server.open(uri, text);
  await server.waitFor(uri, 1, 'scored', 120_000);
  return server;
}
