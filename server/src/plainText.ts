/**
 * Markdown read as plain text, for editors that show hover and completion documentation without
 * a Markdown renderer. The cards are written once, in Markdown; this renders what they use
 * (emphasis, code spans, backslash escapes, links, headings, lists, fenced code and pipe tables,
 * the tables as aligned columns) so that no `**`, backtick, escape or table pipe reaches the
 * reader. It is not a full CommonMark implementation.
 */

type Alignment = 'left' | 'right' | 'center';

/** Columns of a plain-text table are separated by this much space. */
const COLUMN_GAP = '  ';

export function markdownToPlainText(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      else out.push(line);
      i++;
    } else if (fenceMark) {
      fence = fenceMark;
      i++;
    } else if (isTableRow(line) && i + 1 < lines.length && isDelimiterRow(lines[i + 1])) {
      const alignments = cells(lines[i + 1]).map(alignmentOf);
      const rows = [cells(line)];
      for (i += 2; i < lines.length && isTableRow(lines[i]); i++) rows.push(cells(lines[i]));
      for (const text of tableText(rows.map((row) => row.map(inlineText)), alignments)) out.push(text);
    } else {
      out.push(blockLine(line));
      i++;
    }
  }
  return out.join('\n');
}

function isTableRow(line: string): boolean {
  return /^\s*\|/.test(line);
}

function isDelimiterRow(line: string): boolean {
  return /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line);
}

/** The cells of a pipe-table row. As in GFM, `\|` is a literal pipe even inside a code span. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function alignmentOf(delimiter: string): Alignment {
  const left = delimiter.startsWith(':');
  const right = delimiter.endsWith(':');
  return left && right ? 'center' : right ? 'right' : 'left';
}

/** Header, a rule of dashes, then the rows, each column padded to its widest cell. */
function tableText(rows: string[][], alignments: Alignment[]): string[] {
  // Loops, not Math.max(...rows): a spread of a long table's rows into one call can overflow the stack.
  let columns = 0;
  for (const row of rows) columns = Math.max(columns, row.length);
  const widths = new Array<number>(columns).fill(0);
  for (const row of rows) for (let c = 0; c < columns; c++) widths[c] = Math.max(widths[c], displayWidth(row[c] ?? ''));
  const line = (row: string[]) => widths.map((width, c) => pad(row[c] ?? '', width, alignments[c] ?? 'left')).join(COLUMN_GAP).trimEnd();
  const [header, ...body] = rows;
  return [line(header), widths.map((width) => '-'.repeat(width)).join(COLUMN_GAP), ...body.map(line)];
}

function pad(text: string, width: number, alignment: Alignment): string {
  const room = width - displayWidth(text);
  if (alignment === 'right') return ' '.repeat(room) + text;
  if (alignment === 'center') return ' '.repeat(Math.floor(room / 2)) + text + ' '.repeat(Math.ceil(room / 2));
  return text + ' '.repeat(room);
}

/** Columns a string takes in a monospace font: combining marks (the tilde of D̃) take none. */
export function displayWidth(text: string): number {
  return [...text.replace(/\p{M}/gu, '')].length;
}

function blockLine(line: string): string {
  const body = line
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/^\s{0,3}>\s?/, '')
    .replace(/^(\s*)[*+]\s+/, '$1- ');
  return inlineText(body);
}

/**
 * Inline Markdown without its markup: code spans keep their text verbatim, escapes lose their
 * backslash. Both are set aside first, each as one private-use character, so that an escaped `*` or
 * `_` in a user's recipe name is never read as emphasis, and emphasis around a code span still is.
 */
function inlineText(text: string): string {
  const kept: string[] = [];
  const keep = (verbatim: string) => String.fromCharCode(0xe000 + kept.push(verbatim) - 1);
  const protectedText = text
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _fence: string, code: string) => keep(code.replace(/^ ([\s\S]*) $/, '$1')))
    .replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => keep(c));
  return withoutMarkup(protectedText).replace(/[\ue000-\uf8ff]/g, (c) => kept[c.charCodeAt(0) - 0xe000] ?? c);
}

/** Emphasis and links removed from text whose code spans and escapes are set aside. */
function withoutMarkup(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    // `_` inside a word (E_form, χ_env) is not emphasis, and does not end it either; `*` may be.
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)((?:[^_]|(?<=[\p{L}\p{N}])_(?=[\p{L}\p{N}]))*?\S)_(?![\p{L}\p{N}_])/gu, '$1$2')
    .replace(/(^|[^*])\*(?=\S)([^*]*?\S)\*(?!\*)/g, '$1$2');
}
