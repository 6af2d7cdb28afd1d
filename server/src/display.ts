/** Markdown for hovers; numbers read as everywhere in the editor (report/src/numbers.ts). */

/** Escapes text for a Markdown hover (names and notes are user text). */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}
