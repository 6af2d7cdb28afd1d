import type { OffsetRange } from '../../engine/src/recipe';
import type { Declaration, LigandUseNode, Property } from './ast';
import {
  AstBuilder,
  word,
  type BindsParts,
  type CountParts,
  type ListItemParts,
  type ListParts,
  type LigandTailParts,
  type LogPParts,
  type NumberOrRangeParts,
  type RecipeBodyParts,
} from './astBuilder';
import { EmbeddedActionsParser, EOF, isRecognitionException, tokenMatcher, type IOrAlt, type IRecognitionException, type IToken } from './chevrotain';
import * as T from './lexer';

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
class BimetalParser extends EmbeddedActionsParser {
  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  /** The text being parsed: tokens carry offsets only, so line questions are answered from it. */
  private text = '';
  private build = new AstBuilder('', []);

  /** Parses `tokens` (from `offsetLexer.tokenize(text)`), handing the AST pieces to `build`; returns chevrotain's errors. */
  parse(tokens: IToken[], text: string, build: AstBuilder): IRecognitionException[] {
    this.text = text;
    this.build = build;
    this.input = tokens;
    this.file();
    const errors = this.errors;
    // Let the tokens go: the parser is shared and would otherwise hold the last input until the next parse.
    this.input = [];
    return errors;
  }

