/**
 * The extension's start (client/src/clientLifecycle.ts) with its real commands and results panels,
 * against stand-ins for VS Code (test/helpers/vscodeStub.ts) and for the language client: what the
 * server is asked, in which order, when the user trusts the workspace.
 */
import { created, grantTrust, registeredCommands } from '../helpers/vscodeStub';
import '../helpers/languageClientStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { startClient } from '../../client/src/clientLifecycle';
import { packRecords } from '../../report/src/packedRecords';
import { SCORE_WORKSPACE, WORKSPACE_TRUSTED } from '../../report/src/protocol';
import { record } from '../helpers/scoreRecord';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A running client whose server scores the workspace as two records; `sent`: the methods sent to it, in order. */
function client(sent: string[]): BaseLanguageClient {
  const none = { dispose: () => undefined };
  const stub = {
    start: async () => undefined,
    onNotification: () => none,
    onProgress: () => none,
    sendNotification: async (method: string) => void sent.push(method),
    sendRequest: async (method: string) => {
      sent.push(method);
      return packRecords([record('S', -1.4), record('P', -2.2)]);
    },
  };
  return stub as unknown as BaseLanguageClient;
}

test('trusting the workspace makes the open results panels again, after the server is told', async () => {
  const sent: string[] = [];
  const context = { subscriptions: [] as Array<{ dispose(): void }>, extensionUri: { path: '/ext' }, extensionMode: 1 };
  await startClient(context as never, client(sent));
  await registeredCommands.get('bimetal.scoreWorkspace')!();
  const panel = created.at(-1)!;
  assert.deepEqual(sent, [SCORE_WORKSPACE]);
  // In Restricted Mode a recipe's structure file is refused (BM310, no E_form); trusted, the server reads it.
  grantTrust();
  for (let i = 0; i < 10; i++) await tick();
  assert.deepEqual(sent, [SCORE_WORKSPACE, WORKSPACE_TRUSTED, SCORE_WORKSPACE]);
  assert.ok(panel.page.posted.some((m) => (m as { type: string; text?: string }).type === 'notice' && /trusted/.test((m as { text: string }).text)), 'the panel says why it is made again');
  for (const d of context.subscriptions) d.dispose();
});
