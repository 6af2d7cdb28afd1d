import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import type {
  BimetalFile,
  Choice,
  CountItem,
  Declaration,
  LigandDecl,
  LigandUseNode,
  NumberNode,
  Property,
  RangeNode,
  RecipeDecl,
  StringNode,
  Word,
} from './ast';
import type { CstElement, CstNode, IToken } from './chevrotain';
import { diagnostic, quoted } from './diagnostics';
import { suggestClosest } from './suggest';
import { DECLARATION_KEYWORDS, LIGAND_CLAUSE_KEYWORDS, PROPERTY_NAMES, SITE_NAMES, SUPPORT_KINDS, TOPOLOGY_NAMES } from './vocabulary';

/**
 * Turns the concrete syntax tree into the AST, and reports the syntax errors that the tolerant
 * grammar let through (missing values, unclosed blocks and lists, stray tokens, bad strings).
 *
 * CST children are grouped by name, so source order is recovered from token offsets where a
 * rule mixes names (items and commas). Tokens inserted by chevrotain's recovery are ignored.
 */
export function buildAst(cst: CstNode, textLength: number, comments: IToken[], diagnostics: BimetalDiagnostic[]): BimetalFile {
  return new AstBuilder(diagnostics).file(cst, textLength, comments);
}

type Children = Record<string, CstElement[] | undefined>;

function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function isRealToken(token: IToken): boolean {
  return !token.isInsertedInRecovery && Number.isFinite(token.startOffset) && Number.isFinite(token.endOffset);
}

/** Chevrotain end offsets are inclusive; ranges here are half-open. */
function tokenRange(token: IToken): OffsetRange {
  return { start: token.startOffset, end: (token.endOffset as number) + 1 };
}

/** The real tokens of a subtree, in source order. */
function tokensOf(element: CstElement, out: IToken[] = []): IToken[] {
  if (isToken(element)) {
    if (isRealToken(element)) out.push(element);
    return out;
  }
  for (const list of Object.values(element.children)) for (const child of list) tokensOf(child, out);
  return out;
}

function nodeRange(node: CstNode): OffsetRange | undefined {
  const location = node.location;
  if (location && Number.isFinite(location.startOffset) && Number.isFinite(location.endOffset)) {
    return { start: location.startOffset, end: (location.endOffset as number) + 1 };
  }
  const tokens = tokensOf(node).sort((a, b) => a.startOffset - b.startOffset);
  if (tokens.length === 0) return undefined;
  return { start: tokens[0].startOffset, end: tokenRange(tokens[tokens.length - 1]).end };
}

function startOf(element: CstElement): number {
  if (isToken(element)) return element.startOffset;
  return nodeRange(element)?.start ?? Number.POSITIVE_INFINITY;
}

/** All direct children (tokens and nodes) in source order, recovered tokens dropped. */
function ordered(node: CstNode): CstElement[] {
  const all: CstElement[] = [];
  for (const list of Object.values(node.children)) {
    for (const child of list) if (!isToken(child) || isRealToken(child)) all.push(child);
  }
  return all.sort((a, b) => startOf(a) - startOf(b));
}

/** The `index`-th real token named `name` (loops instead of filter: this runs for every token of a file). */
function token(children: Children, name: string, index = 0): IToken | undefined {
  let seen = 0;
  for (const element of children[name] ?? []) {
    if (isToken(element) && isRealToken(element) && seen++ === index) return element;
  }
  return undefined;
}

function subnode(children: Children, name: string, index = 0): CstNode | undefined {
  let seen = 0;
  for (const element of children[name] ?? []) {
    if (!isToken(element) && nodeRange(element) !== undefined && seen++ === index) return element;
  }
  return undefined;
}

/** The single child of a rule that is one alternative (topItem, bodyItem). */
function onlyChild(node: CstNode): CstElement | undefined {
  for (const key in node.children) {
    const [first] = node.children[key];
    if (first && (!isToken(first) || isRealToken(first))) return first;
  }
  return undefined;
}

function word(t: IToken): Word {
  return { kind: 'word', text: t.image, range: tokenRange(t) };
}

