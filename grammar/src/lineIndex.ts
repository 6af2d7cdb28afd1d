/**
 * Converts between offsets and 0-based line/character positions. Characters are UTF-16 code
 * units (JavaScript string indices), which is what LSP positions use by default. Line breaks
 * are `\n`, `\r\n` and a lone `\r`.
 *
 * A U+FEFF at the very start of the text is a byte order mark, a mark of the file's encoding and
 * not part of line 1: line 1 starts after it, so it takes no column. Editors (VS Code, and so the
 * language server) drop it before they see the text; a file read from disk by the command line
 * keeps it. Offsets stay offsets into the text as given, BOM included, so ranges still slice and
 * edit that text; only the columns printed for line 1 leave the BOM out, and `check` prints what
 * the editor shows. A U+FEFF anywhere else is a character like any other.
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const starts = [bom];
    for (let i = bom; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Position of an offset; offsets outside the text are clamped to it. */
  positionAt(offset: number): { line: number; character: number } {
    const clamped = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    // Only the byte order mark lies before its line's start: it is at the start of line 1.
    return { line: low, character: Math.max(0, clamped - this.lineStarts[low]) };
  }

  /** Offset of a position; a character past the line's end is clamped to it (before its line break). */
  offsetAt(position: { line: number; character: number }): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  /** Offset of the first character of a line (0 ≤ line < lineCount); line 0 starts after a byte order mark. */
  lineStart(line: number): number {
    return this.lineStarts[line];
  }

  /** Offset of the first character of the line that holds `offset`. */
  lineStartAt(offset: number): number {
    return this.lineStarts[this.positionAt(offset).line];
  }

  /** Offset just past the last character of a line, before its line break. */
  lineEnd(line: number): number {
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    while (end > this.lineStarts[line] && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end;
  }
}
