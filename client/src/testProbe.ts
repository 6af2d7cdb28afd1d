/**
 * What the extension-host tests (test/extension-host) observe that the `vscode` API does not let
 * them see: the progress notifications and status bar messages the commands show, and the messages
 * the results webview sends to the extension. `activate` returns a probe only when VS Code runs the extension under
 * test (`ExtensionMode.Test`), so it is no part of the API other extensions get.
 */
import * as vscode from 'vscode';
import type { StatusBar } from './restartServer';

export interface ProgressSeen {
  title: string | undefined;
  location: vscode.ProgressOptions['location'];
  cancellable: boolean;
  /** Every `progress.report` the task made, in order. */
  reports: { message?: string; increment?: number }[];
  finished: boolean;
}

export type WithProgress = typeof vscode.window.withProgress;

export class TestProbe {
  readonly progress: ProgressSeen[] = [];
  readonly webviewMessages: unknown[] = [];
  readonly statusBarMessages: string[] = [];

  /** `vscode.window.withProgress`, recording what the notification was given. */
  readonly withProgress: WithProgress = (options, task) => {
    const seen: ProgressSeen = { title: options.title, location: options.location, cancellable: !!options.cancellable, reports: [], finished: false };
    this.progress.push(seen);
    return vscode.window.withProgress(options, (progress, token) => {
      const recording = {
        report: (value: { message?: string; increment?: number }) => {
          seen.reports.push(value);
          progress.report(value);
        },
      };
      return Promise.resolve(task(recording, token)).finally(() => (seen.finished = true));
    });
  };

  /** `vscode.window`'s status bar messages, recording their text. */
  readonly statusBar: StatusBar = {
    setStatusBarMessage: (text: string, hide: number | PromiseLike<unknown>) => {
      this.statusBarMessages.push(text);
      return typeof hide === 'number' ? vscode.window.setStatusBarMessage(text, hide) : vscode.window.setStatusBarMessage(text, hide);
    },
  };

  readonly webviewMessage = (message: unknown): void => {
    this.webviewMessages.push(message);
  };
}

/** A probe when the extension runs under test, else undefined. */
export function testProbe(context: vscode.ExtensionContext): TestProbe | undefined {
  return context.extensionMode === vscode.ExtensionMode.Test ? new TestProbe() : undefined;
}
