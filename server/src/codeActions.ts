/**
 * Code actions: quick fixes carried by the diagnostics' `data` (did-you-mean replacements,
 * removals of the range — with its separating comma for a list item — or of a wider
 * `removeRange`, insertions — the engine decides what the fix is, this module only applies it),
 * "change the size to the nearest valid one", "declare a built-in ligand in this file", "move a
 * ligand declaration above its first use", and "expand a family into separate recipes".
 * The diagnostics are the version's syntax and semantic ones and, once this very version is
 * scored, the pipeline's (BM3xx, e.g. BM314's removable `site`).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { isTemplateTopology } from '../../engine/src/geometry/magicSizes';
import { builtinLigand } from '../../engine/src/ligands';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import type { Choice, CountItem, LigandDecl, MetalProperty, RecipeDecl, Word } from '../../grammar/src/ast';
import { propertyOf, type LineIndex } from '../../grammar/src/index';
import { Comma, offsetLexer } from '../../grammar/src/lexer';
import { DocumentState, recipeAt, type AnalysedDocument, type DocumentModel } from './documentModel';
import { toLspDiagnostic } from './diagnostics';
import { lineEndingOf, nextLineBreak } from './lineEnding';
import { toRange } from './ranges';
import { ligandDeclaration, ligandNameUses, ligandOccurrences, targetAt } from './targets';

/** Larger families stay families: hundreds of pasted recipes help nobody. */
const MAX_EXPANDED_FAMILY = 64;

interface FixData {
  replacements?: unknown;
  /** With `replacements`: none is surely the text meant, so each is offered and none is the preferred fix (which an editor may apply unasked). */
  unsure?: unknown;
  removable?: unknown;
  /** With `removable`: the range is an item of a `[a, b]` list, removed with one comma beside it. */
  listItem?: unknown;
  removeRange?: unknown;
  insertText?: unknown;
  insertAt?: unknown;
  /** An unknown ligand's name (BM212): declare it above the first declaration, its SMILES left for the user. */
  declare?: unknown;
}

/** What code actions ask of the document model: how far a document came, and its scores. */
export type ScoredVersions = Pick<DocumentModel, 'state' | 'isCurrent' | 'score'>;

/**
 * The actions at `params.range`. With `scores` (the server's document model), the diagnostics of
 * this version's finished scoring run are fixed too.
 */
export async function codeActions(analysed: AnalysedDocument, params: CodeActionParams, scores?: ScoredVersions): Promise<CodeAction[]> {
  return actionsFor(analysed, params, scores ? await scoredDiagnostics(analysed, scores) : []);
}

/**
 * The pipeline's diagnostics of `analysed` once its scoring has finished, else none: quick fixes
 * answer at once rather than wait for a scoring run (whose diagnostics the editor does not show
 * before it ends either), and a run of an older version never gives edits, its ranges are for
 * another text. These, not the request's `context.diagnostics`, because the client's copy may be
 * of an older version and `data` reaches the server only from clients that keep it.
 */
async function scoredDiagnostics(analysed: AnalysedDocument, scores: ScoredVersions): Promise<readonly BimetalDiagnostic[]> {
  if (!scores.isCurrent(analysed) || scores.state(analysed.uri) !== DocumentState.Scored) return [];
  const scored = await scores.score(analysed.document); // this version's finished run, already settled
  return scored.analysed === analysed ? scored.diagnostics : [];
}

