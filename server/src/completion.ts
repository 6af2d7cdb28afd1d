/**
 * Completion with documentation: declaration keywords and snippets at top level; inside a recipe
 * the properties it does not have yet, then the values each property takes (metals with χ and
 * radius, topologies with their valid sizes, sites, supports, built-in and declared ligands,
 * units). The context comes from the text of the current line (one property per line is the
 * canonical layout), which keeps working while the line is still half typed; the parsed document
 * settles what the line text cannot: whether the cursor is in a comment, which slot an open `[`
 * belongs to, and which declarations lie above the cursor. The line's tokens (the parser's own
 * lexer) settle whether the cursor is in a string and which `{` or `;` starts the property being
 * written: one inside a string starts none.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { SUPPORTED_METALS } from '../../engine/src/elements';
import { validSizes, isTemplateTopology } from '../../engine/src/geometry/magicSizes';
import { BUILTIN_LIGANDS } from '../../engine/src/ligands';
import { firstIndexWhere } from '../../engine/src/firstIndexWhere';
import { atomicNumber } from '../../engine/src/periodicTable';
import type { IToken } from '../../grammar/src/chevrotain';
import { LCurly, offsetLexer, Semicolon, UnterminatedString } from '../../grammar/src/lexer';
import { keywordOf, type BimetalFile, type Choice, type LigandDecl, type ListNode, type Node, type Property, type RecipeDecl } from '../../grammar/src/ast';
import type { OffsetRange } from '../../engine/src/recipe';
import { ENERGY_UNITS, PROPERTY_DOCS, PROPERTY_NAMES, SITE_NAMES, SUGGESTED_DISTANCE_UNITS, SUPPORT_KINDS, TOPOLOGY_NAMES } from '../../grammar/src/vocabulary';
import { elementMarkdown, elementSummary } from './chemistryDocs';
import { recipeAt, type AnalysedDocument } from './documentModel';
import { lineEndingOf } from './lineEnding';

/** Atoms a ligand may bind through (LANGUAGE.md §3.1). */
const BINDING_ATOMS = ['S', 'Se', 'P', 'N', 'O', 'C', 'Cl', 'Br', 'I', 'F'];

const RECIPE_SNIPPET = [
  'recipe ${1:Name} {',
  '  host     ${2:Au} ${3:12}',
  '  dopant   ${4:Ag} ${5:1}',
  `  topology \${6|${TOPOLOGY_NAMES.join(',')}|}`,
  `  site     \${7|${SITE_NAMES.join(',')}|}`,
  '  ligands  ${8:PET} x ${9:18}',
  '}',
];
const LIGAND_SNIPPET = 'ligand ${1:NAME} = "${2:SMILES}" binds ${3:S}';

/**
 * `insertReplace`: the client takes an InsertReplaceEdit (LSP 3.16), so its user chooses between
 * inserting before the rest of a word and replacing it (VS Code's editor.suggest.insertMode).
 */