/**
 * Groups consecutive stray tokens so that each run gets one diagnostic. A run ends at a real
 * declaration or property, and at a line break, so junk on two lines is two diagnostics.
 */
class StrayRuns {
  private lastLine: number | undefined;

  /** Whether this stray token starts a new run (and so should be reported). */
  startsRun(stray: IToken): boolean {
    const line = stray.startLine ?? -1;
    const starts = this.lastLine !== line;
    this.lastLine = line;
    return starts;
  }

  end(): void {
    this.lastLine = undefined;
  }
}

/** The words users confuse with declaration keywords at file level. */
const TOP_LEVEL_WORDS = [...DECLARATION_KEYWORDS, ...LIGAND_CLAUSE_KEYWORDS];

class AstBuilder {
  constructor(private readonly diagnostics: BimetalDiagnostic[]) {}

  file(cst: CstNode, textLength: number, commentTokens: IToken[]): BimetalFile {
    const declarations: Declaration[] = [];
    const strays = new StrayRuns();
    for (const item of (cst.children.topItem ?? []) as CstNode[]) {
      const child = onlyChild(item);
      if (!child) continue;
      if (isToken(child)) continue;
      if (child.name === 'topStray') {
        const [stray] = tokensOf(child);
        if (stray && strays.startsRun(stray)) this.reportTopLevelStray(stray);
        continue;
      }
      strays.end();
      const declaration = this.declaration(child);
      if (declaration) declarations.push(declaration);
    }
    return {
      kind: 'file',
      range: { start: 0, end: textLength },
      declarations,
      ligands: declarations.filter((d): d is LigandDecl => d.kind === 'ligand'),
      recipes: declarations.filter((d): d is RecipeDecl => d.kind === 'recipe'),
      comments: commentTokens.filter(isRealToken).map(tokenRange),
    };
  }

  private declaration(node: CstNode): Declaration | undefined {
    const range = nodeRange(node);
    if (!range) return undefined;
    switch (node.name) {
      case 'ligandDecl': {
        const keyword = token(node.children, 'Ligand');
        if (!keyword) return undefined;
        return this.ligandDecl(word(keyword), token(node.children, 'Identifier'), subnode(node.children, 'ligandDeclTail'), range);
      }
      case 'recipeDecl': {
        const keyword = token(node.children, 'Recipe');
        if (!keyword) return undefined;
        return this.recipeDecl(word(keyword), token(node.children, 'Identifier'), subnode(node.children, 'recipeBody'), range);
      }
      case 'misspelledDecl':
        return this.misspelledDecl(node, range);
      default:
        return undefined;
    }
  }

  private reportTopLevelStray(stray: IToken): void {
    const text = stray.image;
    const range = tokenRange(stray);
    if ((PROPERTY_NAMES as readonly string[]).includes(text)) {
      this.diagnostics.push(
        diagnostic('strayAtTopLevel', `${quoted(text)} is a recipe property; it must be inside a recipe: recipe NAME { ${text} … }`, range),
      );
      return;
    }
    if (text === '}') {
      this.diagnostics.push(diagnostic('strayAtTopLevel', `'}' has no matching '{'`, range, { data: { removable: true } }));
      return;
    }
    const suggestions = /^[A-Za-z_]/.test(text) ? suggestClosest(text, TOP_LEVEL_WORDS) : [];
    if (suggestions.length > 0) {
      this.diagnostics.push(
        diagnostic('strayAtTopLevel', `unknown word ${quoted(text)}; did you mean ${suggestions.map(quoted).join(' or ')}?`, range, {
          data: { replacements: suggestions },
        }),
      );
      return;
    }
    this.diagnostics.push(
      diagnostic('strayAtTopLevel', `unexpected ${quoted(text)}: a .bimetal file holds only 'ligand' and 'recipe' declarations`, range),
    );
  }

