import type { OffsetRange } from '../../engine/src/recipe';
import type { Declaration, LigandUseNode, Property } from './ast';
import {
  AstBuilder,
  isToken,
  tokenEnd,
  type BindsParts,
  type CountParts,
  type ListItemParts,
  type ListParts,
  type LigandTailParts,
  type NestedListParts,
  type LogPParts,
  type NumberOrRangeParts,
  type RecipeBodyParts,
} from './astBuilder';
import { EmbeddedActionsParser, EOF, tokenMatcher, type IOrAlt, type IRecognitionException, type IToken, type TokenType } from './chevrotain';
import * as T from './lexer';
import { followingValues, MAX_VALUE_TOKENS, type FollowingValue } from './following';

/** What the shared parser's ligands list holds between parses (it is never pushed to: every ligands property sets its own). */
const NO_ELEMENTS: (LigandUseNode | IToken)[] = [];

/** What the shared parser's list elements hold between parses (as NO_ELEMENTS). */
const NO_LIST_ELEMENTS: (ListItemParts | IToken)[] = [];

/** No run of list tokens scanned (listClosesAhead). */
const NO_LIST_RUN = { start: 0, end: 0, closes: false };

/**
 * The tokens a list holds between its `[` and `]`: items, the parts of a range, commas, and the `[`
 * of a list written inside it (`[Fe [1, 2]]`), whose `]` then ends the run.
 */
const LIST_RUN_TYPES: TokenType[] = [T.Identifier, T.NumberLiteral, T.DotDot, T.Comma, T.StringLiteral, T.LBracket];

function isListRunToken(token: IToken): boolean {
  for (const type of LIST_RUN_TYPES) if (tokenMatcher(token, type)) return true;
  return false;
}

/** What the shared parser holds between parses: nothing of the last text. */
const IDLE_BUILDER = new AstBuilder('', 0, 0, []);

/**
 * The parser (chevrotain 11, error recovery on), with embedded actions that hand each finished
 * rule to the AST builder: no concrete syntax tree is built and walked again, which made parsing
 * several times slower (a CST node per rule, its children in a dictionary, its location kept
 * token by token) and kept the whole tree alive until the AST was done.
 *
 * The grammar is deliberately tolerant: every slot after a keyword is optional, closing
 * brackets are optional, and stray tokens are consumed by explicit catch-all rules. The AST
 * builder then reports each gap precisely ("host needs an element", "'{' never closed"), which
 * gives chemists better messages than generic "expecting X but found Y", and keeps one mistake
 * from hiding the rest of the file. Chevrotain's own recovery stays enabled as a second net.
 *
 * Line sensitivity: newlines mean nothing in the language, but a few optional trailing words
 * (a unit, a support name, the arguments of an unknown property) are only taken from the same
 * line, so a misspelled property on the next line is not swallowed as an argument.
 *
 * A rule's range runs from the token it starts at to the last token it consumed (`rangeFrom`).
 * Action code runs only outside chevrotain's recording phase (`ACTION`).
 */