export function completion(analysed: AnalysedDocument, requested: Position, insertReplace = false): CompletionItem[] {
  const { document } = analysed;
  const offset = document.offsetAt(requested);
  // The position clamped to the document, as LSP reads one past a line's end or the last line:
  // the text edits' ranges are built from it, and must lie in the document.
  const position = document.positionAt(offset);
  // A comment is free text: any word in it may look like a keyword or a value.
  if (inComment(analysed.ast.comments, offset)) return [];
  const linePrefix = document.getText({ start: { line: position.line, character: 0 }, end: position });
  // Strings and comments end at their line's end, so a line starts between tokens and its text up
  // to the cursor lexes as it does in the whole document, with offsets that are its characters.
  const tokens = offsetLexer.tokenize(linePrefix).tokens;
  // A string whose closing quote is not before the cursor holds it: free text, like a comment (the
  // tree's strings would miss one the parse skipped as stray, e.g. `host "Au; `).
  if (tokens[tokens.length - 1]?.tokenType === UnterminatedString) return [];
  const typed = /[A-Za-z_][A-Za-z0-9_-]*$/.exec(linePrefix)?.[0] ?? '';
  const replace: Range = { start: { line: position.line, character: position.character - typed.length }, end: position };
  const before = linePrefix.slice(0, linePrefix.length - typed.length);
  // The rest of the word the cursor stands in (`host A|u`): choosing Ag replaces it rather than leaving `Agu`.
  const rest = /^[A-Za-z0-9_-]*/.exec(document.getText({ start: position, end: { line: position.line, character: position.character + 64 } }))?.[0] ?? '';
  const word: Range = { start: replace.start, end: { line: position.line, character: position.character + rest.length } };
  const textEdit = (newText: string) => (rest === '' ? { range: replace, newText } : insertReplace ? { newText, insert: replace, replace: word } : { range: word, newText });
  const withRange = (items: CompletionItem[]) => items.map((item) => ({ ...item, textEdit: textEdit(item.insertText ?? item.label) }));

  const recipe = recipeAt(analysed, offset) ?? unclosedRecipeBefore(analysed.ast, offset);
  if (recipe?.openBrace !== undefined && offset > recipe.openBrace && (recipe.closeBrace === undefined || offset <= recipe.closeBrace)) {
    // The property being written: the text after the last `{` or `;` token on this line.
    const segment = before.slice((lastSeparator(tokens)?.startOffset ?? -1) + 1);
    const words = segment.trim().split(/[\s,[\]]+/).filter(Boolean);
    const at = offset - typed.length;
    // The properties not written elsewhere in the recipe (the one being typed does not count).
    const unwritten = () => {
      const used = new Set(recipe.properties.map(keywordOf).filter((k) => k.end < at || k.start > offset).map((k) => k.text));
      return PROPERTY_NAMES.filter((p) => !used.has(p)).map(propertyItem);
    };
    if (words.length === 0) return withRange(unwritten());
    const segmentStart = document.offsetAt({ line: position.line, character: before.length - segment.trimStart().length });
    // The property being written is the last one to start in the segment: one line may hold
    // several (`recipe A { host Au 12 dopant Pt 1 }`).
    const property = recipe.properties.filter((p) => p.start >= segmentStart && p.start < at).pop();
    const own = property ? segment.slice(property.start - segmentStart + (segment.length - segment.trimStart().length)) : segment;
    const ownWords = own.trim().split(/[\s,[\]]+/).filter(Boolean);
    const values = propertyValues(analysed, ownWords[0] ?? words[0], ownWords.slice(1), own, property, at);
    // After a property's value and a space, the next property may follow on the same line; not
    // after a comma (a list or a ligand goes on), nor after `x` or `shells`, whose value is missing.
    const ended = property !== undefined && ownWords.length > 1 && property.end < at && document.getText().slice(property.end, at).trim() === '' && !/(,|\bx|\bshells)\s*$/.test(own);
    return withRange(ended ? [...values, ...unwritten()] : values);
  }
  if (before.trim() === '') return withRange([...topLevelItems(lineEndingOf(analysed.document.getText()))]);
  const words = before.trim().split(/[\s,]+/);
  if (words[0] === 'ligand' && /"\s*$|\d\s*$|\bbinds\s+[A-Za-z]+\s*$/.test(before)) {
    // Each clause once (a second is BM216).
    return withRange(['binds', 'logP'].filter((k) => !words.includes(k)).map((k) => ({ label: k, kind: CompletionItemKind.Keyword })));
  }
  if (words[0] === 'ligand' && /\bbinds(\s+[A-Za-z]+\s*,)*\s*$/.test(before)) return withRange(BINDING_ATOMS.map(elementItem));
  return [];
}

/**
 * The recipe being written at `offset` when its `}` is not typed yet: the last declaration before
 * the cursor, if it is a recipe without one. Its range ends at its last word, so the cursor on the
 * line after it lies outside that range though it is in the recipe.
 */
function unclosedRecipeBefore(ast: BimetalFile, offset: number): RecipeDecl | undefined {
  const declarations = ast.declarations;
  const last = declarations[firstIndexWhere(declarations.length, (i) => declarations[i].start >= offset) - 1];
  return last?.kind === 'recipe' && last.closeBrace === undefined ? last : undefined;
}

/** The top-level keywords and snippets; a snippet's lines end as the document's (`eol`). */
function topLevelItems(eol: string): CompletionItem[] {
  return [
    { label: 'recipe', kind: CompletionItemKind.Keyword, detail: 'recipe NAME { PROPERTY… }' },
    { label: 'ligand', kind: CompletionItemKind.Keyword, detail: 'ligand NAME = "SMILES" [binds ATOM] [logP N]' },
    { label: 'recipe …', kind: CompletionItemKind.Snippet, detail: 'a new recipe', insertText: RECIPE_SNIPPET.join(eol), insertTextFormat: InsertTextFormat.Snippet, filterText: 'recipe' },
    { label: 'ligand …', kind: CompletionItemKind.Snippet, detail: 'a ligand declaration', insertText: LIGAND_SNIPPET, insertTextFormat: InsertTextFormat.Snippet, filterText: 'ligand' },
  ];
}

function propertyItem(name: (typeof PROPERTY_NAMES)[number], index: number): CompletionItem {
  return {
    label: name,
    kind: CompletionItemKind.Property,
    detail: PROPERTY_DOCS[name].split(' — ')[0],
    documentation: { kind: MarkupKind.Markdown, value: PROPERTY_DOCS[name] },
    // Keep the specification's order (host, dopant, topology, …) rather than alphabetical.
    sortText: String(index).padStart(2, '0'),
    insertText: `${name.padEnd(8)} `,
  };
}

/**
 * Values of `keyword` given the words already written after it. `property` is its parsed node
 * (absent if the parse placed no property at the keyword) and `at` the start of the word being
 * typed.
 */