  /**
   * Whether the next token starts on the line where the previous one ends. Only whitespace and
   * comments lie between two tokens, and a comment never holds a line break, so this is the line
   * count of chevrotain's full position tracking (`\n`, `\r\n`, a lone `\r`).
   */
  private sameLine(): boolean {
    const next = this.LA(1);
    const previous = this.LA(0);
    if (next.tokenType === EOF || previous.tokenType === EOF) return false;
    for (let i = previous.startOffset + previous.image.length; i < next.startOffset; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === 10 /* \n */ || ch === 13 /* \r */) return false;
    }
    return true;
  }

  /** From `start` to the end of the last token consumed. */
  private rangeFrom(start: number): OffsetRange {
    const last = this.LA(0);
    return { start, end: last.startOffset + last.image.length };
  }

  /** `ligand NAME =` starts a declaration, so inside an unclosed recipe it ends the body. */
  private startsLigandDeclaration(): boolean {
    return tokenMatcher(this.LA(1), T.Ligand) && tokenMatcher(this.LA(2), T.Identifier) && tokenMatcher(this.LA(3), T.Equals);
  }

  /** `Recipe Foo {` or `ligands Foo =`: a declaration whose keyword is misspelled. */
  private startsMisspelledDeclaration(): boolean {
    const first = this.LA(1);
    const third = this.LA(3);
    return (
      (tokenMatcher(first, T.Identifier) || tokenMatcher(first, T.Ligands)) &&
      tokenMatcher(this.LA(2), T.Identifier) &&
      (tokenMatcher(third, T.LCurly) || tokenMatcher(third, T.Equals))
    );
  }

  /** An identifier here is a value, not the misspelled keyword of the next declaration. */
  private startsValue(): boolean {
    return !this.startsMisspelledDeclaration();
  }

  /** Whether a recipe body starts here: `{`, or a property keyword when the `{` was forgotten. */
  private startsRecipeBody(): boolean {
    const next = this.LA(1);
    return tokenMatcher(next, T.LCurly) || T.PROPERTY_TOKENS.some((t) => tokenMatcher(next, t));
  }

  public file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.topItem));
  });

  // The alternatives of the two hottest ORs are built once, not on every call (chevrotain's
  // documented optimisation; it matters on files with thousands of recipes).
  private topAlternatives: IOrAlt<void>[] | undefined;
  private bodyAlternatives: IOrAlt<Property | IToken>[] | undefined;

  private topItem = this.RULE('topItem', () => {
    this.OR((this.topAlternatives ??= [
      { ALT: () => this.declared(this.SUBRULE(this.ligandDecl)) },
      { ALT: () => this.declared(this.SUBRULE(this.recipeDecl)) },
      { GATE: () => this.startsMisspelledDeclaration(), ALT: () => this.declared(this.SUBRULE(this.misspelledDecl)) },
      // Last resort; the alternatives above win for `ligand` / `recipe`, which are also words.
      {
        ALT: () => {
          const stray = this.SUBRULE(this.topStray);
          this.ACTION(() => this.build.topLevelStray(stray));
        },
        IGNORE_AMBIGUITIES: true,
      },
    ]));
  });

  private declared(declaration: Declaration): void {
    this.ACTION(() => this.build.declaration(declaration));
  }

  private topStray = this.RULE('topStray', () =>
    this.OR([
      { ALT: () => this.CONSUME(T.Word) },
      { ALT: () => this.CONSUME(T.BodyStray) },
      { ALT: () => this.CONSUME(T.RCurly) },
      { ALT: () => this.CONSUME(T.Semicolon) },
    ]),
  );

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

  private ligandDecl = this.RULE('ligandDecl', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Ligand);
    const name = this.OPTION(() => this.CONSUME(T.Identifier));
    const tail = this.OPTION2(() => this.SUBRULE(this.ligandDeclTail));
    return this.ACTION(() => this.build.ligandDecl(word(keyword), name, tail, this.rangeFrom(start)));
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

  private recipeDecl = this.RULE('recipeDecl', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Recipe);
    const name = this.OPTION(() => this.CONSUME(T.Identifier));
    const body = this.OPTION2({ GATE: () => this.startsRecipeBody(), DEF: () => this.SUBRULE(this.recipeBody) });
    return this.ACTION(() => this.build.recipeDecl(word(keyword), name, body, this.rangeFrom(start)));
  });

  /** `{ item… }`; both braces are optional here and reported by the AST builder when missing. */
  private recipeBody = this.RULE('recipeBody', (): RecipeBodyParts => {
    const open = this.OPTION1(() => this.CONSUME(T.LCurly));
    const items: (Property | IToken)[] = [];
    this.MANY({
      // A new declaration ends a recipe whose `}` is missing.
      GATE: () => !this.startsLigandDeclaration() && !this.startsMisspelledDeclaration(),
      DEF: () => items.push(this.SUBRULE(this.bodyItem)),
    });
    const close = this.OPTION(() => this.CONSUME(T.RCurly));
    return { open, items, close };
  });

  private bodyItem = this.RULE('bodyItem', () =>
    this.OR((this.bodyAlternatives ??= [
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
    ])),
  );

  /** `host ELEMENT [COUNT]` and `dopant ELEMENT [COUNT]`; either slot may be a list. */
  private metalProp = this.RULE('metalProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.OR([{ ALT: () => this.CONSUME(T.Host) }, { ALT: () => this.CONSUME(T.Dopant) }]);
    const element = this.OPTION({
      GATE: () => this.startsValue(),
      DEF: () => this.OR2<IToken | ListParts>([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.SUBRULE(this.list) }]),
    });
    const count = this.OPTION2(() => this.SUBRULE(this.countValue));
    return this.ACTION(() => this.build.metal(keyword, element, count, this.rangeFrom(start)));
  });

  private topologyProp = this.RULE('topologyProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Topology);
    const name = this.OPTION({ GATE: () => this.startsValue(), DEF: () => this.CONSUME(T.Identifier) });
    let shells: IToken | undefined;
    let shellsValue: IToken | undefined;
    this.OPTION2(() => {
      shells = this.CONSUME(T.Shells);
      shellsValue = this.OPTION3(() => this.CONSUME(T.NumberLiteral));
    });
    return this.ACTION(() => this.build.topology(keyword, name, shells, shellsValue, this.rangeFrom(start)));
  });

  private siteProp = this.RULE('siteProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Site);
    const value = this.OPTION({ GATE: () => this.startsValue(), DEF: () => this.CONSUME(T.Identifier) });
    return this.ACTION(() => this.build.site(keyword, value, this.rangeFrom(start)));
  });

  /** `ligands USE[, USE…]`; `ligand` (singular) is accepted here and reported as a typo. */
  private ligandsProp = this.RULE('ligandsProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.OR([{ ALT: () => this.CONSUME(T.Ligands) }, { ALT: () => this.CONSUME(T.Ligand) }]);
    const elements: (LigandUseNode | IToken)[] = [];
    this.OPTION({ GATE: () => this.startsValue(), DEF: () => elements.push(this.SUBRULE(this.ligandUse)) });
    this.MANY(() => {
      elements.push(this.CONSUME(T.Comma));
      this.OPTION2(() => elements.push(this.SUBRULE2(this.ligandUse)));
    });
    return this.ACTION(() => this.build.ligands(keyword, elements, this.rangeFrom(start)));
  });

  private ligandUse = this.RULE('ligandUse', () => {
    const start = this.LA(1).startOffset;
    const ref = this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.SUBRULE(this.stringValue) }]);
    let times: IToken | undefined;
    let count: CountParts | undefined;
    this.OPTION(() => {
      times = this.CONSUME(T.Times);
      count = this.OPTION2(() => this.SUBRULE(this.countValue));
    });
    return this.ACTION(() => this.build.ligandUse(ref, times, count, this.rangeFrom(start)));
  });

  private supportProp = this.RULE('supportProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Support);
    // The kind and an identifier name, in order: without a kind, a name on the line reads as the kind.
    const identifiers: IToken[] = [];
    let nameString: IToken | undefined;
    this.OPTION({ GATE: () => this.startsValue(), DEF: () => identifiers.push(this.CONSUME(T.Identifier)) });
    this.OPTION2({
      GATE: () => this.sameLine(),
      DEF: () =>
        this.OR([{ ALT: () => identifiers.push(this.CONSUME2(T.Identifier)) }, { ALT: () => (nameString = this.SUBRULE(this.stringValue)) }]),
    });
    return this.ACTION(() => this.build.support(keyword, identifiers, nameString, this.rangeFrom(start)));
  });

  private distanceProp = this.RULE('distanceProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Distance);
    const value = this.OPTION(() => this.CONSUME(T.NumberLiteral));
    const unit = this.OPTION2(() => this.unitOrNothing());
    return this.ACTION(() => this.build.distance(keyword, value, unit, this.rangeFrom(start)));
  });

  private chargeProp = this.RULE('chargeProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Charge);
    const value = this.OPTION(() => this.CONSUME(T.NumberLiteral));
    return this.ACTION(() => this.build.charge(keyword, value, this.rangeFrom(start)));
  });

  private energyProp = this.RULE('energyProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.OR([{ ALT: () => this.CONSUME(T.Energy) }, { ALT: () => this.CONSUME(T.SiteEnergy) }]);
    const value = this.OPTION(() => this.CONSUME(T.NumberLiteral));
    const unit = this.OPTION2(() => this.unitOrNothing());
    return this.ACTION(() => this.build.energy(keyword, value, unit, this.rangeFrom(start)));
  });

  /**
   * The unit after a number. An identifier on the next line starts the next property, which
   * `unit` refuses with chevrotain's "expecting Angstrom or Identifier" error (reported as BM199).
   * Chevrotain's recovery would end the property there and go on with that identifier, without
   * skipping anything; this does the same here, so the property keeps its keyword and number.
   */
  private unitOrNothing(): IToken | undefined {
    try {
      return this.SUBRULE(this.unit);
    } catch (error) {
      if (isRecognitionException(error as Error)) return undefined;
      throw error;
    }
  }

  /** A unit word: `Å` anywhere, or an identifier on the same line as the number before it. */
  private unit = this.RULE('unit', () =>
    this.OR([
      { ALT: () => this.CONSUME(T.Angstrom) },
      { GATE: () => this.sameLine(), ALT: () => this.CONSUME(T.Identifier) },
    ]),
  );

  private noteProp = this.RULE('noteProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Note);
    const text = this.OPTION(() => this.SUBRULE(this.stringValue));
    return this.ACTION(() => this.build.note(keyword, text, this.rangeFrom(start)));
  });

  private structureProp = this.RULE('structureProp', () => {
    const start = this.LA(1).startOffset;
    const keyword = this.CONSUME(T.Structure);
    const path = this.OPTION(() => this.SUBRULE(this.stringValue));
    return this.ACTION(() => this.build.structure(keyword, path, this.rangeFrom(start)));
  });

  /** A misspelled or unknown property name with whatever follows it on the same line. */
  private unknownProp = this.RULE('unknownProp', () => {
    const start = this.LA(1).startOffset;
    const first = this.CONSUME(T.Identifier);
    this.MANY({
      GATE: () => this.sameLine(),
      DEF: () => this.OR([{ ALT: () => this.CONSUME2(T.Identifier) }, { ALT: () => this.CONSUME(T.Loose) }]),
    });
    return this.ACTION(() => this.build.unknown(first, this.rangeFrom(start)));
  });

  /** A count: `4`, `1..4`, or a list `[2, 4, 6..8]`. */
  private countValue = this.RULE('countValue', () =>
    this.OR<CountParts>([{ ALT: () => this.SUBRULE(this.numberOrRange) }, { ALT: () => this.SUBRULE(this.list) }]),
  );

  private numberOrRange = this.RULE('numberOrRange', (): NumberOrRangeParts => {
    const start = this.LA(1).startOffset;
    const from = this.CONSUME(T.NumberLiteral);
    let dots: IToken | undefined;
    let to: IToken | undefined;
    this.OPTION(() => {
      dots = this.CONSUME(T.DotDot);
      to = this.OPTION2(() => this.CONSUME2(T.NumberLiteral));
    });
    return { kind: 'numberOrRange', range: this.rangeFrom(start), from, dots, to };
  });

  /** `[item, item, …]`: items are identifiers, numbers or ranges; the closing `]` is optional here. */
  private list = this.RULE('list', (): ListParts => {
    const start = this.LA(1).startOffset;
    const open = this.CONSUME(T.LBracket);
    const elements: (ListItemParts | IToken)[] = [];
    this.OPTION(() => elements.push(this.SUBRULE(this.listItem)));
    this.MANY(() => {
      elements.push(this.CONSUME(T.Comma));
      this.OPTION2(() => elements.push(this.SUBRULE2(this.listItem)));
    });
    const close = this.OPTION3(() => this.CONSUME(T.RBracket));
    return { kind: 'list', range: this.rangeFrom(start), open, elements, close };
  });

  private listItem = this.RULE('listItem', (): ListItemParts => {
    const start = this.LA(1).startOffset;
    const item: ListItemParts = { range: { start, end: start } };
    this.OR([
      { ALT: () => (item.identifier = this.CONSUME(T.Identifier)) },
      { ALT: () => (item.number = this.SUBRULE(this.numberOrRange)) },
      { ALT: () => (item.string = this.SUBRULE(this.stringValue)) },
    ]);
    item.range = this.rangeFrom(start);
    return item;
  });

  private stringValue = this.RULE('stringValue', () =>
    this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.UnterminatedString) }]),
  );
}

/** The single reusable parser instance (chevrotain parsers are expensive to construct). */
export const bimetalParser = new BimetalParser();
