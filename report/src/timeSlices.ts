/**
 * Long loops over members (a family may have 100,000) hand the event loop a turn every SLICE_MS,
 * so the language server keeps answering hovers and completions, and takes in edits (which abort
 * the stale run), while a large document is scored; the client unpacks a large results answer
 * the same way. A resolved `await` is not enough: it does not let pending I/O run.
 */
const SLICE_MS = 10;

export class TimeSlices {
  private sliceStart = performance.now();

  constructor(
    private readonly signal?: AbortSignal,
    private readonly sliceMs = SLICE_MS,
  ) {}

  /** Whether the current slice is used up: a caller that must finish synchronously when it can asks before awaiting `next`. */
  get due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** Yields when the current slice is used up; throws if the run was aborted meanwhile. */
  async next(): Promise<void> {
    if (!this.due) return;
    await eventLoopTurn();
    this.signal?.throwIfAborted();
    this.sliceStart = performance.now();
  }
}

/**
 * One turn of the event loop, in which pending I/O is read and handled.
 *
 * In Node a timer is not used: `setTimeout(…, 0)` waits at least a millisecond, idle, at every
 * yield. That was about a tenth of scoring a large document, which yields every 10 ms. A single
 * `setImmediate` lets I/O be read without that wait, but runs before the handling of a message read
 * meanwhile, which vscode-jsonrpc schedules with `setImmediate` too: a hover would wait a whole
 * slice more. The second `setImmediate` comes after it.
 *
 * A browser's Web Worker (VS Code for the Web) has no `setImmediate`; there it stays a timer.
 */
function eventLoopTurn(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  return new Promise((resolve) => setTimeout(resolve, 0));
}
