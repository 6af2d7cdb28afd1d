import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESTARTED_MESSAGE, RESTARTED_MESSAGE_MS, RESTARTING_MESSAGE, restartServer, type RestartableClient, type StatusBar } from '../../client/src/restartServer';

/** A client whose start the test finishes (or fails) when it chooses, logging every call. */
function fakeClient(running: boolean) {
  const log: string[] = [];
  let finishStart!: (error?: Error) => void;
  const client: RestartableClient = {
    isRunning: () => running,
    stop: async () => void log.push('stop'),
    start: () => {
      log.push('start');
      return new Promise<void>((resolve, reject) => (finishStart = (error) => (error ? reject(error) : resolve())));
    },
  };
  return { client, log, finishStart: (error?: Error) => finishStart(error) };
}

/** The status bar as the user sees it: each message with whether it is still shown. */
function fakeStatusBar(log: string[]) {
  const shown: { text: string; visible: boolean; hideAfter: number | 'when done' }[] = [];
  const window: StatusBar = {
    setStatusBarMessage(text: string, hide: number | PromiseLike<unknown>) {
      log.push(`status: ${text}`);
      const message = { text, visible: true, hideAfter: typeof hide === 'number' ? hide : ('when done' as const) };
      shown.push(message);
      if (typeof hide !== 'number') void Promise.resolve(hide).then(() => (message.visible = false));
      return { dispose: () => (message.visible = false) };
    },
  };
  return { window, shown };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

test('restart says it is restarting while the server starts, and says so again when it is done', async () => {
  const { client, log, finishStart } = fakeClient(true);
  const { window, shown } = fakeStatusBar(log);
  const restart = restartServer(client, window);
  await settle();
  assert.deepEqual([...log].sort(), ['start', `status: ${RESTARTING_MESSAGE}`, 'stop'].sort());
  assert.deepEqual(shown.map((m) => [m.text, m.visible]), [[RESTARTING_MESSAGE, true]], 'nothing claims success before the server is up');

  finishStart();
  await restart;
  await settle();
  assert.deepEqual(log.slice(-1), [`status: ${RESTARTED_MESSAGE}`]);
  assert.deepEqual(shown.map((m) => [m.text, m.visible, m.hideAfter]), [
    [RESTARTING_MESSAGE, false, 'when done'],
    [RESTARTED_MESSAGE, true, RESTARTED_MESSAGE_MS],
  ]);
});

test('a stopped server is started without a stop, with the same feedback', async () => {
  const { client, log, finishStart } = fakeClient(false);
  const { window, shown } = fakeStatusBar(log);
  const restart = restartServer(client, window);
  finishStart();
  await restart;
  assert.ok(!log.includes('stop'));
  assert.deepEqual(shown.map((m) => m.text), [RESTARTING_MESSAGE, RESTARTED_MESSAGE]);
});

test('a failed start propagates (the command shows the error) and never says "restarted"', async () => {
  const { client, log, finishStart } = fakeClient(true);
  const { window, shown } = fakeStatusBar(log);
  const restart = restartServer(client, window);
  await settle();
  finishStart(new Error('models missing'));
  await assert.rejects(restart, /models missing/);
  await settle();
  assert.deepEqual(shown.map((m) => [m.text, m.visible]), [[RESTARTING_MESSAGE, false]], 'the restarting message goes away too');
});
