/**
 * Turns LSP work-done progress (`$/progress` with absolute percentages) into the steps VS Code's
 * progress notification takes (increments). A server that reports nothing leaves the notification
 * indeterminate.
 */
import type { WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageclient';

export interface ProgressStep {
  message?: string;
  /** Percent to add to the bar (VS Code's progress API is additive). */
  increment?: number;
}

export class WorkDoneProgressSteps {
  private percent = 0;

  step(value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd): ProgressStep {
    const target = value.kind === 'end' ? 100 : value.percentage;
    const step: ProgressStep = { message: value.message };
    // Servers may repeat or (after a recount) lower a percentage; the bar never moves backwards.
    if (target !== undefined && Number.isFinite(target) && target > this.percent) {
      step.increment = Math.min(target, 100) - this.percent;
      this.percent = Math.min(target, 100);
    }
    return step;
  }
}
