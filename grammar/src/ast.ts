import type { OffsetRange } from '../../engine/src/recipe';
import type { FollowingValue } from './following';

/**
 * The `.bimetal` abstract syntax tree.
 *
 * Every node, and every item of every list, is its own range: `start` and `end` are half-open
 * character offsets `[start, end)` into the source text (convert with `LineIndex`), so a node is
 * passed wherever an `OffsetRange` is asked for. Where a range is kept apart from the tree
 * (members' ranges, diagnostics, the pipeline's ligand sources), copy it with `rangeOf`, so that it
 * does not keep the node's subtree alive or carry it into printed output. Parts that the source
 * lacks are `undefined`, never invented: `host` with no element has `element: undefined`. The
 * tree is plain data (JSON-serialisable).
 *
 * Shapes, informally:
 *   BimetalFile   { declarations: (LigandDecl | RecipeDecl)[] in source order, ligands, recipes }
 *   LigandDecl    ligand NAME = "SMILES" [binds A, B] [logP 2.3]
 *                 { name?, smiles?: StringNode, binds?: { keyword, atoms: Word[] }, logP?: { keyword, value? } }
 *                 (declarations, properties and clauses start with their `keyword`: see keywordOf)
 *   RecipeDecl    recipe NAME { PROPERTY… }
 *                 { name?, properties: Property[] in source order, openBrace?, closeBrace? }
 *   Property      one of MetalProperty (host/dopant), TopologyProperty, SiteProperty,
 *                 LigandsProperty, SupportProperty, DistanceProperty, ChargeProperty,
 *                 EnergyProperty, NoteProperty, StructureProperty, UnknownProperty;
 *                 each has `keyword` (the property word as written) and `kind`.
 *   Choice<T>     a slot that may hold one value or a family list: `Au` → the Word itself;
 *                 `[Fe, Co]` → { kind: 'list', items: [Fe, Co], closed } (see choiceItems)
 *   CountItem     NumberNode (`4`) or RangeNode (`1..4`, `to` absent when unfinished).
 */

/**
 * Offsets in the node itself rather than in a `range` object: a 10,000-recipe file's tree held
 * 287,000 such objects, 8 MB of its 40 MB, each allocated, copied by the young generation's
 * collections and touched as fresh memory (`npm run bench -- parse`).
 */
export interface Node extends OffsetRange {}

/** A copy of `range` that holds only its offsets (see the tree's comment above). */
export function rangeOf(range: OffsetRange): OffsetRange {
  return { start: range.start, end: range.end };
}

/** An identifier or keyword exactly as written. */
export interface Word extends Node {
  kind: 'word';
  text: string;
}

export interface NumberNode extends Node {
  kind: 'number';
  /** The literal as written, e.g. `4.90` or `1e-3`. */
  text: string;
  /** NaN when a double cannot hold the literal (`problem`): no slot may read it as 0 or infinity. */
  value: number;
  /** Why the literal cannot be read as a number (engine/src/storedNumbers.ts: "too large …"); reported on it, as BM229 on a label and BM234 elsewhere. */
  problem?: string;
}

export interface StringNode extends Node {
  kind: 'string';
  /** The unescaped content, without quotes. */
  value: string;
  /** False when the closing quote is missing (the string ends at its line's end). */
  terminated: boolean;
}

export interface RangeNode extends Node {
  kind: 'range';
  from: NumberNode;
  to?: NumberNode;
}

export type CountItem = NumberNode | RangeNode;

/** A bracketed family list: `[Fe, Co]`, `[1, 2..4]`. */
export interface ListNode<T extends Node> extends Node {
  kind: 'list';
  items: T[];
  /** Whether its closing `]` is present. */
  closed: boolean;
  /**
   * How many written items were of the wrong kind (`["Fe"]` for elements, `[Fe]` for counts): each
   * is reported on itself (BM114) and left out of `items`. Absent when there were none, so a list
   * whose items were all dropped is not mistaken for an empty `[]` (BM224).
   */
  dropped?: number;
}

/**
 * A slot that holds one value or a family list. A single value stands in the slot unwrapped: a
 * wrapper and its one-item array per value were a fifth of the objects of a parse.
 */
export type Choice<T extends Node> = T | ListNode<T>;

/** The values a slot offers: its one value, its list's items, or none when the slot is empty. */
export function choiceItems<T extends Node>(choice: Choice<T> | undefined): readonly T[] {
  if (choice === undefined) return [];
  // Every node kind has its own literal `kind`, so only a list reads 'list'.
  return (choice as ListNode<T>).kind === 'list' ? (choice as ListNode<T>).items : [choice as T];
}

