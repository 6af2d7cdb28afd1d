/**
 * Code actions: quick fixes carried by the diagnostics' `data` (did-you-mean replacements,
 * removals of the range or of a wider `removeRange`, insertions — the engine decides what the fix
 * is, this module only applies it), "change the size to the nearest valid one", "declare a
 * built-in ligand in this file", "move a ligand declaration above its first use", and "expand a
 * family into separate recipes".
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { isTemplateTopology, nearestValidSizes } from '../../engine/src/geometry/magicSizes';
import { builtinLigand } from '../../engine/src/ligands';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import type { Choice, CountItem, MetalProperty, RecipeDecl, Word } from '../../grammar/src/ast';
import { propertyOf } from '../../grammar/src/index';
import { recipeAt, type AnalysedDocument } from './documentModel';
import { toLspDiagnostic } from './diagnostics';
import { toRange } from './ranges';
import { ligandDeclaration, ligandOccurrences, targetAt } from './targets';

/** Larger families stay families: hundreds of pasted recipes help nobody. */
const MAX_EXPANDED_FAMILY = 64;

interface FixData {
  replacements?: unknown;
  removable?: unknown;
  removeRange?: unknown;
  insertText?: unknown;
  insertAt?: unknown;
}

export function codeActions(analysed: AnalysedDocument, params: CodeActionParams): CodeAction[] {
  const { document } = analysed;
  const start = document.offsetAt(params.range.start);
  const end = document.offsetAt(params.range.end);
  const touching = analysed.diagnostics.filter((d) => d.range.start <= end && d.range.end >= start);
  const actions: CodeAction[] = [];
  for (const d of touching) actions.push(...dataFixes(analysed, d), ...sizeFixes(analysed, d), ...declarationOrderFixes(analysed, d));
  actions.push(...declareBuiltinAction(analysed, start), ...expandFamilyAction(analysed, start));
  const only = params.context.only;
  return only ? actions.filter((a) => only.some((kind) => a.kind === kind || a.kind?.startsWith(`${kind}.`))) : actions;
}

function edit(analysed: AnalysedDocument, edits: TextEdit[]): CodeAction['edit'] {
  return { changes: { [analysed.uri]: edits } };
}

function quickFix(analysed: AnalysedDocument, title: string, diagnostic: BimetalDiagnostic, edits: TextEdit[], preferred = false): CodeAction {
  const lsp: Diagnostic = toLspDiagnostic(analysed.document, diagnostic, undefined);
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], edit: edit(analysed, edits), ...(preferred ? { isPreferred: true } : {}) };
}

function dataFixes(analysed: AnalysedDocument, d: BimetalDiagnostic): CodeAction[] {
  const data = (d.data ?? {}) as FixData;
  const range = toRange(analysed.document, d.range);
  const actions: CodeAction[] = [];
  if (Array.isArray(data.replacements)) {
    data.replacements
      .filter((r): r is string => typeof r === 'string')
      .forEach((replacement, i) => actions.push(quickFix(analysed, `Change to '${replacement}'`, d, [{ range, newText: replacement }], i === 0)));
  }
  const removed = data.removable === true ? d.range : isOffsetRange(data.removeRange) ? data.removeRange : undefined;
  if (removed) {
    const text = analysed.document.getText(toRange(analysed.document, removed)).trim();
    actions.push(quickFix(analysed, `Remove '${text}'`, d, [{ range: toRange(analysed.document, withOwnLine(analysed.document.getText(), removed)), newText: '' }], true));
  }
  if (typeof data.insertText === 'string' && typeof data.insertAt === 'number') {
    const at = analysed.document.positionAt(data.insertAt);
    actions.push(quickFix(analysed, `Insert '${data.insertText.trim()}'`, d, [{ range: { start: at, end: at }, newText: data.insertText }], true));
  }
  return actions;
}

/**
 * `range`, widened to its whole line(s) with the line break when nothing else stands on them but
 * the `;` that may end a property: a removed property leaves no blank line behind.
 */
function withOwnLine(text: string, range: OffsetRange): OffsetRange {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  const newline = text.indexOf('\n', range.end);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  const after = text.slice(range.end, lineEnd).trim();
  const alone = text.slice(lineStart, range.start).trim() === '' && (after === '' || after === ';');
  return alone ? { start: lineStart, end: lineEnd } : range;
}

function isOffsetRange(value: unknown): value is OffsetRange {
  const range = value as Partial<OffsetRange> | null | undefined;
  return typeof range?.start === 'number' && typeof range.end === 'number' && range.start <= range.end;
}

/** BM206: N_metal does not close a shell; offer the nearest sizes by changing the host count. */
function sizeFixes(analysed: AnalysedDocument, d: BimetalDiagnostic): CodeAction[] {
  if (d.code !== 'BM206') return [];
  const recipe = recipeAt(analysed, d.range.start);
  if (!recipe) return [];
  const topology = propertyOf(recipe, 'topology')?.name?.text;
  const host = singleCount(propertyOf(recipe, 'host'));
  const dopant = singleCount(propertyOf(recipe, 'dopant'));
  if (!topology || !isTemplateTopology(topology) || !host || !dopant) return [];
  return nearestValidSizes(topology, host.value + dopant.value)
    .filter((size) => size - dopant.value > 0)
    .map((size, i) =>
      quickFix(
        analysed,
        `Change the host count to ${size - dopant.value} (N_metal ${size}, a closed ${topology})`,
        d,
        [{ range: toRange(analysed.document, host.range), newText: String(size - dopant.value) }],
        i === 0,
      ),
    );
}

