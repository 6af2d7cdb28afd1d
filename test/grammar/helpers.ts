import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import { analyzeText } from '../../grammar/src/index';

/** The source text a range covers. */
export function textAt(source: string, range: OffsetRange): string {
  return source.slice(range.start, range.end);
}

/** Diagnostics of a full analysis as `CODE 'covered text'` strings, in position order. */
export function described(source: string, diagnostics: BimetalDiagnostic[] = analyzeText(source).diagnostics): string[] {
  return diagnostics.map((d) => `${d.code} '${textAt(source, d.range)}'`);
}

/** A recipe body wrapped in a recipe with a valid host and dopant unless the body gives them. */
export function recipe(body: string, name = 'R'): string {
  return `recipe ${name} {\n${body}\n}\n`;
}

/** A valid file that uses every construct of the language once. */
export const EVERY_CONSTRUCT = `# header comment
ligand PET = "SCCc1ccccc1" binds S, P logP 2.5
recipe Au4Ru2 {
  host Au 4; dopant [Ru, Os] 1..2
  topology octahedron shells 1
  site surface
  ligands PET x 8, "C\\\\P" x [2, 3]
  support zeolite MFI
  distance 490 pm
  charge -1
  energy -2.9 eV
  note "a \\"quoted\\" note"
  structure "cores/au6.xyz"
}
`;

/** Every range in a plain-data tree (AST nodes, list items, comments, member ranges). */
export function rangesIn(value: unknown, out: OffsetRange[] = []): OffsetRange[] {
  if (Array.isArray(value)) for (const v of value) rangesIn(v, out);
  else if (value && typeof value === 'object') {
    // A node is a range and holds ranges: its children.
    if ('start' in value && 'end' in value) out.push(value as OffsetRange);
    for (const v of Object.values(value)) rangesIn(v, out);
  }
  return out;
}