  private misspelledDecl(node: CstNode, range: OffsetRange): Declaration | undefined {
    const [keywordToken, nameToken] = ordered(node).filter(isToken);
    if (!keywordToken) return undefined;
    const keyword = word(keywordToken);
    const tail = subnode(node.children, 'ligandDeclTail');
    const intended = tail ? 'ligand' : 'recipe';
    this.diagnostics.push(
      diagnostic('misspelledDeclaration', `${quoted(keyword.text)} is not a declaration keyword; did you mean '${intended}'?`, keyword.range, {
        data: { replacements: [intended] },
      }),
    );
    const name = nameToken && nameToken.tokenType.name === 'Identifier' ? nameToken : undefined;
    if (tail) return this.ligandDecl(keyword, name, tail, range);
    return this.recipeDecl(keyword, name, subnode(node.children, 'recipeBody'), range);
  }

  // ── ligand declarations ──────────────────────────────────────────────────────────────

  private ligandDecl(keyword: Word, nameToken: IToken | undefined, tail: CstNode | undefined, range: OffsetRange): LigandDecl {
    const decl: LigandDecl = { kind: 'ligand', range, keyword, hasSyntaxErrors: false };
    if (nameToken) decl.name = word(nameToken);
    else this.diagnostics.push(diagnostic('missingName', `a ligand declaration needs a name: ligand NAME = "SMILES"`, keyword.range));
    const anchor = decl.name ?? keyword;
    if (!tail) {
      this.diagnostics.push(
        diagnostic('missingEquals', `ligand ${decl.name ? quoted(decl.name.text) + ' ' : ''}needs '= "SMILES"' after its name`, anchor.range, {
          data: { insertText: ' = ""', insertAt: anchor.range.end },
        }),
      );
      return decl;
    }
    const equals = token(tail.children, 'Equals');
    const smilesNode = subnode(tail.children, 'stringValue');
    if (smilesNode) decl.smiles = this.string(smilesNode);
    else if (equals) {
      this.diagnostics.push(
        diagnostic('missingValue', `expected the ligand's SMILES in double quotes after '=', e.g. ligand PET = "SCCc1ccccc1"`, tokenRange(equals)),
      );
    }
    for (const clause of ordered(tail)) {
      if (isToken(clause)) continue;
      if (clause.name === 'bindsClause') this.bindsClause(decl, clause);
      else if (clause.name === 'logPClause') this.logPClause(decl, clause);
    }
    return decl;
  }

  private bindsClause(decl: LigandDecl, clause: CstNode): void {
    const range = nodeRange(clause);
    const keywordToken = token(clause.children, 'Binds');
    if (!range || !keywordToken) return;
    const keyword = word(keywordToken);
    const atoms: Word[] = [];
    let expectingAtom = true;
    for (const element of ordered(clause)) {
      if (!isToken(element) || element === keywordToken) continue;
      if (element.tokenType.name === 'Comma') {
        if (expectingAtom) this.reportEmptyItem(element);
        expectingAtom = true;
      } else {
        atoms.push(word(element));
        expectingAtom = false;
      }
    }
    if (atoms.length === 0) {
      this.diagnostics.push(diagnostic('missingValue', `'binds' needs at least one atom symbol, e.g. binds S`, keyword.range));
    } else if (expectingAtom) {
      this.reportTrailingComma(clause);
    }
    if (decl.binds) {
      this.reportDuplicateClause(keyword, decl.binds.keyword);
      return;
    }
    decl.binds = { keyword, atoms, range };
  }

  private logPClause(decl: LigandDecl, clause: CstNode): void {
    const range = nodeRange(clause);
    const keywordToken = token(clause.children, 'LogP');
    if (!range || !keywordToken) return;
    const keyword = word(keywordToken);
    const valueToken = token(clause.children, 'NumberLiteral');
    if (!valueToken) this.diagnostics.push(diagnostic('missingValue', `'logP' needs a number, e.g. logP 2.3`, keyword.range));
    if (decl.logP) {
      this.reportDuplicateClause(keyword, decl.logP.keyword);
      return;
    }
    decl.logP = { keyword, range, value: valueToken ? this.number(valueToken) : undefined };
  }

  private reportDuplicateClause(second: Word, first: Word): void {
    this.diagnostics.push(
      diagnostic('duplicateProperty', `${quoted(second.text)} is given twice for this ligand; the first one is used`, second.range, {
        related: [{ message: `first ${quoted(first.text)}`, range: first.range }],
      }),
    );
  }

