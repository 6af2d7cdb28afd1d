/**
 * The virtualised results table: however many rows pass the filters, only those in (or next to)
 * the scrolled viewport exist as DOM rows; two spacer rows keep the scroll bar true to the whole
 * list. Cells come from the extension on demand (it keeps the records); until they arrive a row
 * shows its member name. Work happens on scroll (once per animation frame) and on new data, never
 * on a timer.
 *
 * Keyboard: an ARIA grid of focusable rows with one tab stop (roving tabindex). ArrowUp/Down,
 * PageUp/Down and Home/End move through every row that passes the filters, not only the drawn
 * ones: the table scrolls to the row and draws it. A redraw moves only the rows that changed
 * place and gives focus back to the focused row (or its (i) button) when its node was replaced.
 * Headers are updated in place, so a header sorted from the keyboard keeps focus.
 */
import type { BodyCell, CellFlag, HeaderCell } from '../results/tableModel';
import { rowWindow } from '../results/tableModel';

const FLAG_CLASSES: Record<CellFlag, string> = {
  outOfDomain: 'ood',
  belowThreshold: 'below-threshold',
  error: 'error',
  warning: 'warning',
};

/** What a flag means, in words for screen readers (the colour says it to the eye). */
const FLAG_WORDS: Record<CellFlag, string> = {
  outOfDomain: 'out of domain',
  belowThreshold: 'below the φ threshold',
  error: 'has errors',
  warning: 'has warnings',
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
  /** Scrolling paused at `scrollTop` (px). */
  scrolled(scrollTop: number): void;
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
  /** The row (store number) that holds the table's tab stop: the last one focused. */
  private active: number | undefined;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly table: HTMLTableElement,
    private readonly callbacks: TableCallbacks,
  ) {
    scroller.addEventListener('scroll', () => this.schedule(true), { passive: true });
    table.setAttribute('role', 'grid');
    table.setAttribute('aria-readonly', 'true');
    const body = table.tBodies[0];
    body.addEventListener('click', (event) => {
      const target = event.target as HTMLElement;
      const row = rowOf(target);
      if (row === undefined) return;
      if (target.closest('button.detail')) this.callbacks.detail(row);
      else this.callbacks.reveal(row);
    });
    body.addEventListener('focusin', (event) => {
      const row = rowOf(event.target as HTMLElement);
      if (row !== undefined && row !== this.active) {
        this.active = row;
        this.updateTabStops();
      }
    });
    body.addEventListener('keydown', (event) => {
      const target = event.target as HTMLElement;
      const row = rowOf(target);
      if (row === undefined) return;
      if (event.key === 'Enter' || event.key === ' ') {
        if (target.closest('button')) return;
        event.preventDefault();
        this.callbacks.reveal(row);
        return;
      }
      const index = this.rows.indexOf(row);
      const to = this.moveTarget(event, index < 0 ? 0 : index);
      if (to === undefined) return;
      event.preventDefault();
      this.focusIndex(to);
    });
    // A focused row scrolled out of the drawn window (the wheel) leaves focus on the scroller: an
    // arrow key there comes back to the rows.
    scroller.addEventListener('keydown', (event) => {
      if (event.target !== scroller) return;
      const index = this.active === undefined ? -1 : this.rows.indexOf(this.active);
      const first = Math.min(this.rows.length - 1, Math.ceil(this.scroller.scrollTop / ROW_HEIGHT));
      const to = this.moveTarget(event, index < 0 ? first : index);
      if (to === undefined) return;
      event.preventDefault();
      this.focusIndex(index < 0 ? first : to);
    });
    const head = table.tHead!;
    const sortFrom = (event: MouseEvent | KeyboardEvent) => {
      const th = (event.target as HTMLElement).closest('th[data-column]') as HTMLElement | null;
      if (th?.dataset.column) this.callbacks.sortBy(th.dataset.column, event.shiftKey);
    };
    head.addEventListener('click', sortFrom);
    head.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      sortFrom(e);
    });
  }

  /** Where a navigation key moves from row `index` (in table order); undefined for other keys. */
  private moveTarget(event: KeyboardEvent, index: number): number | undefined {
    if (this.rows.length === 0 || event.altKey || event.metaKey) return undefined;
    const page = Math.max(1, Math.floor((this.scroller.clientHeight - this.headerHeight()) / ROW_HEIGHT) - 1);
    const last = this.rows.length - 1;
    switch (event.key) {
      case 'ArrowDown':
        return Math.min(last, index + 1);
      case 'ArrowUp':
        return Math.max(0, index - 1);
      case 'PageDown':
        return Math.min(last, index + page);
      case 'PageUp':
        return Math.max(0, index - page);
      case 'Home':
        return 0;
      case 'End':
        return last;
      default:
        return undefined;
    }
  }

  private headerHeight(): number {
    return this.table.tHead?.offsetHeight ?? 0;
  }

  /** Scrolls row `index` (table order) into view below the sticky header, draws it and focuses it. */
  focusIndex(index: number): void {
    if (index < 0 || index >= this.rows.length) return;
    this.active = this.rows[index];
    const header = this.headerHeight();
    const top = index * ROW_HEIGHT;
    const view = Math.max(ROW_HEIGHT, this.scroller.clientHeight - header);
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + view) this.scroller.scrollTop = top + ROW_HEIGHT - view;
    this.draw();
    this.drawn.get(this.active)?.focus({ preventScroll: true });
  }

  /** Focuses row `row` (store number) if the filters let it through; false when they do not. */
  focusRow(row: number): boolean {
    const index = this.rows.indexOf(row);
    if (index < 0) return false;
    this.focusIndex(index);
    return true;
  }

  setHeader(header: HeaderCell[]): void {
    this.columns = header.length;
    const head = this.table.tHead!;
    const current = head.rows[0];
    // Same columns: update the cells in place, so the header just sorted keeps focus.
    const same = current && current.cells.length === header.length && header.every((h, i) => (current.cells[i] as HTMLElement).dataset.column === h.id);
    const tr = same ? current : document.createElement('tr');
    if (!same) tr.setAttribute('aria-rowindex', '1');
    header.forEach((h, i) => {
      const th = same ? (tr.cells[i] as HTMLTableCellElement) : document.createElement('th');
      if (!same) {
        th.scope = 'col';
        th.tabIndex = 0;
        th.dataset.column = h.id;
        if (h.numeric) th.classList.add('num');
        tr.append(th);
      }
      fillHeader(th, h);
    });
    if (!same) head.replaceChildren(tr);
  }

  /** New row order (filters or sort changed); the cells already fetched stay valid. */
  setRows(rows: Uint32Array, resetScroll: boolean): void {
    this.rows = rows;
    // The header row counts: rows are numbered from 2 (aria-rowindex).
    this.table.setAttribute('aria-rowcount', String(rows.length + 1));
    if (resetScroll) this.scroller.scrollTop = 0;
    this.draw();
  }

  /** Scrolls the rows to `scrollTop` (px), as far as they reach, and draws them. */
  scrollTo(scrollTop: number): void {
    this.scroller.scrollTop = scrollTop;
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
        // Read before drawing, as draw reads it: after, it would force a layout.
        const scrollTop = this.scroller.scrollTop;
        this.draw();
        this.callbacks.scrolled(scrollTop);
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
    // Where the table is, read before anything changes: read after a change, the browser lays the
    // table out there and then (a forced layout), and again for the change after it.
    const scrollTop = this.scroller.scrollTop;
    const { first, last } = rowWindow(this.rows.length, scrollTop, this.scroller.clientHeight || 600, ROW_HEIGHT);
    const body = this.table.tBodies[0];
    setSpacer(this.top, first * ROW_HEIGHT, this.columns);
    setSpacer(this.bottom, (this.rows.length - last) * ROW_HEIGHT, this.columns);
    const drawn = new Map<number, HTMLTableRowElement>();
    const nodes: HTMLTableRowElement[] = [this.top];
    // What has focus in the body, so it can be given back if its node is replaced or moved.
    const focused = document.activeElement instanceof HTMLElement && body.contains(document.activeElement) ? document.activeElement : undefined;
    const focusedRow = focused ? rowOf(focused) : undefined;
    const focusedButton = Boolean(focused?.closest('button.detail'));
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
    place(body, nodes);
    // Removing the focused row lets the browser lay out mid-change; the window drawn is the one for
    // this position. Without focus in the rows nothing lays out before the frame is drawn (`place`
    // never lets the list get shorter on the way), so nothing is read back: a read would force a layout.
    if (focused && this.scroller.scrollTop !== scrollTop) this.scroller.scrollTop = scrollTop;
    this.updateTabStops();
    if (focusedRow !== undefined && focused && !focused.isConnected) {
      const node = drawn.get(focusedRow);
      const target = node && focusedButton ? node.querySelector<HTMLElement>('button.detail') : node;
      // Scrolled out of the window: focus stays in the table, on its scroller.
      (target ?? this.scroller).focus({ preventScroll: true });
    } else if (focused && document.activeElement !== focused && focused.isConnected) {
      focused.focus({ preventScroll: true });
    }
    if (missing.length && !this.scrolling) {
      for (const row of missing) this.asked.add(row);
      this.callbacks.want(missing);
    }
  }

  /** One tab stop: the active row if drawn, else the first drawn row; the (i) button of that row only. */
  private updateTabStops(): void {
    const stop = this.active !== undefined && this.drawn.has(this.active) ? this.active : this.drawn.keys().next().value;
    for (const [row, node] of this.drawn) {
      const on = row === stop;
      node.tabIndex = on ? 0 : -1;
      const button = node.querySelector<HTMLElement>('button.detail');
      if (button) button.tabIndex = on ? 0 : -1;
    }
  }

  private rowNode(row: number, cells: BodyCell[] | undefined): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.tabIndex = -1;
    tr.dataset.row = String(row);
    const name = this.callbacks.name(row);
    tr.title = `Click (or Enter) to reveal ${name} in its file; (i) for its detail. Arrow keys, Page Up/Down, Home/End move between rows`;
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
        button.tabIndex = -1;
        td.append(button, ` ${cell.text}`);
      } else {
        td.textContent = cell.text;
      }
      if (cell.title) td.title = cell.title;
      if (cell.numeric) td.classList.add('num');
      for (const flag of cell.flags) td.classList.add(FLAG_CLASSES[flag]);
      if (cell.flags.length) {
        const words = document.createElement('span');
        words.className = 'visually-hidden';
        words.textContent = ` (${cell.flags.map((f) => FLAG_WORDS[f]).join(', ')})`;
        td.append(words);
      }
      tr.append(td);
    });
    if (!cells) tr.classList.add('pending');
    return tr;
  }
}