/** The count of `host`/`dopant` when it is one written number; absent counts read as 1. */
function singleCount(property: MetalProperty | undefined): { value: number; range: OffsetRange } | undefined {
  const item = property?.count;
  if (item?.kind !== 'number' || !Number.isInteger(item.value)) return undefined;
  return { value: item.value, range: item };
}

/** BM213: a ligand used above its declaration; move the declaration to the top of the file. */
function declarationOrderFixes(analysed: AnalysedDocument, d: BimetalDiagnostic): CodeAction[] {
  if (d.code !== 'BM213') return [];
  const name = analysed.document.getText(toRange(analysed.document, d.range));
  const decl = ligandDeclaration(analysed.ast, name);
  if (!decl) return [];
  const text = analysed.document.getText();
  const lineEnd = text.indexOf('\n', decl.end);
  const removeTo = lineEnd < 0 ? text.length : lineEnd + 1;
  const declText = text.slice(decl.start, decl.end);
  const at = analysed.document.positionAt(insertionOffset(analysed));
  return [
    quickFix(analysed, `Move the declaration of '${name}' above its first use`, d, [
      { range: { start: at, end: at }, newText: `${declText}\n` },
      { range: toRange(analysed.document, { start: lineStartOf(text, decl.start), end: removeTo }), newText: '' },
    ], true),
  ];
}

/** Where new ligand declarations go: before the first declaration (after a leading comment block). */
function insertionOffset(analysed: AnalysedDocument): number {
  const first = analysed.ast.declarations[0];
  if (!first) return analysed.document.getText().length;
  return lineStartOf(analysed.document.getText(), first.start);
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** On a built-in ligand's name: copy its definition into the file so it can be edited. */
function declareBuiltinAction(analysed: AnalysedDocument, offset: number): CodeAction[] {
  const target = targetAt(analysed, offset);
  if (target?.kind !== 'ligandRef') return [];
  const name = target.word.text;
  const builtin = builtinLigand(name);
  if (!builtin || ligandDeclaration(analysed.ast, name)) return [];
  const at = analysed.document.positionAt(insertionOffset(analysed));
  const smiles = builtin.smiles.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const uses = ligandOccurrences(analysed.ast, name).uses.length;
  return [
    {
      title: `Declare '${name}' in this file (from the built-in library; used ${uses}×)`,
      kind: CodeActionKind.RefactorRewrite,
      edit: edit(analysed, [{ range: { start: at, end: at }, newText: `ligand ${name} = "${smiles}" binds ${builtin.binds.join(', ')}\n` }]),
    },
  ];
}

/** Inside a family recipe: replace it by one recipe per member. */
function expandFamilyAction(analysed: AnalysedDocument, offset: number): CodeAction[] {
  const recipe = recipeAt(analysed, offset);
  const name = recipe?.name?.text;
  if (!recipe || !name || recipe.closeBrace === undefined) return [];
  const members = analysed.membersOf(recipe);
  if (members.length < 2 || members.length > MAX_EXPANDED_FAMILY) return [];
  if (analysed.diagnostics.some((d) => d.severity === 'error' && d.range.start >= recipe.start && d.range.start < recipe.end)) return [];
  const taken = new Set(analysed.ast.recipes.map((r) => r.name?.text));
  const text = members.map((m) => memberText(analysed, recipe, m, taken)).join('\n\n');
  return [
    {
      title: `Expand family '${name}' into ${members.length} recipes`,
      kind: CodeActionKind.RefactorRewrite,
      edit: edit(analysed, [{ range: toRange(analysed.document, recipe), newText: text }]),
    },
  ];
}

/** The recipe's own text with every family slot replaced by this member's value, under a unique name. */
function memberText(analysed: AnalysedDocument, recipe: RecipeDecl, member: RecipeSpec, taken: Set<string | undefined>): string {
  const slots: { range: OffsetRange; value: string }[] = [];
  const nameParts: string[] = [];
  const slot = (choice: Choice<Word> | Choice<CountItem> | undefined, value: string | number | undefined) => {
    if (!choice || value === undefined) return;
    const varies = choice.kind === 'list' || choice.kind === 'range';
    if (!varies) return;
    slots.push({ range: choice, value: String(value) });
    nameParts.push(String(value));
  };
  const host = propertyOf(recipe, 'host');
  const dopant = propertyOf(recipe, 'dopant');
  slot(host?.element, member.host.element);
  slot(host?.count, member.host.count);
  slot(dopant?.element, member.dopant.element);
  slot(dopant?.count, member.dopant.count);
  const uses = propertyOf(recipe, 'ligands')?.uses ?? [];
  uses.forEach((use, i) => slot(use.count, member.ligands[i]?.count));
  if (recipe.name) slots.push({ range: recipe.name, value: uniqueName(`${recipe.name.text}_${nameParts.join('_')}`, taken) });

  const source = analysed.document.getText();
  let text = source.slice(recipe.start, recipe.end);
  for (const s of slots.sort((a, b) => b.range.start - a.range.start)) {
    text = text.slice(0, s.range.start - recipe.start) + s.value + text.slice(s.range.end - recipe.start);
  }
  return text;
}

function uniqueName(base: string, taken: Set<string | undefined>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}