export class BimetalParser extends EmbeddedActionsParser {
  /**
   * `validate` runs chevrotain's grammar checks (ambiguities, left recursion, …): about a third of
   * building the parser, which every command-line run and server start pays. The grammar's own
   * test builds a validating parser; the one everything else uses skips them.
   *
   * One token of lookahead: every choice of the grammar is decided by its next token or a gate
   * (those checks find no ambiguity at 1), and a larger bound only made chevrotain search longer
   * paths while building: a 1-recipe `bimetal score` took 0.80 s of CPU with 3 against 0.75 s
   * (median of 6 alternating runs), for the same trees and diagnostics on 20,018 inputs (the fuzz
   * corpus, its mutants, generated files and token soup).
   */
  constructor({ validate = false }: { validate?: boolean } = {}) {
    super(T.ALL_TOKENS, { recoveryEnabled: true, maxLookahead: 1, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /** The text being parsed: tokens carry offsets only, so line questions are answered from it. */
  private text = '';
  private build = IDLE_BUILDER;

  /** Parses `tokens` (from `offsetLexer.tokenize(text)`), handing the AST pieces to `build`; returns chevrotain's errors. */
  parse(tokens: IToken[], text: string, build: AstBuilder): IRecognitionException[] {
    this.text = text;
    this.build = build;
    this.input = tokens;
    this.file();
    const errors = this.errors;
    // Let the tokens, text and tree go: the parser is shared and would otherwise hold the last ones until the next parse.
    this.input = [];
    this.text = '';
    this.build = IDLE_BUILDER;
    this.ligandsElements = NO_ELEMENTS;
    this.listElements = NO_LIST_ELEMENTS;
    this.listRun = NO_LIST_RUN;
    return errors;
  }

  /**
   * Whether the next token starts on the line where the previous one ends. Only whitespace and
   * comments lie between two tokens, and a comment never holds a line break, so this is the line
   * count of chevrotain's full position tracking (`\n`, `\r\n`, a lone `\r`).
   */
  private sameLine(): boolean {
    const previous = this.LA(0);
    return previous.tokenType !== EOF && onOneLine(this.text, previous, this.LA(1));
  }

  /**
   * From `start` to the end of the last token consumed. While chevrotain records the grammar its
   * tokens have NaN offsets, and one `{ start: NaN, end: NaN }` is enough for V8 to store `start`
   * and `end` as boxed doubles in every `{ start, end }` object of the process from then on (they
   * share one hidden class): three allocations per range instead of one, in every diagnostic and
   * record, and in the nodes built from such a range. So the recording phase gets a range of small
   * integers.
   */
  private rangeFrom(start: number): OffsetRange {
    if (this.RECORDING_PHASE) return { start: 0, end: 0 };
    const last = this.LA(0);
    return { start, end: tokenEnd(last) };
  }

  /**
   * `ligand NAME =` starts a declaration, so inside an unclosed recipe it ends the body; so does one
   * whose name is no name (`ligand 4-MBA =`, `ligand Au12 Pt =`), as at the top level
   * (namesDeclaration): read as the property `ligand`, it would be its own error again and again.
   */
  private startsLigandDeclaration(): boolean {
    if (!tokenMatcher(this.LA(1), T.Ligand)) return false;
    return (tokenMatcher(this.LA(2), T.Identifier) && tokenMatcher(this.LA(3), T.Equals)) || this.namePartsBefore(T.Equals, 1) > 0;
  }

  /**
   * `Recipe Foo {` or `ligands Foo =`: a declaration whose keyword is misspelled. The keyword and
   * the name share a line: a value ending one line is no keyword of a declaration on the next
   * (`topology icosahedron` above `sit=e core` keeps its topology); so do the name and a ligand's
   * `=` (`host AU Au12` above `=dopant Pt 1` is no ligand). A recipe's `{` may open the next line.
   */
  private startsMisspelledDeclaration(): boolean {
    const first = this.LA(1);
    const second = this.LA(2);
    const third = this.LA(3);
    return (
      (tokenMatcher(first, T.Identifier) || tokenMatcher(first, T.Ligands)) &&
      tokenMatcher(second, T.Identifier) &&
      (tokenMatcher(third, T.LCurly) || (tokenMatcher(third, T.Equals) && onOneLine(this.text, second, third))) &&
      onOneLine(this.text, first, second)
    );
  }

  /** An identifier here is a value, not the misspelled keyword of the next declaration. */
  private startsValue(): boolean {
    return !this.startsMisspelledDeclaration();
  }

  /** Whether a recipe body starts here: `{`, or a property keyword when the `{` was forgotten. */
  private startsRecipeBody(): boolean {
    const next = this.LA(1);
    if (tokenMatcher(next, T.LCurly)) return true;
    for (const property of T.PROPERTY_TOKENS) if (tokenMatcher(next, property)) return true;
    return false;
  }

  public file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.topItem));
  });

  // The callbacks and alternatives handed to chevrotain are created once, here, not on every call
  // (chevrotain's documented optimisation): a closure, an alternatives array or a gated option
  // built per rule invocation was most of what a parse allocated, and on a file of thousands of
  // recipes the garbage collector's work grows with it. Embedded actions check RECORDING_PHASE
  // themselves, which is what ACTION does, for the same reason.

  private readonly topAlternatives: IOrAlt<void>[] = [
    { ALT: () => this.declared(this.SUBRULE(this.ligandDecl)) },
    { ALT: () => this.declared(this.SUBRULE(this.recipeDecl)) },
    { GATE: () => this.startsMisspelledDeclaration(), ALT: () => this.declared(this.SUBRULE(this.misspelledDecl)) },
    // Last resort; the alternatives above win for `ligand` / `recipe`, which are also words.
    {
      ALT: () => {
        const stray = this.SUBRULE(this.topStray);
        if (!this.RECORDING_PHASE) this.build.topLevelStray(stray, this.topLevelAhead);
      },
      IGNORE_AMBIGUITIES: true,
    },
  ];

  private topItem = this.RULE('topItem', () => {
    this.OR(this.topAlternatives);
  });

  private declared(declaration: Declaration): void {
    if (!this.RECORDING_PHASE) this.build.declaration(declaration);
  }

  private readonly topStrayAlternatives: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Word) },
    { ALT: () => this.CONSUME(T.BodyStray) },
    { ALT: () => this.CONSUME(T.RCurly) },
    { ALT: () => this.CONSUME(T.Semicolon) },
  ];

  private topStray = this.RULE('topStray', () => this.OR(this.topStrayAlternatives));

  private misspelledDecl = this.RULE('misspelledDecl', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.OR1([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Ligands) }]);
    const name = this.CONSUME2(T.Identifier);
    let tail: LigandTailParts | undefined;
    let body: RecipeBodyParts | undefined;
    this.OR2([
      { GATE: () => tokenMatcher(this.LA(1), T.Equals), ALT: () => (tail = this.SUBRULE(this.ligandDeclTail)) },
      { GATE: () => tokenMatcher(this.LA(1), T.LCurly), ALT: () => (body = this.SUBRULE(this.recipeBody)) },
    ]);
    return this.ACTION(() => this.build.misspelledDecl(keyword, name, tail, body, this.rangeFrom(start)));
  });

  /**
   * Whether a declaration's name comes next: an identifier, or what stands before what follows the
   * name (`{` or `=`) on the same line: a reserved word (`recipe site {`), a name the lexer reads
   * as several tokens (`recipe 4Au {`, `ligand x8 = …`), or one that holds a space or characters no
   * token starts with (`recipe Au12 Pt {`, `recipe Au12Pt1(PET)8 {`, `ligand 4-MBA = …`). Such a
   * run is taken as the name and reported once, on all of it, by the AST builder, and the rest of the
   * declaration is read as usual; otherwise its first token would start a property or stray text,
   * and the declaration fall apart into several unrelated errors. Sets `nameLength` for the name's
   * rule.
   */
  private namesDeclaration(follower: TokenType): boolean {
    const first = this.LA(1);
    // The usual `recipe NAME {` / `ligand NAME =`, decided without looking further.
    if (tokenMatcher(first, T.Identifier) && tokenMatcher(this.LA(2), follower)) {
      this.nameLength = 1;
      return true;
    }
    const length = this.namePartsBefore(follower);
    this.nameLength = Math.max(length, 1);
    return length > 0 || tokenMatcher(first, T.Identifier);
  }

  /** How many tokens the name being read has (namesDeclaration). */
  private nameLength = 1;

  /** How many name parts from the next token on (after `skipped` tokens) `follower` comes right after, all on one line; 0 when it does not. */
  private namePartsBefore(follower: TokenType, skipped = 0): number {
    for (let length = 0; length <= MAX_NAME_PARTS; length++) {
      const next = this.LA(skipped + length + 1);
      // The keyword's line too: `recipe` alone on a line must not take the next declaration as its name.
      if (!onOneLine(this.text, this.LA(skipped + length), next)) return 0;
      if (tokenMatcher(next, follower)) return length;
      if (!isNamePart(next)) return 0;
    }
    return 0;
  }

  /** Every word is in the Word category, identifiers included; `x` lexes as the count operator; the rest are what a mistaken name may hold. */
  private readonly nameAlternatives: IOrAlt<IToken>[] = NAME_PART_TYPES.map((type) => ({ ALT: () => this.CONSUME(type) }));
  private readonly namePartAlternatives: IOrAlt<IToken>[] = NAME_PART_TYPES.map((type) => ({ ALT: () => this.CONSUME2(type) }));

  /** A declaration's name as its tokens: `nameLength` of them (see namesDeclaration). */
  private declarationName(): () => IToken[] {
    return () => {
      const tokens = [this.OR(this.nameAlternatives)];
      this.MANY({ GATE: () => tokens.length < this.nameLength, DEF: () => tokens.push(this.OR2(this.namePartAlternatives)) });
      return tokens;
    };
  }

  private readonly ligandName = { GATE: () => this.namesDeclaration(T.Equals), DEF: this.declarationName() };

  private ligandDecl = this.RULE('ligandDecl', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Ligand);
    const name = this.OPTION(this.ligandName);
    const tail = this.OPTION2(() => this.SUBRULE(this.ligandDeclTail));
    return this.ACTION(() => this.build.ligandDecl(keyword, name, tail, this.rangeFrom(start)));
  });

  private ligandDeclTail = this.RULE('ligandDeclTail', (): LigandTailParts => {
    const equals = this.CONSUME(T.Equals);
    const smiles = this.OPTION(() => this.SUBRULE(this.stringValue));
    const clauses: (BindsParts | LogPParts)[] = [];
    this.MANY(() =>
      clauses.push(
        this.OR([
          { ALT: () => this.SUBRULE(this.bindsClause) },
          { ALT: () => this.SUBRULE(this.logPClause) },
        ]),
      ),
    );
    return { equals, smiles, clauses };
  });

  private bindsClause = this.RULE('bindsClause', (): BindsParts => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Binds);
    const elements: IToken[] = [];
    this.OPTION(() => elements.push(this.CONSUME(T.Identifier)));
    this.MANY(() => {
      elements.push(this.CONSUME(T.Comma));
      this.OPTION2(() => elements.push(this.CONSUME2(T.Identifier)));
    });
    return { kind: 'binds', range: this.rangeFrom(start), keyword, elements };
  });

  private logPClause = this.RULE('logPClause', (): LogPParts => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.LogP);
    const value = this.OPTION(() => this.CONSUME(T.NumberLiteral));
    return { kind: 'logP', range: this.rangeFrom(start), keyword, value };
  });

  private readonly recipeName = { GATE: () => this.namesDeclaration(T.LCurly), DEF: this.declarationName() };
  private readonly recipeBodyIfStarted = { GATE: () => this.startsRecipeBody(), DEF: () => this.SUBRULE(this.recipeBody) };

  private recipeDecl = this.RULE('recipeDecl', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Recipe);
    const name = this.OPTION(this.recipeName);
    const body = this.OPTION2(this.recipeBodyIfStarted);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.recipeDecl(keyword, name, body, this.rangeFrom(start));
  });

  private readonly openBrace = (): IToken => this.CONSUME(T.LCurly);
  private readonly closeBrace = (): IToken => this.CONSUME(T.RCurly);
  // A new declaration ends a recipe whose `}` is missing.
  private readonly bodyContinues = (): boolean => !this.startsLigandDeclaration() && !this.startsMisspelledDeclaration();

  /** `{ item… }`; both braces are optional here and reported by the AST builder when missing. */
  private recipeBody = this.RULE('recipeBody', (): RecipeBodyParts => {
    const open = this.OPTION1(this.openBrace);
    const items: (Property | IToken)[] = [];
    this.MANY({ GATE: this.bodyContinues, DEF: () => items.push(this.SUBRULE(this.bodyItem)) });
    const close = this.OPTION(this.closeBrace);
    return { open, items, close };
  });

  private readonly bodyAlternatives: IOrAlt<Property | IToken>[] = [
    { ALT: () => this.SUBRULE(this.metalProp) },
    { ALT: () => this.SUBRULE(this.topologyProp) },
    { ALT: () => this.SUBRULE(this.siteProp) },
    { ALT: () => this.SUBRULE(this.ligandsProp) },
    { ALT: () => this.SUBRULE(this.supportProp) },
    { ALT: () => this.SUBRULE(this.distanceProp) },
    { ALT: () => this.SUBRULE(this.chargeProp) },
    { ALT: () => this.SUBRULE(this.energyProp) },
    { ALT: () => this.SUBRULE(this.noteProp) },
    { ALT: () => this.SUBRULE(this.structureProp) },
    { ALT: () => this.SUBRULE(this.unknownProp) },
    { ALT: () => this.CONSUME(T.Semicolon) },
    { ALT: () => this.CONSUME(T.BodyStray) },
  ];

  private bodyItem = this.RULE('bodyItem', () => this.OR(this.bodyAlternatives));

  private readonly metalKeywords: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(T.Host) }, { ALT: () => this.CONSUME(T.Dopant) }];
  private readonly metalElementAlternatives: IOrAlt<IToken | ListParts>[] = [
    { ALT: () => this.CONSUME(T.Identifier) },
    { ALT: () => this.SUBRULE(this.list) },
  ];
  private readonly metalElement = { GATE: () => this.startsValue(), DEF: () => this.OR2(this.metalElementAlternatives) };
  private readonly metalCount = (): CountParts => this.SUBRULE(this.countValue);

  /** `host ELEMENT [COUNT]` and `dopant ELEMENT [COUNT]`; either slot may be a list. */
  private metalProp = this.RULE('metalProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.OR(this.metalKeywords);
    const element = this.OPTION(this.metalElement);
    const count = this.OPTION2(this.metalCount);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.metal(keyword, element, count, this.rangeFrom(start));
  });

  private readonly topologyName = { GATE: () => this.startsValue(), DEF: () => this.CONSUME(T.Identifier) };
  private readonly shellsClause = (): ShellsParts => ({ keyword: this.CONSUME(T.Shells), value: this.OPTION3(this.shellsValue) });
  private readonly shellsValue = (): IToken => this.CONSUME(T.NumberLiteral);

  private topologyProp = this.RULE('topologyProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Topology);
    const name = this.OPTION(this.topologyName);
    const shells = this.OPTION2(this.shellsClause);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.topology(keyword, name, shells?.keyword, shells?.value, this.rangeFrom(start));
  });

  private readonly siteValue = { GATE: () => this.startsValue(), DEF: () => this.CONSUME(T.Identifier) };

  private siteProp = this.RULE('siteProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Site);
    const value = this.OPTION(this.siteValue);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.site(keyword, value, this.rangeFrom(start));
  });

  private readonly ligandsKeywords: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(T.Ligands) }, { ALT: () => this.CONSUME(T.Ligand) }];
  private readonly firstLigandUse = { GATE: () => this.startsValue() && !this.numberNotName(), DEF: () => this.SUBRULE(this.ligandUse) };
  private readonly nextLigandUse = { GATE: () => !this.numberNotName(), DEF: (): LigandUseNode => this.SUBRULE2(this.ligandUse) };
  /** The elements the ligands rule being read collects; the alternatives below are built once and push to it. */
  private ligandsElements: (LigandUseNode | IToken)[] = NO_ELEMENTS;
  private readonly ligandsTail: IOrAlt<void>[] = [
    {
      ALT: () => {
        const elements = this.ligandsElements;
        elements.push(this.CONSUME(T.Comma));
        const use = this.OPTION2(this.nextLigandUse);
        if (use !== undefined) elements.push(use);
      },
    },
    { ALT: () => void this.ligandsElements.push(this.SUBRULE3(this.ligandUse)) },
  ];
  private readonly ligandsTailItems = { GATE: () => this.ligandsContinue(), DEF: () => this.OR2(this.ligandsTail) };
  /**
   * A comma, or a ligand name or SMILES on the line of the last use with no comma before it: a use
   * whose comma is missing. `X` is no ligand but the count operator in capitals (`PET X 8`), left to
   * be reported as that.
   */
  private readonly ligandsContinue = (): boolean => {
    const next = this.LA(1);
    if (tokenMatcher(next, T.Comma)) return true;
    const name = tokenMatcher(next, T.Identifier);
    if (!name && !tokenMatcher(next, T.StringLiteral) && !tokenMatcher(next, T.UnterminatedString)) return false;
    // After an `x` without its count (`PET x "8"`), what follows is that count, written wrong: no use.
    if (tokenMatcher(this.LA(0), T.Times)) return false;
    // Read as a use only where a use may end after it (`x COUNT`, a comma, the line's end): a
    // misspelt property with its value (`dopnt Pd 1`) is left to be reported as that.
    const after = this.LA(2);
    const endsUse =
      tokenMatcher(after, T.Times) || tokenMatcher(after, T.Comma) || tokenMatcher(after, T.RCurly) || after.tokenType === EOF || !onOneLine(this.text, next, after);
    return !(name && next.image === 'X') && endsUse && this.sameLine() && this.startsValue();
  };

  /**
   * `ligands USE[, USE…]`; `ligand` (singular) is accepted here and reported as a typo. A use on the
   * same line with its comma missing (`PET x 8 PPh3 x 2`) is read as a use, and the AST builder
   * reports the missing comma, instead of the rest of the line reading as an unknown property.
   */
  private ligandsProp = this.RULE('ligandsProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.OR(this.ligandsKeywords);
    const elements: (LigandUseNode | IToken)[] = [];
    const first = this.OPTION(this.firstLigandUse);
    if (first !== undefined) elements.push(first);
    // A ligands property holds no other, so the one list of the rule being read is all the alternatives need.
    this.ligandsElements = elements;
    this.MANY(this.ligandsTailItems);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.ligands(keyword, elements, this.rangeFrom(start));
  });

  private readonly ligandRefAlternatives: IOrAlt<IToken[]>[] = [
    { ALT: () => [this.CONSUME(T.Identifier)] },
    { ALT: () => [this.SUBRULE(this.stringValue)] },
    { GATE: () => this.gluedNameAhead(), ALT: () => [this.CONSUME(T.NumberLiteral), this.CONSUME2(T.Identifier)] },
  ];
  private readonly ligandCount = (): TimesParts => ({ times: this.CONSUME(T.Times), count: this.OPTION2(this.ligandCountValue) });
  private readonly ligandCountValue = (): CountParts => this.SUBRULE(this.countValue);

  private ligandUse = this.RULE('ligandUse', () => {
    const start = this.LA(1).startOffset;
    const ref = this.OR(this.ligandRefAlternatives);
    const count = this.OPTION(this.ligandCount);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.ligandUse(ref, count?.times, count?.count, this.rangeFrom(start));
  });

  /**
   * A ligand written as chemists name it, with a locant before the name (`4-MBA`, `2-PET`, `4MBA`):
   * digits glued to a word, with at most hyphens between. It is read as the one ligand name it was
   * meant to be, which no name can be (a name cannot start with a digit), so the validator reports
   * it once as an unknown ligand with the built-in it resembles (`MBA`), where the number, the
   * hyphen and the word were three unrelated errors and the use was lost.
   */
  private gluedNameAhead(): boolean {
    const number = this.LA(1);
    const name = this.LA(2);
    if (!tokenMatcher(number, T.NumberLiteral) || !tokenMatcher(name, T.Identifier) || !/^\d+$/.test(number.image)) return false;
    // A typographic dash too (`4‐MBA` pasted from a paper): BM100 writes it as '-', and the use is still one name.
    for (let i = tokenEnd(number); i < name.startOffset; i++) if (this.text[i] !== '-' && T.DASHES[this.text[i]] === undefined) return false;
    return true;
  }

  /** A number where a ligand may start that is no glued name (gluedNameAhead): no ligand, left to be reported as what it is. */
  private numberNotName(): boolean {
    return tokenMatcher(this.LA(1), T.NumberLiteral) && !this.gluedNameAhead();
  }

  private readonly supportKind = { GATE: () => this.startsValue(), DEF: () => this.CONSUME(T.Identifier) };
  private readonly supportNameAlternatives: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME2(T.Identifier) },
    { ALT: () => this.SUBRULE(this.stringValue) },
  ];
  private readonly supportName = { GATE: () => this.sameLine(), DEF: () => this.OR(this.supportNameAlternatives) };

  private supportProp = this.RULE('supportProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Support);
    const kind = this.OPTION(this.supportKind);
    const name = this.OPTION2(this.supportName);
    if (this.RECORDING_PHASE) return NOT_BUILT;
    // The kind and an identifier name, in order: without a kind, a name on the line reads as the kind.
    const identifiers: IToken[] = [];
    if (kind !== undefined) identifiers.push(kind);
    const nameIsIdentifier = name !== undefined && tokenMatcher(name, T.Identifier);
    if (nameIsIdentifier) identifiers.push(name);
    return this.build.support(keyword, identifiers, nameIsIdentifier ? undefined : name, this.rangeFrom(start));
  });

  private readonly numberValue = (): IToken => this.CONSUME(T.NumberLiteral);
  /** A unit is `Å` anywhere, or an identifier on the number's line: one on the next line starts the next property. */
  private readonly optionalUnit = { GATE: () => this.LA(1).tokenType === T.Angstrom || this.sameLine(), DEF: () => this.SUBRULE(this.unit) };

  private distanceProp = this.RULE('distanceProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Distance);
    const value = this.OPTION(this.numberValue);
    const unit = this.OPTION2(this.optionalUnit);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.distance(keyword, value, unit, this.rangeFrom(start));
  });

  private chargeProp = this.RULE('chargeProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Charge);
    const value = this.OPTION(this.numberValue);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.charge(keyword, value, this.rangeFrom(start));
  });

  private readonly energyKeywords: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(T.Energy) }, { ALT: () => this.CONSUME(T.SiteEnergy) }];

  private energyProp = this.RULE('energyProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.OR(this.energyKeywords);
    const value = this.OPTION(this.numberValue);
    const unit = this.OPTION2(this.optionalUnit);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.energy(keyword, value, unit, this.rangeFrom(start));
  });

  private readonly unitAlternatives: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(T.Angstrom) }, { ALT: () => this.CONSUME(T.Identifier) }];

  /** A unit word (where one may stand: optionalUnit). */
  private unit = this.RULE('unit', () => this.OR(this.unitAlternatives));

  private readonly stringArgument = (): IToken => this.SUBRULE(this.stringValue);

  private noteProp = this.RULE('noteProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Note);
    const text = this.OPTION(this.stringArgument);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.note(keyword, text, this.rangeFrom(start));
  });

  private structureProp = this.RULE('structureProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Structure);
    const path = this.OPTION(this.stringArgument);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.structure(keyword, path, this.rangeFrom(start));
  });

  private readonly looseAlternatives: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME2(T.Identifier) }, { ALT: () => this.CONSUME(T.Loose) }];
  private readonly restOfLine = { GATE: () => this.sameLine(), DEF: () => this.OR(this.looseAlternatives) };

  /** A misspelled or unknown property name with whatever follows it on the same line. */
  private unknownProp = this.RULE('unknownProp', () => {
    const start = this.LA(1).startOffset;
    const first = this.CONSUME(T.Identifier);
    const follows = this.RECORDING_PHASE ? undefined : this.valueAhead();
    this.MANY(this.restOfLine);
    return this.RECORDING_PHASE ? NOT_BUILT : this.build.unknown(first, follows, this.rangeFrom(start));
  });

  /**
   * What the next tokens on the line are as values (following.ts), for a did-you-mean of the word
   * before them: those a misspelt property swallows (restOfLine), up to the first keyword or the
   * line's end; undefined when there are none.
   */
  private valueAhead(): FollowingValue | undefined {
    const tokens: IToken[] = [];
    const continues = () => {
      const next = this.LA(tokens.length + 1);
      return onOneLine(this.text, this.LA(tokens.length), next) && (tokenMatcher(next, T.Identifier) || tokenMatcher(next, T.Loose));
    };
    while (tokens.length < MAX_VALUE_TOKENS && continues()) tokens.push(this.LA(tokens.length + 1));
    return followingValues(tokens, continues());
  }

  /**
   * The rest of a top-level stray word's line: a declaration's when a name (or none) and then `=`
   * or `{` follow it there, as after `ligand` or `recipe` (namesDeclaration), else its values.
   */
  private readonly topLevelAhead = (): FollowingValue | undefined => {
    const follows = (follower: TokenType) => (tokenMatcher(this.LA(1), follower) && this.sameLine()) || this.namePartsBefore(follower) > 0;
    if (follows(T.Equals)) return 'ligandDeclaration';
    if (follows(T.LCurly)) return 'recipeDeclaration';
    return this.valueAhead();
  };

  private readonly countAlternatives: IOrAlt<CountParts>[] = [{ ALT: () => this.SUBRULE(this.numberOrRange) }, { ALT: () => this.SUBRULE(this.list) }];

  /** A count: `4`, `1..4`, or a list `[2, 4, 6..8]`. */
  private countValue = this.RULE('countValue', () => this.OR(this.countAlternatives));

  private readonly rangeTail = (): RangeTailParts => ({ dots: this.CONSUME(T.DotDot), to: this.OPTION2(this.rangeEnd) });
  private readonly rangeEnd = (): IToken => this.CONSUME2(T.NumberLiteral);

  private numberOrRange = this.RULE('numberOrRange', (): NumberOrRangeParts => {
    const start = this.LA(1).startOffset;
    const from = this.CONSUME(T.NumberLiteral);
    const tail = this.OPTION(this.rangeTail);
    return { kind: 'numberOrRange', range: this.rangeFrom(start), from, dots: tail?.dots, to: tail?.to };
  });

  private readonly firstListItem = (): ListItemParts => this.SUBRULE(this.listItem);
  private readonly nextListItem = (): ListItemParts => this.SUBRULE2(this.listItem);
  private readonly closeBracket = (): IToken => this.CONSUME(T.RBracket);
  /** The elements the list rule being read collects (lists do not nest: listItem reads an inner `[…]` flat). */
  private listElements: (ListItemParts | IToken)[] = NO_LIST_ELEMENTS;
  private readonly listTail: IOrAlt<void>[] = [
    {
      ALT: () => {
        const elements = this.listElements;
        elements.push(this.CONSUME(T.Comma));
        const item = this.OPTION2(this.nextListItem);
        if (item !== undefined) elements.push(item);
      },
    },
    // An item right after an item: its comma is missing, which the AST builder reports.
    { ALT: () => void this.listElements.push(this.SUBRULE3(this.listItem)) },
  ];
  private readonly listTailItems = { GATE: () => tokenMatcher(this.LA(1), T.Comma) || this.listClosesAhead(), DEF: () => this.OR(this.listTail) };

  /** `[item, item, …]`: items are identifiers, numbers or ranges; the closing `]` is optional here. */
  private list = this.RULE('list', (): ListParts => {
    const start = this.LA(1).startOffset;
    const open = this.CONSUME(T.LBracket);
    const elements: (ListItemParts | IToken)[] = [];
    const first = this.OPTION(this.firstListItem);
    if (first !== undefined) elements.push(first);
    this.listElements = elements;
    this.MANY(this.listTailItems);
    const close = this.OPTION3(this.closeBracket);
    return { kind: 'list', range: this.rangeFrom(start), open, elements, close };
  });

  /**
   * Whether the tokens from the next one on are list items and commas up to a `]`: an item there
   * without a comma before it (`[Fe Co]`) is one whose comma is missing, not the end of a list whose
   * `]` is missing. Where no `]` closes the run (`dopant [Fe, Co 1` and the next property), the list
   * ends as before, and the `1` is its count. The answer holds for every token of the run, so it is
   * kept for the run's extent: a list of many items without commas is scanned once.
   */
  private listClosesAhead(): boolean {
    const next = this.LA(1).startOffset;
    if (next >= this.listRun.start && next < this.listRun.end) return this.listRun.closes;
    let k = 1;
    while (isListRunToken(this.LA(k))) k++;
    const stop = this.LA(k);
    this.listRun = { start: next, end: stop.startOffset, closes: tokenMatcher(stop, T.RBracket) };
    return this.listRun.closes;
  }

  /** The last run of list tokens listClosesAhead scanned (offsets, reset per parse). */
  private listRun = NO_LIST_RUN;

  private readonly listItemAlternatives: IOrAlt<IToken | NumberOrRangeParts | NestedListParts>[] = [
    { ALT: () => this.CONSUME(T.Identifier) },
    { ALT: () => this.SUBRULE(this.numberOrRange) },
    { ALT: () => this.SUBRULE(this.stringValue) },
    { ALT: () => this.SUBRULE(this.nestedList) },
  ];

  private listItem = this.RULE('listItem', (): ListItemParts => {
    const start = this.LA(1).startOffset;
    const value = this.OR(this.listItemAlternatives);
    const item: ListItemParts = { range: this.rangeFrom(start) };
    if (!isToken(value)) {
      if (value.kind === 'nestedList') item.nested = value;
      else item.number = value;
    } else if (tokenMatcher(value, T.Identifier)) item.identifier = value;
    else item.string = value;
    return item;
  });

  private readonly nestedListToken: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.Identifier) },
    { ALT: () => this.CONSUME(T.NumberLiteral) },
    { ALT: () => this.CONSUME(T.DotDot) },
    { ALT: () => this.CONSUME(T.Comma) },
    { ALT: () => this.CONSUME(T.StringLiteral) },
  ];
  private readonly nestedListTokens = (): void => void this.OR2(this.nestedListToken);
  private readonly nestedClose = (): IToken => this.CONSUME(T.RBracket);

  /** A `[…]` inside a list (`[[1, 2]]`), read as its tokens, flat: the AST builder reports it as an item of the wrong kind. */
  private nestedList = this.RULE('nestedList', (): NestedListParts => {
    const start = this.LA(1).startOffset;
    this.CONSUME(T.LBracket);
    this.MANY(this.nestedListTokens);
    const close = this.OPTION(this.nestedClose);
    return { kind: 'nestedList', range: this.rangeFrom(start), closed: close !== undefined };
  });

  private readonly stringAlternatives: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.UnterminatedString) }];

  private stringValue = this.RULE('stringValue', () => this.OR(this.stringAlternatives));
}