  // ── recipes ──────────────────────────────────────────────────────────────────────────

  private recipeDecl(keyword: Word, nameToken: IToken | undefined, body: CstNode | undefined, range: OffsetRange): RecipeDecl {
    const recipe: RecipeDecl = { kind: 'recipe', range, keyword, properties: [], hasSyntaxErrors: false };
    if (nameToken) recipe.name = word(nameToken);
    else this.diagnostics.push(diagnostic('missingName', `a recipe needs a name: recipe NAME { … }`, keyword.range));
    const label = recipe.name ? `recipe ${quoted(recipe.name.text)}` : 'this recipe';
    const anchor = recipe.name ?? keyword;
    if (!body) {
      this.diagnostics.push(
        diagnostic('missingOpenBrace', `${label} has no body; write its properties in braces: { host Au 12  dopant Pt 1 }`, anchor.range),
      );
      return recipe;
    }
    const open = token(body.children, 'LCurly');
    const close = token(body.children, 'RCurly');
    if (open) recipe.openBrace = tokenRange(open);
    if (close) recipe.closeBrace = tokenRange(close);
    if (!open) {
      this.diagnostics.push(
        diagnostic('missingOpenBrace', `expected '{' after ${label}`, anchor.range, { data: { insertText: ' {', insertAt: anchor.range.end } }),
      );
    }
    const strays = new StrayRuns();
    for (const item of (body.children.bodyItem ?? []) as CstNode[]) {
      const child = onlyChild(item);
      if (!child) continue;
      if (isToken(child)) {
        if (child.tokenType.name === 'Semicolon') strays.end();
        else if (strays.startsRun(child)) this.reportStrayInRecipe(child, label, recipe.properties[recipe.properties.length - 1]);
        continue;
      }
      strays.end();
      const property = this.property(child);
      if (property) recipe.properties.push(property);
    }
    if (open && !close) {
      const lastEnd = recipe.properties.length > 0 ? recipe.properties[recipe.properties.length - 1].range.end : tokenRange(open).end;
      this.diagnostics.push(
        diagnostic('unclosedRecipe', `the '{' of ${label} is never closed; add '}' after its last property`, tokenRange(open), {
          data: { insertText: '\n}', insertAt: Math.max(lastEnd, range.end) },
        }),
      );
    }
    return recipe;
  }

  private reportStrayInRecipe(stray: IToken, label: string, previous: Property | undefined): void {
    const text = stray.image;
    const hints: Record<string, string> = {
      Shells: `'shells N' belongs right after 'topology NAME'`,
      Times: `'x COUNT' belongs right after a ligand in 'ligands'`,
      Binds: `'binds' belongs to a file-level ligand declaration`,
      LogP: `'logP' belongs to a file-level ligand declaration`,
      LCurly: `recipes cannot be nested`,
    };
    const after = previous ? ` after '${previous.keyword.text}'` : '';
    const hint = hints[stray.tokenType.name];
    const message = hint
      ? `unexpected ${quoted(text)}${after} in ${label}: ${hint}`
      : `unexpected ${quoted(text)}${after} in ${label} (each property takes one value of each kind; a new property starts with its name)`;
    this.diagnostics.push(diagnostic('strayInRecipe', message, tokenRange(stray)));
  }

