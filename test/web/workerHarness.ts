/**
 * Runs the BUILT Web Worker server (`dist/server-worker.js`) in a real browser and speaks LSP to
 * it: a static HTTP server on 127.0.0.1 serves `dist/` and `models/` and a blank page; Debian's
 * Chromium (playwright-core, headless, the workbench test's offline flags) opens the page, which
 * starts the bundle in a dedicated Worker. Messages travel as plain JSON-RPC objects through `postMessage`, the way
 * vscode-languageclient/browser talks to it, and are bridged to a vscode-jsonrpc connection here.
 *
 * Every wait is bounded and every resource is released by `stop()`; a missing Chromium fails.
 */
import assert from 'node:assert/strict';
import { existsSync, readFile } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../workbench/harness';
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  createProtocolConnection,
  type DataCallback,
  type Disposable,
  type Message,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** Only what the web extension ships is served: the bundles with their wasm files, and the models. */
const SERVED_FOLDERS = ['dist', 'models'];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.map': 'application/json',
};

// The empty icon keeps the browser from asking for /favicon.ico, so every 404 is a real miss.
const PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bimetal server worker</title>';

/** Serves `/` (a blank page) and files under SERVED_FOLDERS; anything else is a 404, reported to `onMiss`. */
function startStaticServer(onMiss: (path: string) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const relative = path.normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
    const file = path.join(repoRoot, relative);
    const miss = () => {
      onMiss(url.pathname);
      response.writeHead(404).end();
    };
    if (!SERVED_FOLDERS.includes(relative.split(path.sep)[0]) || !file.startsWith(repoRoot + path.sep)) {
      miss();
      return;
    }
    readFile(file, (error, body) => {
      if (error) miss();
      else response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

/** Reads what the worker posts; the page forwards each message through an exposed function. */
class PageMessageReader extends AbstractMessageReader {
  private callback: DataCallback | undefined;
  private readonly early: Message[] = [];

  deliver(message: Message): void {
    if (this.callback) this.callback(message);
    else this.early.push(message);
  }

  /** The worker died: the connection reports it instead of waiting for answers that never come. */
  fail(reason: string): void {
    this.fireError(new Error(reason));
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    this.early.splice(0).forEach(callback);
    return { dispose: () => (this.callback = undefined) };
  }
}

class PageMessageWriter extends AbstractMessageWriter {
  constructor(private readonly page: Page) {
    super();
  }

  async write(message: Message): Promise<void> {
    await this.page.evaluate((m) => (globalThis as unknown as { serverWorker: Worker }).serverWorker.postMessage(m), message as object);
  }

  end(): void {}
}

export interface WorkerServer {
  connection: ProtocolConnection;
  /** The origin serving `/dist` and `/models`, for the initialization options. */
  origin: string;
  /** Worker errors, page errors, console output and missing files so far, for failure messages. */
  log(): string;
  /** The lines of `log()` that report a failure: uncaught errors in the worker or page, and 404s. */
  errors(): string[];
  stop(): Promise<void>;
}

/** Starts the static server, Chromium and the worker; throws with the setup hint when Chromium is missing. */
export async function startWorkerServer(): Promise<WorkerServer> {
  assert.ok(existsSync(chromiumPath), `Debian chromium is missing at ${chromiumPath}: run \`bash test/workbench/setup.sh\` (scripts/setup.sh does in CI)`);
  const bundle = path.join(repoRoot, 'dist', 'server-worker.js');
  assert.ok(existsSync(bundle), `${bundle} is missing: run \`npm run build\` first`);

  const lines: string[] = [];
  const { server, origin } = await startStaticServer((missing) => lines.push(`not found: ${missing}`));
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 60_000 });
    const page = await browser.newPage();
    page.on('console', (m) => lines.push(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`page error: ${e.message}`));
    const reader = new PageMessageReader();
    await page.exposeFunction('fromServerWorker', (message: Message) => reader.deliver(message));
    await page.exposeFunction('serverWorkerError', (text: string) => {
      lines.push(`worker error: ${text}`);
      reader.fail(text);
    });
    await page.goto(`${origin}/`, { timeout: 30_000 });
    await page.evaluate((url) => {
      type Bridge = { fromServerWorker(m: unknown): void; serverWorkerError(t: string): void; serverWorker: Worker };
      const g = globalThis as unknown as Bridge;
      const worker = new Worker(url);
      worker.onmessage = (event) => g.fromServerWorker(event.data);
      worker.onerror = (event) => g.serverWorkerError(`${event.message} (${event.filename}:${event.lineno})`);
      g.serverWorker = worker;
    }, `${origin}/dist/server-worker.js`);
    const connection = createProtocolConnection(reader, new PageMessageWriter(page));
    connection.listen();
    const openBrowser = browser;
    return {
      connection,
      origin,
      log: () => lines.join('\n'),
      errors: () => lines.filter((l) => /^(page error|worker error|not found):/.test(l)),
      stop: async () => {
        connection.dispose();
        await openBrowser.close();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  } catch (error) {
    await browser?.close();
    server.close();
    throw error;
  }
}
