/**
 * A document's grammar diagnostics, looked up by recipe block: every member's record carries the
 * diagnostics inside its recipe block. Filtering the whole list for each record cost members ×
 * diagnostics: quadratic in a file with a warning in every recipe (`npm run bench -- batch` scores
 * 30,000 such recipes beside the same without warnings). One sort by position, then a binary
 * search per block, keeps it near linear.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import { firstIndexWhere } from '../../engine/src/firstIndexWhere';

export class DiagnosticsByBlock {
  /** Positions into `diagnostics`, by where each starts (ties in list order); sorted on first use. */
  private byStart: Int32Array | undefined;

  constructor(private readonly diagnostics: readonly BimetalDiagnostic[]) {}

  /** The diagnostics that start inside `block` (start ≤ offset < end), in the order of the list. */
  within(block: OffsetRange | undefined): BimetalDiagnostic[] {
    if (!block || this.diagnostics.length === 0) return [];
    const order = (this.byStart ??= this.sortByStart());
    const first = firstIndexWhere(order.length, (i) => this.startOf(order[i]) >= block.start);
    const found: number[] = [];
    for (let i = first; i < order.length && this.startOf(order[i]) < block.end; i++) found.push(order[i]);
    return found.sort((a, b) => a - b).map((i) => this.diagnostics[i]);
  }

  private startOf(index: number): number {
    return this.diagnostics[index].range.start;
  }

  private sortByStart(): Int32Array {
    const order = Int32Array.from(this.diagnostics.keys());
    return order.sort((a, b) => this.startOf(a) - this.startOf(b) || a - b);
  }
}
