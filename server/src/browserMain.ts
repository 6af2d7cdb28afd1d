/**
 * Web Worker entry of the language server (bundled to `dist/server-worker.js`) for VS Code for the
 * Web. There is no file system here: the client passes the model and wasm locations as URLs in
 * `initializationOptions` ({ modelDir, wasmDir }), which startServer prefers over these defaults,
 * and the workspace's files are read through the client (workspaceFiles.ts).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { connectionEndingAtShutdown } from './shutdown';
import { startServer } from './startServer';

declare const self: DedicatedWorkerGlobalScope;

const connection = connectionEndingAtShutdown((options) => createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self), options));
startServer(connection, {});
