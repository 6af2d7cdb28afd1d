/**
 * Edits that turn a valid recipe file into a plausible broken one: characters and whole tokens
 * deleted, inserted, duplicated and swapped. Shared by the grammar's property test (fast-check
 * draws the edits) and the seeded fuzzer (test/fuzz/inputs.ts draws them from its own generator).
 */
import type { OffsetRange } from '../../engine/src/recipe';

/** Characters and words that most often break or confuse the lexer and parser. */
export const MUTATION_ALPHABET = [
  '{', '}', '[', ']', '"', '\\', ',', '.', '..', ';', '#', '=', 'x', ' ', '\n', '\r', 'Å', '@', '-', '1', 'e', 'A',
  '\u0000', '\uD800', 'recipe ', 'ligand ', 'host ', 'ligands ',
];

export const MUTATION_KINDS = ['deleteChar', 'insert', 'swapChars', 'deleteToken', 'duplicateToken', 'swapTokens'] as const;

/** One edit; positions are reduced modulo the current text length or token count when applied. */
export interface Mutation {
  kind: (typeof MUTATION_KINDS)[number];
  at: number;
  token: number;
  other: number;
  insert: string;
}

/** Rough token boundaries, good enough to delete, duplicate and swap whole words, numbers and strings. */
function tokenSpans(text: string): OffsetRange[] {
  return [...text.matchAll(/"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][\w-]*|-?\d+(?:\.\d+)?|\.\.|\S/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    const spans = tokenSpans(out);
    const span = spans.length > 0 ? spans[m.token % spans.length] : { start: 0, end: 0 };
    const other = spans.length > 0 ? spans[m.other % spans.length] : span;
    switch (m.kind) {
      case 'deleteChar':
        out = out.slice(0, at) + out.slice(at + 1);
        break;
      case 'insert':
        out = out.slice(0, at) + m.insert + out.slice(at);
        break;
      case 'swapChars':
        out = out.slice(0, at) + out.slice(at + 1, at + 2) + out.slice(at, at + 1) + out.slice(at + 2);
        break;
      case 'deleteToken':
        out = out.slice(0, span.start) + out.slice(span.end);
        break;
      case 'duplicateToken':
        out = out.slice(0, at) + out.slice(span.start, span.end) + out.slice(at);
        break;
      case 'swapTokens': {
        const [a, b] = span.start <= other.start ? [span, other] : [other, span];
        if (a.end <= b.start) out = out.slice(0, a.start) + out.slice(b.start, b.end) + out.slice(a.end, b.start) + out.slice(a.start, a.end) + out.slice(b.end);
      }
    }
  }
  return out;
}