  private property(node: CstNode): Property | undefined {
    const range = nodeRange(node);
    if (!range) return undefined;
    const c = node.children;
    switch (node.name) {
      case 'metalProp': {
        const keywordToken = token(c, 'Host') ?? token(c, 'Dopant');
        if (!keywordToken) return undefined;
        const keyword = word(keywordToken);
        const kind = keywordToken.tokenType.name === 'Host' ? 'host' : 'dopant';
        const elementToken = token(c, 'Identifier');
        const elementList = subnode(c, 'list');
        const countNode = subnode(c, 'countValue');
        const element = elementToken ? this.single(word(elementToken)) : elementList ? this.wordList(elementList, 'an element symbol') : undefined;
        if (!element) {
          this.diagnostics.push(
            diagnostic('missingValue', `'${kind}' needs an element symbol, e.g. ${kind} ${kind === 'host' ? 'Au 12' : 'Pt 1'}`, keyword.range),
          );
        }
        return { kind, range, keyword, element, count: countNode ? this.countValue(countNode) : undefined };
      }
      case 'topologyProp': {
        const keyword = word(token(c, 'Topology') as IToken);
        const nameToken = token(c, 'Identifier');
        const shellsToken = token(c, 'Shells');
        const shellsValue = token(c, 'NumberLiteral');
        if (!nameToken) {
          this.diagnostics.push(diagnostic('missingValue', `'topology' needs a name: ${TOPOLOGY_NAMES.join(', ')}`, keyword.range));
        }
        if (shellsToken && !shellsValue) {
          this.diagnostics.push(diagnostic('missingValue', `'shells' needs a number of shells, e.g. shells 2`, tokenRange(shellsToken)));
        }
        return {
          kind: 'topology',
          range,
          keyword,
          name: nameToken ? word(nameToken) : undefined,
          shellsKeyword: shellsToken ? word(shellsToken) : undefined,
          shells: shellsValue ? this.number(shellsValue) : undefined,
        };
      }
      case 'siteProp': {
        const keyword = word(token(c, 'Site') as IToken);
        const valueToken = token(c, 'Identifier');
        if (!valueToken) this.diagnostics.push(diagnostic('missingValue', `'site' needs one of: ${SITE_NAMES.join(', ')}`, keyword.range));
        return { kind: 'site', range, keyword, value: valueToken ? word(valueToken) : undefined };
      }
      case 'ligandsProp':
        return this.ligandsProp(node, range);
      case 'supportProp': {
        const keyword = word(token(c, 'Support') as IToken);
        const kindToken = token(c, 'Identifier');
        const nameToken = token(c, 'Identifier', 1);
        const nameString = subnode(c, 'stringValue');
        if (!kindToken) this.diagnostics.push(diagnostic('missingValue', `'support' needs a kind: ${SUPPORT_KINDS.join(', ')}`, keyword.range));
        return {
          kind: 'support',
          range,
          keyword,
          supportKind: kindToken ? word(kindToken) : undefined,
          name: nameToken ? word(nameToken) : nameString ? this.string(nameString) : undefined,
        };
      }
      case 'distanceProp': {
        const keyword = word(token(c, 'Distance') as IToken);
        const valueToken = token(c, 'NumberLiteral');
        if (!valueToken) this.diagnostics.push(diagnostic('missingValue', `'distance' needs a number, e.g. distance 2.8 Å`, keyword.range));
        return { kind: 'distance', range, keyword, value: valueToken ? this.number(valueToken) : undefined, unit: this.unit(c) };
      }
      case 'chargeProp': {
        const keyword = word(token(c, 'Charge') as IToken);
        const valueToken = token(c, 'NumberLiteral');
        if (!valueToken) this.diagnostics.push(diagnostic('missingValue', `'charge' needs an integer, e.g. charge -1`, keyword.range));
        return { kind: 'charge', range, keyword, value: valueToken ? this.number(valueToken) : undefined };
      }
      case 'energyProp': {
        const keyword = word((token(c, 'Energy') ?? token(c, 'SiteEnergy')) as IToken);
        const kind = keyword.text === 'siteEnergy' ? 'siteEnergy' : 'energy';
        const valueToken = token(c, 'NumberLiteral');
        if (!valueToken) this.diagnostics.push(diagnostic('missingValue', `'${kind}' needs a number in eV, e.g. ${kind} ${kind === 'energy' ? '-2.9' : '0.4'} eV`, keyword.range));
        return { kind, range, keyword, value: valueToken ? this.number(valueToken) : undefined, unit: this.unit(c) };
      }
      case 'noteProp': {
        const keyword = word(token(c, 'Note') as IToken);
        const textNode = subnode(c, 'stringValue');
        if (!textNode) this.diagnostics.push(diagnostic('missingValue', `'note' needs text in double quotes, e.g. note "from the 2021 paper"`, keyword.range));
        return { kind: 'note', range, keyword, text: textNode ? this.string(textNode) : undefined };
      }
      case 'structureProp': {
        const keyword = word(token(c, 'Structure') as IToken);
        const pathNode = subnode(c, 'stringValue');
        if (!pathNode) this.diagnostics.push(diagnostic('missingValue', `'structure' needs a file path in double quotes, e.g. structure "core.xyz"`, keyword.range));
        return { kind: 'structure', range, keyword, path: pathNode ? this.string(pathNode) : undefined };
      }
      case 'unknownProp': {
        const [first] = ordered(node).filter(isToken);
        if (!first) return undefined;
        return { kind: 'unknown', range, keyword: word(first) };
      }
      default:
        return undefined;
    }
  }

