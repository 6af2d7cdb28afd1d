/**
 * A stand-in for the `vscode` module, for client code tested without a workbench: importing this
 * file first makes `require('vscode')` resolve here. It holds only what the tested modules touch,
 * and behaves as VS Code does where it matters: a disposed panel's webview throws when read.
 */
import Module from 'node:module';

type Listener<T> = (value: T) => void;

function event<T>(): { fire(value: T): void; event: (listener: Listener<T>) => { dispose(): void } } {
  const listeners = new Set<Listener<T>>();
  return {
    fire: (value) => listeners.forEach((l) => l(value)),
    event: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };
}

export class FakeWebview {
  html = '';
  options: unknown = {};
  readonly cspSource = 'vscode-resource:';
  readonly posted: unknown[] = [];
  private readonly received = event<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  asWebviewUri(uri: { toString(): string }): { toString(): string } {
    return uri;
  }
  postMessage(message: unknown): Promise<boolean> {
    this.posted.push(message);
    return Promise.resolve(true);
  }
  /** The page sends `message` to the extension. */
  send(message: unknown): void {
    this.received.fire(message);
  }
}

export class FakePanel {
  title = '';
  readonly viewColumn = 2;
  disposed = false;
  private readonly view = new FakeWebview();
  private readonly disposal = event<void>();
  readonly onDidDispose = this.disposal.event;
  readonly onDidChangeViewState = event<unknown>().event;
  /** As VS Code's: "Webview is disposed" once the tab is closed. */
  get webview(): FakeWebview {
    if (this.disposed) throw new Error('Webview is disposed');
    return this.view;
  }
  /** The webview even after disposal, for the test's own reading. */
  get page(): FakeWebview {
    return this.view;
  }
  reveal(): void {}
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposal.fire();
  }
}

export interface Serializer {
  deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void>;
}

export const created: FakePanel[] = [];
export const serializers: Serializer[] = [];

const Uri = {
  joinPath: (base: { path: string }, ...parts: string[]) => {
    const path = [base.path, ...parts].join('/');
    return { path, toString: () => `file://${path}` };
  },
  file: (path: string) => ({ path, toString: () => `file://${path}` }),
  /** `file:` URIs as the tests spell them; another scheme's (`untitled:Untitled-1`) kept as written. */
  parse: (uri: string) => (uri.startsWith('file://') ? Uri.file(uri.replace(/^file:\/\//, '')) : { path: uri.replace(/^[a-z-]+:/, ''), toString: () => uri }),
};

/** The settings `workspace.getConfiguration(section)` reads, by section; a test sets them. */
export const configuration: Record<string, Record<string, unknown>> = {};

/** The workspace a test sets up: its folders (URI strings), and the files on disk by URI string. */
export const workspaceState: { folders: string[]; files: Map<string, string> } = { folders: [], files: new Map() };

/** What `window.showWarningMessage` was given, in order. */
export const warnings: string[] = [];

/** What `window.showSaveDialog` answers: the file the user chose, or undefined for Cancel. */
export const saveDialog: { choice: { path: string; toString(): string } | undefined } = { choice: undefined };

class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const trustGranted = event<void>();

/** The user trusts the workspace (the Restricted Mode banner's Trust). */
export function grantTrust(): void {
  trustGranted.fire();
}

/** The handlers of the commands registered so far, by id. */
export const registeredCommands = new Map<string, (...args: unknown[]) => unknown>();

const workspace = {
  getConfiguration: (section: string) => ({ ...configuration[section] }),
  onDidChangeConfiguration: event<unknown>().event,
  onDidGrantWorkspaceTrust: trustGranted.event,
  get workspaceFolders() {
    return workspaceState.folders.map((folder, index) => ({ uri: Uri.parse(folder), name: folder.slice(folder.lastIndexOf('/') + 1), index }));
  },
  textDocuments: [] as unknown[],
  asRelativePath: (uri: { toString(): string }) => {
    const text = uri.toString();
    const folder = workspaceState.folders.find((f) => text.startsWith(`${f}/`));
    return folder ? text.slice(folder.length + 1) : text;
  },
  /** As VS Code's: a file that is not on disk is refused with this message (seen in VS Code for the Web 1.137). */
  openTextDocument: async (uri: { toString(): string }) => {
    const text = workspaceState.files.get(uri.toString());
    if (text === undefined) {
      throw new Error(`cannot open ${uri}. Detail: Unable to read file '${uri}' (Error: Unable to resolve nonexistent file '${uri}')`);
    }
    return { uri, getText: () => text };
  },
  fs: {
    stat: async (uri: { toString(): string }) => {
      if (!workspaceState.files.has(uri.toString())) throw new FileSystemError(`${uri} not found`, 'FileNotFound');
      return { type: 1 };
    },
    /** As a Linux or macOS disk: a file name over NAME_MAX (255 bytes) is refused. */
    writeFile: async (uri: { path: string; toString(): string }, content: Uint8Array) => {
      const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
      if (Buffer.byteLength(name) > 255) throw Object.assign(new Error(`ENAMETOOLONG: name too long, open '${uri.path}'`), { code: 'ENAMETOOLONG' });
      // The bytes as written, a byte order mark kept as U+FEFF: what the file holds is what is checked.
      workspaceState.files.set(uri.toString(), new TextDecoder('utf-8', { ignoreBOM: true }).decode(content));
    },
    rename: async (source: { toString(): string }, target: { toString(): string }) => {
      const text = workspaceState.files.get(source.toString());
      if (text === undefined) throw new FileSystemError(`${source} not found`, 'FileNotFound');
      workspaceState.files.delete(source.toString());
      workspaceState.files.set(target.toString(), text);
    },
    delete: async (uri: { toString(): string }) => {
      workspaceState.files.delete(uri.toString());
    },
  },
};

export const vscodeStub = {
  Uri,
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  CancellationError: class CancellationError extends Error {},
  FileSystemError,
  workspace,
  ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  window: {
    /** Runs the task at once, never cancelled, its reports dropped. */
    withProgress: (_options: unknown, task: (progress: unknown, token: unknown) => unknown) =>
      Promise.resolve(task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) })),
    createStatusBarItem: () => ({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
    createWebviewPanel: () => {
      const panel = new FakePanel();
      created.push(panel);
      return panel;
    },
    showWarningMessage: async (message: string) => {
      warnings.push(message);
      return undefined;
    },
    showSaveDialog: async () => saveDialog.choice,
    showInformationMessage: async () => undefined,
    registerWebviewPanelSerializer: (_viewType: string, serializer: Serializer) => {
      serializers.push(serializer);
      return { dispose: () => undefined };
    },
  },
  languages: { onDidChangeDiagnostics: event<unknown>().event, getDiagnostics: () => [] },
  commands: {
    executeCommand: () => Promise.resolve(undefined),
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
      registeredCommands.set(id, handler);
      return { dispose: () => registeredCommands.delete(id) };
    },
  },
};

const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? __filename : resolve.call(this, request, ...rest);
};
module.exports = Object.assign(module.exports, vscodeStub);