/**
 * Puts `nodes` in `parent` in this order, moving only what is out of place: a kept row is not
 * detached (detaching a node drops its focus), and scrolling adds and removes rows at the ends.
 */
function place(parent: HTMLElement, nodes: readonly HTMLElement[]): void {
  const wanted = new Set<Node>(nodes);
  let cursor: ChildNode | null = parent.firstChild;
  for (const node of nodes) {
    while (cursor && !wanted.has(cursor)) cursor = cursor.nextSibling;
    if (node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
  // Rows that left the window go last: the list never gets shorter than it ends, so the browser
  // never clamps the scroll position on the way.
  for (const child of Array.from(parent.childNodes)) if (!wanted.has(child)) child.remove();
}

/** A header cell's name, its sort state for screen readers (aria-sort on the primary key only), and the arrow for the eye. */
function fillHeader(th: HTMLTableCellElement, h: HeaderCell): void {
  th.title = h.title;
  if (h.sortRank === 1) th.setAttribute('aria-sort', h.sorted);
  else th.removeAttribute('aria-sort');
  const name = document.createElement('span');
  name.textContent = h.text;
  const parts: Node[] = [name];
  if (h.sortRank === 2) {
    const words = document.createElement('span');
    words.className = 'visually-hidden';
    words.textContent = `, second sort key, ${h.sorted}`;
    parts.push(words);
  }
  if (h.sortRank > 0) {
    const mark = document.createElement('span');
    mark.className = 'sort-mark';
    mark.setAttribute('aria-hidden', 'true');
    mark.textContent = `${h.sorted === 'descending' ? '▼' : '▲'}${h.sortRank === 2 ? '²' : ''}`;
    parts.push(mark);
  }
  th.replaceChildren(...parts);
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
  // Set only when it changes: set even to the same value, a cell's span makes the browser lay the
  // table out again, and the table is drawn again, mostly as it was, as scrolling pauses and as
  // cells arrive (the next draw's first read would force that layout).
  const colSpan = Math.max(1, columns);
  if (td.colSpan !== colSpan) td.colSpan = colSpan;
  // CSSOM, not a style attribute: the page's CSP allows only the extension's stylesheet.
  td.style.height = `${height}px`;
}

function rowOf(target: HTMLElement): number | undefined {
  const tr = target.closest('tr[data-row]') as HTMLElement | null;
  return tr ? Number(tr.dataset.row) : undefined;
}
