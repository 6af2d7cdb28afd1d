/**
 * The virtualised results table: however many rows pass the filters, only those in (or next to)
 * the scrolled viewport exist as DOM rows; two spacer rows keep the scroll bar true to the whole
 * list. Cells come from the extension on demand (it keeps the records); until they arrive a row
 * shows its member name. Work happens on scroll (once per animation frame) and on new data, never
 * on a timer.
 */
import type { BodyCell, CellFlag, HeaderCell } from '../results/tableModel';
import { rowWindow } from '../results/tableModel';

const FLAG_CLASSES: Record<CellFlag, string> = {
  outOfDomain: 'ood',
  belowThreshold: 'below-threshold',
  error: 'error',
  warning: 'warning',
};

/** How long scrolling must pause before the rows in view get their cells. */
const SCROLL_PAUSE_MS = 120;

/** Pixel height of a body row (results.css fixes it, so positions are arithmetic). */
export const ROW_HEIGHT = 24;

export interface TableCallbacks {
  sortBy(column: string, secondary: boolean): void;
  reveal(row: number): void;
  detail(row: number): void;
  /** Rows whose cells are needed. */
  want(rows: number[]): void;
  /** Member name of a row, shown until its cells arrive. */
  name(row: number): string;
}

export class VirtualTable {
  private rows: Uint32Array = new Uint32Array(0);
  private readonly cells = new Map<number, BodyCell[]>();
  private readonly asked = new Set<number>();
  private columns = 0;
  private frame = 0;
  /** The DOM rows drawn last, by row: kept while they stay in the window, so scrolling builds only the rows that come into view. */
  private drawn = new Map<number, HTMLTableRowElement>();
  private readonly top = spacer();
  private scrolling = false;
  private askTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly bottom = spacer();

  constructor(
    private readonly scroller: HTMLElement,
    private readonly table: HTMLTableElement,
    private readonly callbacks: TableCallbacks,
  ) {
    scroller.addEventListener('scroll', () => this.schedule(true), { passive: true });
    const body = table.tBodies[0];
    body.addEventListener('click', (event) => {
      const target = event.target as HTMLElement;
      const row = rowOf(target);
      if (row === undefined) return;
      if (target.closest('button.detail')) this.callbacks.detail(row);
      else this.callbacks.reveal(row);
    });
    body.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      const row = rowOf(event.target as HTMLElement);
      if (row === undefined || (event.target as HTMLElement).closest('button')) return;
      event.preventDefault();
      this.callbacks.reveal(row);
    });
  }

  setHeader(header: HeaderCell[]): void {
    this.columns = header.length;
    const tr = document.createElement('tr');
    for (const h of header) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h.sortRank === 2 ? `${h.text} ²` : h.text;
      th.title = h.title;
      th.tabIndex = 0;
      th.setAttribute('aria-sort', h.sorted);
      th.dataset.column = h.id;
      if (h.numeric) th.classList.add('num');
      th.addEventListener('click', (e) => this.callbacks.sortBy(h.id, e.shiftKey));
      th.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        this.callbacks.sortBy(h.id, e.shiftKey);
      });
      tr.append(th);
    }
    this.table.tHead!.replaceChildren(tr);
  }

  /** New row order (filters or sort changed); the cells already fetched stay valid. */
  setRows(rows: Uint32Array, resetScroll: boolean): void {
    this.rows = rows;
    this.table.setAttribute('aria-rowcount', String(rows.length));
    if (resetScroll) this.scroller.scrollTop = 0;
    this.draw();
  }

  /** A new run: every cached cell and drawn row belongs to the old one. */
  clearCells(): void {
    this.cells.clear();
    this.asked.clear();
    this.drawn.clear();
  }

  addCells(rows: ReadonlyArray<{ row: number; cells: BodyCell[] }>): void {
    for (const r of rows) {
      this.cells.set(r.row, r.cells);
      this.asked.delete(r.row);
    }
    this.draw();
  }

  private schedule(scrolling: boolean): void {
    if (scrolling) {
      // Cells are asked for once the scrolling pauses: rows flown past are never fetched, and a
      // fast scroll is not a stream of messages through the workbench.
      clearTimeout(this.askTimer);
      this.askTimer = setTimeout(() => {
        this.scrolling = false;
        this.draw();
      }, SCROLL_PAUSE_MS);
      this.scrolling = true;
    }
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const { first, last } = rowWindow(this.rows.length, this.scroller.scrollTop, this.scroller.clientHeight || 600, ROW_HEIGHT);
    const body = this.table.tBodies[0];
    setSpacer(this.top, first * ROW_HEIGHT, this.columns);
    setSpacer(this.bottom, (this.rows.length - last) * ROW_HEIGHT, this.columns);
    const drawn = new Map<number, HTMLTableRowElement>();
    const nodes: HTMLTableRowElement[] = [this.top];
    const missing: number[] = [];
    for (let i = first; i < last; i++) {
      const row = this.rows[i];
      const cells = this.cells.get(row);
      if (!cells && !this.asked.has(row)) missing.push(row);
      const kept = this.drawn.get(row);
      const node = kept && kept.classList.contains('pending') === !cells ? kept : this.rowNode(row, cells);
      node.setAttribute('aria-rowindex', String(i + 2));
      drawn.set(row, node);
      nodes.push(node);
    }
    nodes.push(this.bottom);
    this.drawn = drawn;
    body.replaceChildren(...nodes);
    if (missing.length && !this.scrolling) {
      for (const row of missing) this.asked.add(row);
      this.callbacks.want(missing);
    }
  }

  private rowNode(row: number, cells: BodyCell[] | undefined): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.tabIndex = 0;
    tr.dataset.row = String(row);
    const name = this.callbacks.name(row);
    tr.title = `Click to reveal ${name} in its file; (i) for its detail`;
    const shown = cells ?? [{ text: name, title: '', numeric: false, flags: [] }];
    shown.forEach((cell, c) => {
      const td = document.createElement('td');
      if (c === 0) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'detail';
        button.textContent = 'i';
        button.title = `Detail of ${name}: terms, attribution, reference, 3D core`;
        button.setAttribute('aria-label', `detail of ${name}`);
        td.append(button, ` ${cell.text}`);
      } else {
        td.textContent = cell.text;
      }
      if (cell.title) td.title = cell.title;
      if (cell.numeric) td.classList.add('num');
      for (const flag of cell.flags) td.classList.add(FLAG_CLASSES[flag]);
      tr.append(td);
    });
    if (!cells) tr.classList.add('pending');
    return tr;
  }
}

function spacer(): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.className = 'spacer';
  tr.setAttribute('aria-hidden', 'true');
  tr.append(document.createElement('td'));
  return tr;
}

function setSpacer(tr: HTMLTableRowElement, height: number, columns: number): void {
  const td = tr.cells[0];
  td.colSpan = Math.max(1, columns);
  // CSSOM, not a style attribute: the page's CSP allows only the extension's stylesheet.
  td.style.height = `${height}px`;
}

function rowOf(target: HTMLElement): number | undefined {
  const tr = target.closest('tr[data-row]') as HTMLElement | null;
  return tr ? Number(tr.dataset.row) : undefined;
}