/** `shells N` after a topology name. */
interface ShellsParts {
  keyword: IToken;
  value?: IToken;
}

/** `x COUNT` after a ligand. */
interface TimesParts {
  times: IToken;
  count?: CountParts;
}

/** `..TO` after a number. */
interface RangeTailParts {
  dots: IToken;
  to?: IToken;
}

/**
 * The tokens that may stand in a declaration's name, written or mistaken: a word (an identifier or a
 * keyword), a number, `x`, and the punctuation of a formula or a pasted name (`Au12.Pt`, `[Au12]`).
 */
const NAME_PART_TYPES: TokenType[] = [T.Word, T.Times, T.NumberLiteral, T.DotDot, T.Comma, T.LBracket, T.RBracket, T.Angstrom, T.StringLiteral];

/** A run of name parts longer than this is no name: the search for what follows it stops there. */
const MAX_NAME_PARTS = 16;

function isNamePart(token: IToken): boolean {
  for (const type of NAME_PART_TYPES) if (tokenMatcher(token, type)) return true;
  return false;
}

/** Whether no line break lies between `first` and `second` (only whitespace, comments and characters no token starts with can). */
function onOneLine(text: string, first: IToken, second: IToken): boolean {
  if (second.tokenType === EOF) return false;
  for (let i = tokenEnd(first); i < second.startOffset; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 /* \n */ || ch === 13 /* \r */) return false;
  }
  return true;
}

/** What an embedded action yields while chevrotain records the grammar: nothing, as from ACTION then. */
const NOT_BUILT = undefined as never;

/** The single reusable parser instance (chevrotain parsers are expensive to construct). */
export const bimetalParser = new BimetalParser();