  private unit(children: Children): Word | undefined {
    const unitNode = subnode(children, 'unit');
    const [unitToken] = unitNode ? tokensOf(unitNode) : [];
    return unitToken ? word(unitToken) : undefined;
  }

  private ligandsProp(node: CstNode, range: OffsetRange): Property | undefined {
    const keywordToken = token(node.children, 'Ligands') ?? token(node.children, 'Ligand');
    if (!keywordToken) return undefined;
    const keyword = word(keywordToken);
    const uses: LigandUseNode[] = [];
    const danglingCommas: OffsetRange[] = [];
    let expectingUse = true;
    for (const element of ordered(node)) {
      if (isToken(element)) {
        if (element.tokenType.name !== 'Comma') continue;
        if (expectingUse && uses.length > 0) {
          this.reportEmptyItem(element);
          danglingCommas.push(tokenRange(element));
        }
        expectingUse = true;
      } else {
        const use = this.ligandUse(element);
        if (use) uses.push(use);
        expectingUse = false;
      }
    }
    if (uses.length === 0) {
      this.diagnostics.push(diagnostic('missingValue', `'${keyword.text}' needs at least one ligand, e.g. ligands PET x 8`, keyword.range));
    } else if (expectingUse) {
      const commas = (node.children.Comma ?? []).filter((e): e is IToken => isToken(e) && isRealToken(e));
      const last = commas[commas.length - 1];
      if (last) {
        this.reportEmptyItem(last);
        danglingCommas.push(tokenRange(last));
      }
    }
    return { kind: 'ligands', range, keyword, uses, danglingCommas };
  }

  private ligandUse(node: CstNode): LigandUseNode | undefined {
    const range = nodeRange(node);
    if (!range) return undefined;
    const nameToken = token(node.children, 'Identifier');
    const smilesNode = subnode(node.children, 'stringValue');
    const ref = nameToken ? word(nameToken) : smilesNode ? this.string(smilesNode) : undefined;
    if (!ref) return undefined;
    const timesToken = token(node.children, 'Times');
    const countNode = subnode(node.children, 'countValue');
    if (timesToken && !countNode) {
      this.diagnostics.push(diagnostic('missingValue', `'x' needs a ligand count, e.g. PET x 8`, tokenRange(timesToken)));
    }
    return {
      kind: 'ligandUse',
      range,
      ref,
      times: timesToken ? word(timesToken) : undefined,
      count: countNode ? this.countValue(countNode) : undefined,
    };
  }

  // ── values ───────────────────────────────────────────────────────────────────────────

  private single<T extends Word | CountItem>(item: T): Choice<T> {
    return { isList: false, items: [item], closed: true, range: item.range };
  }

  private countValue(node: CstNode): Choice<CountItem> | undefined {
    const scalar = subnode(node.children, 'numberOrRange');
    if (scalar) {
      const item = this.numberOrRange(scalar);
      return item ? this.single(item) : undefined;
    }
    const listNode = subnode(node.children, 'list');
    return listNode ? this.countList(listNode) : undefined;
  }

  private numberOrRange(node: CstNode): CountItem | undefined {
    const range = nodeRange(node);
    const [fromToken, toToken] = (node.children.NumberLiteral ?? []).filter((e): e is IToken => isToken(e) && isRealToken(e));
    if (!range || !fromToken) return undefined;
    const from = this.number(fromToken);
    const dots = token(node.children, 'DotDot');
    if (!dots) return from;
    const result: RangeNode = { kind: 'range', range, from };
    if (toToken) result.to = this.number(toToken);
    else {
      this.diagnostics.push(
        diagnostic('unfinishedRange', `the range ${from.text}.. needs an upper bound, e.g. ${from.text}..${Math.trunc(from.value) + 3}`, range),
      );
    }
    return result;
  }