/** The actions at `params.range`, from the version's phase-1 diagnostics and `scored` (which repeat them: each fix is offered once). */
function actionsFor(analysed: AnalysedDocument, params: CodeActionParams, scored: readonly BimetalDiagnostic[] = []): CodeAction[] {
  const { document } = analysed;
  const start = document.offsetAt(params.range.start);
  const end = document.offsetAt(params.range.end);
  const seen = new Set<string>();
  const touching = [...analysed.diagnostics, ...scored].filter((d) => {
    if (d.range.start > end || d.range.end < start) return false;
    // What a fix is made of: the same code, range and data make the same fix.
    const key = JSON.stringify([d.code, d.range.start, d.range.end, d.data ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const actions: CodeAction[] = [];
  for (const d of touching) actions.push(...dataFixes(analysed, d), ...sizeFixes(analysed, d), ...declarationOrderFixes(analysed, d), ...nameFixes(analysed, d));
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
  const replacements = Array.isArray(data.replacements) ? data.replacements.filter((r): r is string => typeof r === 'string') : [];
  const sure = replacements.length > 0 && data.unsure !== true;
  const source = analysed.document.getText();
  // A range across lines may hold comments (`4 # why\n..1`): the edit writes them again after what it writes.
  replacements.forEach((replacement, i) => {
    const newText = replacement + commentsWithin(analysed, source, d.range, replacement);
    // A ligand declared below this use would only be used before its declaration (BM213): the fix moves the declaration too, as BM213's does.
    const declaration = d.code === 'BM212' ? ligandDeclaration(analysed.ast, replacement) : undefined;
    const below = declaration && declaration.start > d.range.start ? declaration : undefined;
    const title = `Change to '${titleText(replacement)}'${below ? ' and move its declaration above its first use' : ''}`;
    actions.push(quickFix(analysed, title, d, [{ range, newText }, ...(below ? declarationMoveEdits(analysed, below) : [])], sure && i === 0));
  });
  const removed = data.removable === true ? d.range : isOffsetRange(data.removeRange) ? data.removeRange : undefined;
  if (removed) {
    // What goes, as one line: the comments inside it stay (commentsWithin), so the title leaves them out.
    const kept = analysed.ast.comments.filter((comment) => comment.start >= removed.start && comment.end <= removed.end);
    const text = kept
      .reduceRight((written, comment) => written.slice(0, comment.start - removed.start) + written.slice(comment.end - removed.start), source.slice(removed.start, removed.end))
      .replace(/\s+/g, ' ')
      .trim();
    const ranges = data.removable === true && data.listItem === true ? withSeparator(source, analysed.lines, removed) : [withOwnLine(source, analysed.lines, removed)];
    const edits = ranges.map((range) => {
      const comments = commentsWithin(analysed, source, range);
      return { range: toRange(analysed.document, range), newText: range.start === analysed.lines.lineStartAt(range.start) ? comments.trimStart() : comments };
    });
    actions.push(quickFix(analysed, `Remove '${titleText(text)}'`, d, edits, true));
  }
  if (typeof data.declare === 'string') {
    const at = analysed.document.positionAt(insertionOffset(analysed));
    // An empty SMILES is its own error (BM302) on the new line: that is where the user types the ligand.
    // Preferred unless a replacement surely is the ligand meant: a name merely close to it is another molecule.
    const declaration = `ligand ${data.declare} = ""${lineEndingOf(analysed.document.getText())}`;
    actions.push(quickFix(analysed, `Declare ligand '${titleText(data.declare)}' in this file (then write its SMILES)`, d, [{ range: { start: at, end: at }, newText: declaration }], !sure));
  }
  if (typeof data.insertText === 'string' && typeof data.insertAt === 'number') {
    const at = analysed.document.positionAt(data.insertAt);
    // The grammar writes a line break as `\n` (BM108's `\n}`): a CRLF or CR file takes its own.
    const text = data.insertText.replace(/\n/g, lineEndingOf(analysed.document.getText()));
    actions.push(quickFix(analysed, `Insert '${data.insertText.trim()}'`, d, [{ range: { start: at, end: at }, newText: text }], true));
  }
  return actions;
}

/** Characters of the user's text a fix's title quotes; a longer text is cut there, at a character's end. */
const MAX_TITLE_CHARACTERS = 40;

/**
 * `text` as a fix's title quotes it, in every title that quotes the user's text (the edits keep it
 * whole): a run of 100,000 pasted characters made a title as long.
 */
function titleText(text: string): string {
  const characters = [...text];
  return characters.length > MAX_TITLE_CHARACTERS ? `${characters.slice(0, MAX_TITLE_CHARACTERS).join('')}…` : text;
}

/**
 * `range`, widened to its whole line(s) with the line break when nothing else stands on them but
 * the `;` that may end a property: a removed property leaves no blank line behind.
 */
function withOwnLine(text: string, lines: LineIndex, range: OffsetRange): OffsetRange {
  const lineStart = lines.lineStartAt(range.start);
  const lineEnd = nextLineBreak(text, range.end).end;
  const after = text.slice(range.end, lineEnd).trim();
  const alone = text.slice(lineStart, range.start).trim() === '' && (after === '' || after === ';');
  return alone ? { start: lineStart, end: lineEnd } : range;
}

/**
 * What removing list item `item` removes: the item with the comma after it, else with the one
 * before it (the last item), so `[Ag, Ag, Cu]` becomes `[Ag, Cu]` and `[1, 1]` becomes `[1]`
 * rather than leaving an empty item (BM111). The blanks between the two go too, and the whole line
 * when the item and its comma stood alone on it; a comment between them stays (the item and the
 * comma are then removed apart). Without a comma beside it (a list of one), the item alone.
 */
function withSeparator(text: string, lines: LineIndex, item: OffsetRange): OffsetRange[] {
  const after = tokenAfter(text, item.end);
  const before = after?.comma ? undefined : tokenBefore(text, lines, item.start);
  const comma = after?.comma ? after : before?.comma ? before : undefined;
  if (!comma) return [withOwnLine(text, lines, item)];
  const gap = comma === after ? { start: item.end, end: comma.start } : { start: comma.end, end: item.start };
  if (text.slice(gap.start, gap.end).includes('#')) return [comma, item].sort((a, b) => a.start - b.start); // only blanks and comments lie between
  if (comma === before) return [{ start: comma.start, end: item.end }];
  // The item and the comma after it, with the blanks up to the next word on the line.
  let end = comma.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return [withOwnLine(text, lines, { start: item.start, end })];
}

/** A token beside a list item, and whether it is the comma that separates it from the next. */
interface Separator extends OffsetRange {
  comma: boolean;
}

/**
 * The first token after `offset` (a token boundary), comments skipped. This and tokenBefore lex
 * a line at a time, from `offset` or from a line start, which is a token boundary too: no token
 * runs across a line break (strings and comments end with their line), and a `#` in a SMILES is
 * no comment.
 */
function tokenAfter(text: string, offset: number): Separator | undefined {
  for (let start = offset; start < text.length; ) {
    const end = nextLineBreak(text, start).end;
    const [token] = offsetLexer.tokenize(text.slice(start, end)).tokens;
    if (token) return { start: start + token.startOffset, end: start + token.startOffset + token.image.length, comma: token.tokenType === Comma };
    start = end;
  }
  return undefined;
}

/** The last token before `offset` (a token boundary), comments skipped. */
function tokenBefore(text: string, lines: LineIndex, offset: number): Separator | undefined {
  for (let line = lines.positionAt(offset).line, end = offset; line >= 0; line--) {
    const start = lines.lineStart(line);
    const tokens = offsetLexer.tokenize(text.slice(start, end)).tokens;
    const token = tokens[tokens.length - 1];
    if (token) return { start: start + token.startOffset, end: start + token.startOffset + token.image.length, comma: token.tokenType === Comma };
    end = start;
  }
  return undefined;
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
  // The validator's nearest sizes for these counts: none beyond the largest template, where BM206 says to drop the template.
  const nearest = (d.data as { nearestSizes?: unknown } | undefined)?.nearestSizes;
  return (Array.isArray(nearest) ? (nearest as number[]) : [])
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

/**
 * BM213: a ligand used above its declaration; move the declaration (with the comment that ends
 * its line) above the file's first declaration. Only the declaration leaves its line: a recipe or
 * comment beside it stays, and a line it had to itself goes whole.
 */
function declarationOrderFixes(analysed: AnalysedDocument, d: BimetalDiagnostic): CodeAction[] {
  if (d.code !== 'BM213') return [];
  const name = analysed.document.getText(toRange(analysed.document, d.range));
  const decl = ligandDeclaration(analysed.ast, name);
  if (!decl) return [];
  return [quickFix(analysed, `Move the declaration of '${name}' above its first use`, d, declarationMoveEdits(analysed, decl), true)];
}

/** The edits that move a ligand declaration above the file's first declaration (declarationMove). */
function declarationMoveEdits(analysed: AnalysedDocument, decl: LigandDecl): TextEdit[] {
  const text = analysed.document.getText();
  const { moved, removed } = declarationMove(text, analysed.lines, decl);
  const at = analysed.document.positionAt(insertionOffset(analysed));
  return [
    { range: { start: at, end: at }, newText: `${text.slice(moved.start, moved.end)}${lineEndingOf(text)}` },
    { range: toRange(analysed.document, removed), newText: '' },
  ];
}

/**
 * `moved`: the declaration's text, with a comment after it on its last line. `removed`: what goes
 * from where it stood: its whole line(s) when nothing else stands there; otherwise the text moved
 * and the blanks that separated it from what stays (before it when it ends the line, else after it).
 */
function declarationMove(text: string, lines: LineIndex, decl: LigandDecl): { moved: OffsetRange; removed: OffsetRange } {
  const blank = (i: number) => text[i] === ' ' || text[i] === '\t';
  let end = decl.end;
  while (blank(end)) end++;
  // `decl.end` is a token boundary, so a `#` after the blanks begins a comment, which runs to the line end.
  const moved = { start: decl.start, end: text[end] === '#' ? nextLineBreak(text, end).start : decl.end };
  const lineStart = lines.lineStartAt(decl.start);
  const lineBreak = nextLineBreak(text, moved.end);
  const aloneBefore = text.slice(lineStart, decl.start).trim() === '';
  const aloneAfter = text.slice(moved.end, lineBreak.start).trim() === '';
  if (aloneBefore && aloneAfter) return { moved, removed: { start: lineStart, end: lineBreak.end } };
  if (aloneAfter) {
    let start = moved.start;
    while (start > lineStart && blank(start - 1)) start--;
    return { moved, removed: { start, end: moved.end } };
  }
  let after = moved.end;
  while (blank(after)) after++;
  return { moved, removed: { start: moved.start, end: after } };
}

/** Where new ligand declarations go: before the first declaration (after a leading comment block). */
function insertionOffset(analysed: AnalysedDocument): number {
  const first = analysed.ast.declarations[0];
  if (!first) return analysed.document.getText().length;
  return analysed.lines.lineStartAt(first.start);
}

/**
 * BM106, a declaration whose name is no name (`ligand 4-MBA = …`, `recipe Au12Pt1(PET)8 {`): the
 * name it suggests, written for it and, for a ligand, for every use written as the declaration was
 * (read as one word: `ligands 4-MBA x 44`), so the uses still name it. Not offered when that name
 * is taken.
 */
function nameFixes(analysed: AnalysedDocument, d: BimetalDiagnostic): CodeAction[] {
  const suggested = (d.data as { suggestedName?: unknown } | undefined)?.suggestedName;
  if (d.code !== 'BM106' || typeof suggested !== 'string') return [];
  const taken = [...analysed.ast.ligands, ...analysed.ast.recipes].some((declaration) => declaration.name?.text === suggested);
  if (taken) return [];
  const written = analysed.document.getText(toRange(analysed.document, d.range));
  const isLigand = analysed.ast.ligands.some((declaration) => declaration.start <= d.range.start && d.range.end <= declaration.end);
  const uses = isLigand ? usesWrittenAs(analysed, written) : [];
  const text = analysed.document.getText();
  // The range may start right after the keyword (`recipe😀A`): the name must not be glued to it (`recipe_A`).
  const edits = [d.range, ...uses].map((range) => ({ range: toRange(analysed.document, range), newText: apartFromNeighbours(text, range, suggested) }));
  const title = uses.length > 0 ? `Rename to '${titleText(suggested)}' here and in its ${uses.length} use${uses.length > 1 ? 's' : ''}` : `Change to '${titleText(suggested)}'`;
  return [quickFix(analysed, title, d, edits, true)];
}

/** A character that continues a word (an identifier, a keyword or a number): what a word written beside it would join. */
const WORD_CHARACTER = /^[A-Za-z0-9_-]$/;

/**
 * `word`, written in place of `range`, with a space on each side where it would otherwise join the
 * word beside it into one: what was written apart by characters no word holds (`recipe😀A`) or by
 * brackets (`dopant[Ag, Cu]`) stays apart once they are gone.
 */
function apartFromNeighbours(text: string, range: OffsetRange, word: string): string {
  const before = WORD_CHARACTER.test(text.charAt(range.start - 1)) && WORD_CHARACTER.test(word.charAt(0)) ? ' ' : '';
  const after = WORD_CHARACTER.test(text.charAt(range.end)) && WORD_CHARACTER.test(word.charAt(word.length - 1)) ? ' ' : '';
  return before + word + after;
}

/** What may follow a ligand use's text: a blank, a separator, the end of the list or recipe, a comment, or the text's end. */
const USE_END = /^$|^[\s,;\]}#]/;

/**
 * The ligand uses written as `written` (a declaration's text that is no name): those whose text
 * starts so and ends there (USE_END). Found by the text, not by the use's word: a name the lexer
 * splits (`S(CH2)2Ph`) is read as the use `S` and stray characters after it.
 */
function usesWrittenAs(analysed: AnalysedDocument, written: string): OffsetRange[] {
  const text = analysed.document.getText();
  const uses: OffsetRange[] = [];
  for (const ref of ligandNameUses(analysed.ast)) {
    const end = ref.start + written.length;
    if (text.startsWith(written, ref.start) && USE_END.test(text.slice(end, end + 1))) uses.push({ start: ref.start, end });
  }
  return uses;
}

/** On a built-in ligand's name: copy its definition into the file so it can be edited. */
function declareBuiltinAction(analysed: AnalysedDocument, offset: number): CodeAction[] {
  const target = targetAt(analysed, offset);
  if (target?.kind !== 'ligandRef') return [];
  const name = target.word.text;
  const builtin = builtinLigand(name);
  if (!builtin || ligandDeclaration(analysed.ast, name)) return [];
  // `Cp*` is the built-in Cpstar (BM100 says so): its `Cp` is not the cyclopentadienyl it would declare.
  if (analysed.document.getText().charAt(target.word.end) === '*') return [];
  const at = analysed.document.positionAt(insertionOffset(analysed));
  const smiles = builtin.smiles.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const uses = ligandOccurrences(analysed.ast, name).uses.length;
  return [
    {
      title: `Declare '${titleText(name)}' in this file (from the built-in library; used ${uses}×)`,
      kind: CodeActionKind.RefactorRewrite,
      edit: edit(analysed, [{ range: { start: at, end: at }, newText: `ligand ${name} = "${smiles}" binds ${builtin.binds.join(', ')}${lineEndingOf(analysed.document.getText())}` }]),
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
  const eol = lineEndingOf(analysed.document.getText());
  const text = members.map((m) => memberText(analysed, recipe, m, taken)).join(eol + eol);
  return [
    {
      title: `Expand family '${titleText(name)}' into ${members.length} recipes`,
      kind: CodeActionKind.RefactorRewrite,
      edit: edit(analysed, [{ range: toRange(analysed.document, recipe), newText: text }]),
    },
  ];
}

/** The recipe's own text with every family slot replaced by this member's value, under a unique name. */
function memberText(analysed: AnalysedDocument, recipe: RecipeDecl, member: RecipeSpec, taken: Set<string | undefined>): string {
  const source = analysed.document.getText();
  const slots: { range: OffsetRange; value: string }[] = [];
  const nameParts: string[] = [];
  const slot = (choice: Choice<Word> | Choice<CountItem> | undefined, value: string | number | undefined) => {
    if (!choice || value === undefined) return;
    const varies = choice.kind === 'list' || choice.kind === 'range';
    if (!varies) return;
    slots.push({ range: choice, value: apartFromNeighbours(source, choice, String(value)) + commentsWithin(analysed, source, choice) });
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

  let text = source.slice(recipe.start, recipe.end);
  for (const s of slots.sort((a, b) => b.range.start - a.range.start)) {
    text = text.slice(0, s.range.start - recipe.start) + s.value + text.slice(s.range.end - recipe.start);
  }
  return text;
}

/**
 * The comments written inside `range`, a text an edit replaces that spans lines (a list `[Ag, # why\n
 * Cu]`, a range `4 # why\n..1`), as the edit writes them again after its new text: each with the
 * line break that ended it, which keeps what follows out of the comment, but for the last where only
 * blanks follow the range on its line (that line's own break ends it).
 */
function commentsWithin(analysed: AnalysedDocument, source: string, range: OffsetRange, written = ''): string {
  // A replacement made of the range's own text (a nested list unwrapped) already holds its comments.
  const comments = analysed.ast.comments.filter((comment) => comment.start >= range.start && comment.end <= range.end && !written.includes(source.slice(comment.start, comment.end).trimEnd()));
  const after = nextLineBreak(source, range.end);
  const endsLine = !/[\r\n]/.test(source.charAt(range.end - 1)) && source.slice(range.end, after.start).trim() === '';
  return comments
    .map((comment, i) => {
      const lineBreak = nextLineBreak(source, comment.end);
      const last = i === comments.length - 1 && endsLine;
      return ` ${source.slice(comment.start, comment.end).trimEnd()}${last ? '' : source.slice(lineBreak.start, lineBreak.end)}`;
    })
    .join('');
}

function uniqueName(base: string, taken: Set<string | undefined>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}
