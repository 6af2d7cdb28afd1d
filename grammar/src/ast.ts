import type { OffsetRange } from '../../engine/src/recipe';

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
 *   RecipeDecl    recipe NAME { PROPERTY… }
 *                 { name?, properties: Property[] in source order, openBrace?, closeBrace? }
 *   Property      one of MetalProperty (host/dopant), TopologyProperty, SiteProperty,
 *                 LigandsProperty, SupportProperty, DistanceProperty, ChargeProperty,
 *                 EnergyProperty, NoteProperty, StructureProperty, UnknownProperty;
 *                 each has `keyword: Word` (the property word as written) and `kind`.
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
  value: number;
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

interface PropertyBase extends Node {
  keyword: Word;
}

export interface MetalProperty extends PropertyBase {
  kind: 'host' | 'dopant';
  element?: Choice<Word>;
  count?: Choice<CountItem>;
}

export interface TopologyProperty extends PropertyBase {
  kind: 'topology';
  name?: Word;
  shellsKeyword?: Word;
  shells?: NumberNode;
}

export interface SiteProperty extends PropertyBase {
  kind: 'site';
  value?: Word;
}

export interface LigandUseNode extends Node {
  kind: 'ligandUse';
  /** A ligand name (declared or built-in) or an inline SMILES string. */
  ref: Word | StringNode;
  times?: Word;
  count?: Choice<CountItem>;
}

export interface LigandsProperty extends PropertyBase {
  kind: 'ligands';
  uses: LigandUseNode[];
  /** Offsets of commas that are not followed by a ligand (`PET x 8,`). */
  danglingCommas: OffsetRange[];
}

export interface SupportProperty extends PropertyBase {
  kind: 'support';
  supportKind?: Word;
  name?: Word | StringNode;
}

export interface DistanceProperty extends PropertyBase {
  kind: 'distance';
  value?: NumberNode;
  unit?: Word;
}

export interface ChargeProperty extends PropertyBase {
  kind: 'charge';
  value?: NumberNode;
}

/** `energy X eV` (E_form per metal atom) or `siteEnergy X eV` (ΔE = E(core) − E(surface)): reference values and calibration labels. */
export interface EnergyProperty extends PropertyBase {
  kind: 'energy' | 'siteEnergy';
  value?: NumberNode;
  unit?: Word;
}

export interface NoteProperty extends PropertyBase {
  kind: 'note';
  text?: StringNode;
}

export interface StructureProperty extends PropertyBase {
  kind: 'structure';
  path?: StringNode;
}

/** A word in property position that is not a property keyword (usually a typo). */
export interface UnknownProperty extends PropertyBase {
  kind: 'unknown';
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

export interface LigandDecl extends Node {
  kind: 'ligand';
  keyword: Word;
  name?: Word;
  smiles?: StringNode;
  binds?: { keyword: Word; atoms: Word[] } & OffsetRange;
  logP?: { keyword: Word; value?: NumberNode } & OffsetRange;
  /** Whether a syntax error lies inside this declaration (recipes using it are not expanded). */
  hasSyntaxErrors: boolean;
}

export interface RecipeDecl extends Node {
  kind: 'recipe';
  keyword: Word;
  name?: Word;
  properties: Property[];
  openBrace?: OffsetRange;
  closeBrace?: OffsetRange;
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