  private wordList(node: CstNode, expected: string): Choice<Word> {
    return this.list(node, expected, (item) => {
      const t = token(item.children, 'Identifier');
      return t ? word(t) : undefined;
    });
  }

  private countList(node: CstNode): Choice<CountItem> {
    return this.list(node, 'a count or a range like 1..4', (item) => {
      const n = subnode(item.children, 'numberOrRange');
      return n ? this.numberOrRange(n) : undefined;
    });
  }

  /** A bracketed list; items of the wrong kind are reported and dropped. */
  private list<T extends Word | CountItem>(node: CstNode, expected: string, convert: (item: CstNode) => T | undefined): Choice<T> {
    const range = nodeRange(node) as OffsetRange;
    const items: T[] = [];
    let expectingItem = true;
    let lastComma: IToken | undefined;
    let sawItem = false;
    for (const element of ordered(node)) {
      if (isToken(element)) {
        if (element.tokenType.name !== 'Comma') continue;
        if (expectingItem) this.reportEmptyItem(element);
        expectingItem = true;
        lastComma = element;
        continue;
      }
      sawItem = true;
      expectingItem = false;
      const converted = convert(element);
      if (converted) items.push(converted);
      else {
        const itemRange = nodeRange(element) as OffsetRange;
        const found = tokensOf(element).map((t) => t.image).join('');
        this.diagnostics.push(diagnostic('wrongValueKind', `expected ${expected}, found ${quoted(found)}`, itemRange));
      }
    }
    if (sawItem && expectingItem && lastComma) this.reportEmptyItem(lastComma);
    const close = token(node.children, 'RBracket');
    if (!close) {
      const open = token(node.children, 'LBracket') as IToken;
      this.diagnostics.push(
        diagnostic('unclosedList', `this list is missing its closing ']'`, tokenRange(open), { data: { insertText: ']', insertAt: range.end } }),
      );
    }
    return { isList: true, items, closed: close !== undefined, range };
  }

  private reportEmptyItem(comma: IToken): void {
    this.diagnostics.push(diagnostic('emptyListItem', `extra ',' with nothing after it`, tokenRange(comma), { data: { removable: true } }));
  }

  private reportTrailingComma(node: CstNode): void {
    const commas = (node.children.Comma ?? []).filter((e): e is IToken => isToken(e) && isRealToken(e));
    const last = commas[commas.length - 1];
    if (last) this.reportEmptyItem(last);
  }

  private number(t: IToken): NumberNode {
    return { kind: 'number', text: t.image, value: Number(t.image), range: tokenRange(t) };
  }

  /** Unescapes `\"` and `\\`; any other backslash is reported and kept as written. */
  private string(node: CstNode): StringNode {
    const [t] = tokensOf(node);
    const range = tokenRange(t);
    const terminated = t.tokenType.name === 'StringLiteral';
    const raw = t.image;
    const body = terminated ? raw.slice(1, -1) : raw.slice(1);
    if (!terminated) {
      this.diagnostics.push(
        diagnostic('unterminatedString', `this string is missing its closing '"' (strings cannot span lines)`, range, {
          data: { insertText: '"', insertAt: range.end },
        }),
      );
    }
    let value = '';
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (ch !== '\\') {
        value += ch;
        continue;
      }
      const next = body[i + 1];
      if (next === '"' || next === '\\') {
        value += next;
        i++;
        continue;
      }
      const at = range.start + 1 + i;
      this.diagnostics.push(
        diagnostic(
          'invalidEscape',
          next === undefined
            ? `a string cannot end with a single backslash; write \\\\ for a backslash`
            : `'\\${next}' is not an escape; only \\" and \\\\ are. For a SMILES bond '\\' write \\\\`,
          { start: at, end: Math.min(at + (next === undefined ? 1 : 2), range.end) },
          { data: { replacements: [`\\\\${next ?? ''}`] } },
        ),
      );
      value += ch;
    }
    return { kind: 'string', value, terminated, range };
  }
}
