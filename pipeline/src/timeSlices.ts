/**
 * Long loops over members (a family may have 100,000) hand the event loop a turn every SLICE_MS,
 * so the language server keeps answering hovers and completions, and takes in edits (which abort
 * the stale run), while a large document is scored. A resolved `await` is not enough: only a
 * timer lets pending I/O run.
 */
const SLICE_MS = 10;

export class TimeSlices {
  private sliceStart = performance.now();

  constructor(private readonly signal?: AbortSignal) {}

  /** Whether the current slice is used up: a caller that must finish synchronously when it can asks before awaiting `next`. */
  get due(): boolean {
    return performance.now() - this.sliceStart >= SLICE_MS;
  }

  /** Yields when the current slice is used up; throws if the run was aborted meanwhile. */
  async next(): Promise<void> {
    if (!this.due) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.signal?.throwIfAborted();
    this.sliceStart = performance.now();
  }
}