function propertyValues(analysed: AnalysedDocument, keyword: string, written: string[], segment: string, property: Property | undefined, at: number): CompletionItem[] {
  switch (keyword) {
    case 'host':
    case 'dopant': {
      // An element goes first, or inside the element's family list; a list after the element holds counts.
      const element = property?.kind === 'host' || property?.kind === 'dopant' ? property.element : undefined;
      return written.length === 0 || inList(element, at) ? metalItems() : [];
    }
    case 'topology':
      if (written.length === 0) return TOPOLOGY_NAMES.map(topologyItem);
      return written.length === 1 ? [{ label: 'shells', kind: CompletionItemKind.Keyword, detail: 'shells N — pick the size by shell count' }] : [];
    case 'site':
      return written.length === 0 ? SITE_NAMES.map((s) => ({ label: s, kind: CompletionItemKind.EnumMember })) : [];
    case 'support':
      return written.length === 0 ? SUPPORT_KINDS.map((s) => ({ label: s, kind: CompletionItemKind.EnumMember })) : [];
    case 'distance':
      return written.length === 1 ? SUGGESTED_DISTANCE_UNITS.map((u) => ({ label: u, kind: CompletionItemKind.Unit })) : [];
    case 'energy':
    case 'siteEnergy':
      return written.length === 1 ? ENERGY_UNITS.map((u) => ({ label: u, kind: CompletionItemKind.Unit })) : [];
    case 'ligands': {
      // A new use starts after the keyword or after a comma, but not after a comma in a count list.
      const inCounts = property?.kind === 'ligands' && property.uses.some((use) => inList(use.count, at));
      const newUse = written.length === 0 || (/,\s*$/.test(segment) && !inCounts);
      return newUse ? ligandItems(analysed, at) : [];
    }
    default:
      return [];
  }
}

/**
 * Whether `at` lies inside the family list `choice`: after its `[` and before its `]`. A list
 * still missing its `]` runs on to the cursor, since the parse ends it only at its last item.
 */
function inList<T extends Node>(choice: Choice<T> | undefined, at: number): boolean {
  // Every node kind has its own literal `kind`, so only a list reads 'list' (as in choiceItems).
  const list = choice as ListNode<T> | undefined;
  if (list?.kind !== 'list') return false;
  return at > list.start && (!list.closed || at < list.end);
}

/** The last `{` or `;` of `tokens` (a `{` or `;` inside a string is part of the string's token). */
function lastSeparator(tokens: readonly IToken[]): IToken | undefined {
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i].tokenType === LCurly || tokens[i].tokenType === Semicolon) return tokens[i];
  }
  return undefined;
}

/** Whether `offset` is inside one of `comments` (in source order): a cursor at a comment's end, its line's end, still is; one before its `#` is not. */
function inComment(comments: readonly OffsetRange[], offset: number): boolean {
  let lo = 0;
  let hi = comments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const comment = comments[mid];
    if (offset <= comment.start) hi = mid - 1;
    else if (offset > comment.end) lo = mid + 1;
    else return true;
  }
  return false;
}

function metalItems(): CompletionItem[] {
  return SUPPORTED_METALS.map((symbol) => ({ ...elementItem(symbol), sortText: String(atomicNumber(symbol)).padStart(3, '0') }));
}

function elementItem(symbol: string): CompletionItem {
  const markdown = elementMarkdown(symbol);
  return {
    label: symbol,
    kind: CompletionItemKind.Constant,
    detail: elementSummary(symbol),
    ...(markdown ? { documentation: { kind: MarkupKind.Markdown, value: markdown } } : {}),
  };
}

function topologyItem(name: string): CompletionItem {
  const sizes = isTemplateTopology(name) ? validSizes(name, 5) : [];
  return {
    label: name,
    kind: CompletionItemKind.EnumMember,
    detail: sizes.length ? `N_metal ${sizes.join(', ')}, …` : 'composition only',
  };
}

/** Ligands a use at `at` may name: built-ins and the declarations above it. */
function ligandItems(analysed: AnalysedDocument, at: number): CompletionItem[] {
  const declared = firstDeclarations(analysed.ast);
  // A name resolves to its first declaration wherever that is, built-in names included, and a use
  // above that declaration is an error (BM213): such names are not offered at all.
  const declaredNames = new Set(declared.map((d) => d.name!.text));
  const items: CompletionItem[] = declared.filter((d) => d.start < at).map((d) => ({
    label: d.name!.text,
    kind: CompletionItemKind.Variable,
    detail: d.smiles?.value ?? '',
    documentation: `declared in this file`,
    sortText: `0${d.name!.text}`,
  }));
  for (const [name, ligand] of Object.entries(BUILTIN_LIGANDS)) {
    if (declaredNames.has(name)) continue;
    items.push({
      label: name,
      kind: CompletionItemKind.Value,
      detail: ligand.description,
      documentation: { kind: MarkupKind.Markdown, value: `built-in ${ligand.ligandClass}: \`${ligand.smiles}\`, binds ${ligand.binds.join(', ')}` },
      sortText: `1${name}`,
    });
  }
  return items;
}

/** The first declaration of each ligand name, the one a use resolves to (see resolveLigand). */
function firstDeclarations(ast: BimetalFile): LigandDecl[] {
  const first = new Map<string, LigandDecl>();
  for (const d of ast.ligands) if (d.name && !first.has(d.name.text)) first.set(d.name.text, d);
  return [...first.values()];
}
