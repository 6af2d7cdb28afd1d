/**
 * Answers the server's requests for the workspace's `.bimetal` files where it cannot read them
 * itself: every folder for the Web Worker server (it has no file system), a virtual folder (GitHub
 * Repositories, a remote file system) for the Node one. So closed files get diagnostics and Score
 * Workspace sees every file there too. Files are read with VS Code's file system API, which serves
 * any workspace scheme.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { decodeText } from '../../engine/src/textDecoding';
import { filesInFolders, LIST_WORKSPACE_FILES, READ_WORKSPACE_FILE } from '../../report/src/protocol';

/** Folders never worth searching for recipe files (as the Node server's walk skips them). */
const EXCLUDED = '**/{node_modules,.git,dist,out,.vscode-test,.vscode-test-web}/**';

export function answerWorkspaceFileRequests(client: BaseLanguageClient): void {
  client.onRequest(LIST_WORKSPACE_FILES, async ({ folders }: { folders: string[] }) => {
    const found = await vscode.workspace.findFiles('**/*.bimetal', EXCLUDED);
    return filesInFolders(found.map((uri) => uri.toString()), folders);
  });
  client.onRequest(READ_WORKSPACE_FILE, async ({ uri }: { uri: string }) => {
    return decodeText(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri)));
  });
}