/**
 * A node that starts with its keyword: a declaration, a property or a ligand clause. The keyword is
 * kept as its text only (one string per keyword, shared across the tree): a Word per keyword was
 * 65,000 of the 315,000 objects of the parse bench's 10,000-recipe file, each copied by the young
 * generation's collections and touched as fresh memory (`npm run bench -- parse`). Its range is
 * implied: it starts the node.
 */
export interface Keyworded extends Node {
  /** The keyword as written, e.g. `host`, or `Recipe` in a misspelled declaration. */
  keyword: string;
}

/** The keyword that starts `node`, as a Word (its text and range). */
export function keywordOf(node: Keyworded): Word {
  return { kind: 'word', text: node.keyword, start: node.start, end: node.start + node.keyword.length };
}

export interface MetalProperty extends Keyworded {
  kind: 'host' | 'dopant';
  element?: Choice<Word>;
  count?: Choice<CountItem>;
}

export interface TopologyProperty extends Keyworded {
  kind: 'topology';
  name?: Word;
  shellsKeyword?: Word;
  shells?: NumberNode;
}

export interface SiteProperty extends Keyworded {
  kind: 'site';
  value?: Word;
}

export interface LigandUseNode extends Node {
  kind: 'ligandUse';
  /** A ligand name (declared or built-in) or an inline SMILES string. */
  ref: Word | StringNode;
  times?: Word;
  count?: Choice<CountItem>;
  /**
   * A character pasted from typeset text is glued to the name (`PPh₃`, `𝑃Ph3`): BM100 writes it in
   * its plain form, which makes the name whole, so the part read here is no name to look up.
   */
  pasted?: true;
}

export interface LigandsProperty extends Keyworded {
  kind: 'ligands';
  uses: LigandUseNode[];
  /** Offsets of commas that are not followed by a ligand (`PET x 8,`). */
  danglingCommas: OffsetRange[];
}

export interface SupportProperty extends Keyworded {
  kind: 'support';
  supportKind?: Word;
  name?: Word | StringNode;
}

export interface DistanceProperty extends Keyworded {
  kind: 'distance';
  value?: NumberNode;
  unit?: Word;
}

export interface ChargeProperty extends Keyworded {
  kind: 'charge';
  value?: NumberNode;
}

/** `energy X eV` (E_form per metal atom) or `siteEnergy X eV` (ΔE = E(core) − E(surface)): reference values and calibration labels. */
export interface EnergyProperty extends Keyworded {
  kind: 'energy' | 'siteEnergy';
  value?: NumberNode;
  unit?: Word;
}

export interface NoteProperty extends Keyworded {
  kind: 'note';
  text?: StringNode;
}

export interface StructureProperty extends Keyworded {
  kind: 'structure';
  path?: StringNode;
}

/** A word in property position that is not a property keyword (usually a typo). */
export interface UnknownProperty extends Keyworded {
  kind: 'unknown';
  /** The kinds of the values after it on its line, for its did-you-mean (following.ts); undefined when none follows it there. */
  follows?: FollowingValue;
}

export type Property =
  | MetalProperty
  | TopologyProperty
  | SiteProperty
  | LigandsProperty
  | SupportProperty
  | DistanceProperty
  | ChargeProperty
  | EnergyProperty
  | NoteProperty
  | StructureProperty
  | UnknownProperty;

export type PropertyKind = Property['kind'];

export interface LigandDecl extends Keyworded {
  kind: 'ligand';
  name?: Word;
  smiles?: StringNode;
  binds?: { atoms: Word[] } & Keyworded;
  logP?: { value?: NumberNode } & Keyworded;
  /** Whether a syntax error lies inside this declaration (recipes using it are not expanded). */
  hasSyntaxErrors: boolean;
}

export interface RecipeDecl extends Keyworded {
  kind: 'recipe';
  name?: Word;
  properties: Property[];
  /**
   * Offsets of its `{` and `}`, each one character: numbers rather than ranges, because a range
   * object per brace was 20,000 of the objects of the parse bench's 10,000-recipe tree, each
   * allocated, copied by the young generation's collections and touched as fresh memory.
   */
  openBrace?: number;
  closeBrace?: number;
  /** Whether a syntax error other than a missing `}` lies inside this recipe (it is then not expanded). */
  hasSyntaxErrors: boolean;
}

export type Declaration = LigandDecl | RecipeDecl;

export interface BimetalFile extends Node {
  kind: 'file';
  declarations: Declaration[];
  ligands: LigandDecl[];
  recipes: RecipeDecl[];
  /** Ranges of `#` comments (for folding and for tools that keep them). */
  comments: OffsetRange[];
}
