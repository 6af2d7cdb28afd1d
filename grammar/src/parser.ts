import { CstParser, EOF, tokenMatcher, type CstNode, type IOrAlt, type IToken } from './chevrotain';
import * as T from './lexer';

/**
 * The concrete-syntax parser (chevrotain 11, error recovery on).
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
 */
class BimetalCstParser extends CstParser {
  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, nodeLocationTracking: 'full', maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  private sameLine(): boolean {
    const next = this.LA(1);
    const previous = this.LA(0);
    return next.tokenType !== EOF && previous.tokenType !== EOF && next.startLine === previous.endLine;
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
  private topAlternatives: IOrAlt<unknown>[] | undefined;
  private bodyAlternatives: IOrAlt<unknown>[] | undefined;

  private topItem = this.RULE('topItem', () => {
    this.OR((this.topAlternatives ??= [
      { ALT: () => this.SUBRULE(this.ligandDecl) },
      { ALT: () => this.SUBRULE(this.recipeDecl) },
      { GATE: () => this.startsMisspelledDeclaration(), ALT: () => this.SUBRULE(this.misspelledDecl) },
      // Last resort; the alternatives above win for `ligand` / `recipe`, which are also words.
      { ALT: () => this.SUBRULE(this.topStray), IGNORE_AMBIGUITIES: true },
    ]));
  });

  private topStray = this.RULE('topStray', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Word) },
      { ALT: () => this.CONSUME(T.BodyStray) },
      { ALT: () => this.CONSUME(T.RCurly) },
      { ALT: () => this.CONSUME(T.Semicolon) },
    ]);
  });

  private misspelledDecl = this.RULE('misspelledDecl', () => {
    this.OR1([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Ligands) }]);
    this.CONSUME2(T.Identifier);
    this.OR2([
      { GATE: () => tokenMatcher(this.LA(1), T.Equals), ALT: () => this.SUBRULE(this.ligandDeclTail) },
      { GATE: () => tokenMatcher(this.LA(1), T.LCurly), ALT: () => this.SUBRULE(this.recipeBody) },
    ]);
  });

  private ligandDecl = this.RULE('ligandDecl', () => {
    this.CONSUME(T.Ligand);
    this.OPTION(() => this.CONSUME(T.Identifier));
    this.OPTION2(() => this.SUBRULE(this.ligandDeclTail));
  });

  private ligandDeclTail = this.RULE('ligandDeclTail', () => {
    this.CONSUME(T.Equals);
    this.OPTION(() => this.SUBRULE(this.stringValue));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.bindsClause) },
        { ALT: () => this.SUBRULE(this.logPClause) },
      ]),
    );
  });

  private bindsClause = this.RULE('bindsClause', () => {
    this.CONSUME(T.Binds);
    this.OPTION(() => this.CONSUME(T.Identifier));
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OPTION2(() => this.CONSUME2(T.Identifier));
    });
  });

  private logPClause = this.RULE('logPClause', () => {
    this.CONSUME(T.LogP);
    this.OPTION(() => this.CONSUME(T.NumberLiteral));
  });

  private recipeDecl = this.RULE('recipeDecl', () => {
    this.CONSUME(T.Recipe);
    this.OPTION(() => this.CONSUME(T.Identifier));
    this.OPTION2({ GATE: () => this.startsRecipeBody(), DEF: () => this.SUBRULE(this.recipeBody) });
  });

  /** `{ item… }`; both braces are optional here and reported by the AST builder when missing. */
  private recipeBody = this.RULE('recipeBody', () => {
    this.OPTION1(() => this.CONSUME(T.LCurly));
    this.MANY({
      // A new declaration ends a recipe whose `}` is missing.
      GATE: () => !this.startsLigandDeclaration() && !this.startsMisspelledDeclaration(),
      DEF: () => this.SUBRULE(this.bodyItem),
    });
    this.OPTION(() => this.CONSUME(T.RCurly));
  });

  private bodyItem = this.RULE('bodyItem', () => {
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
    ]));
  });

  /** `host ELEMENT [COUNT]` and `dopant ELEMENT [COUNT]`; either slot may be a list. */
  private metalProp = this.RULE('metalProp', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Host) }, { ALT: () => this.CONSUME(T.Dopant) }]);
    this.OPTION({
      GATE: () => this.startsValue(),
      DEF: () => this.OR2([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.SUBRULE(this.list) }]),
    });
    this.OPTION2(() => this.SUBRULE(this.countValue));
  });

  private topologyProp = this.RULE('topologyProp', () => {
    this.CONSUME(T.Topology);
    this.OPTION({ GATE: () => this.startsValue(), DEF: () => this.CONSUME(T.Identifier) });
    this.OPTION2(() => {
      this.CONSUME(T.Shells);
      this.OPTION3(() => this.CONSUME(T.NumberLiteral));
    });
  });

  private siteProp = this.RULE('siteProp', () => {
    this.CONSUME(T.Site);
    this.OPTION({ GATE: () => this.startsValue(), DEF: () => this.CONSUME(T.Identifier) });
  });

  /** `ligands USE[, USE…]`; `ligand` (singular) is accepted here and reported as a typo. */
  private ligandsProp = this.RULE('ligandsProp', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Ligands) }, { ALT: () => this.CONSUME(T.Ligand) }]);
    this.OPTION({ GATE: () => this.startsValue(), DEF: () => this.SUBRULE(this.ligandUse) });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OPTION2(() => this.SUBRULE2(this.ligandUse));
    });
  });

  private ligandUse = this.RULE('ligandUse', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.SUBRULE(this.stringValue) }]);
    this.OPTION(() => {
      this.CONSUME(T.Times);
      this.OPTION2(() => this.SUBRULE(this.countValue));
    });
  });

  private supportProp = this.RULE('supportProp', () => {
    this.CONSUME(T.Support);
    this.OPTION({ GATE: () => this.startsValue(), DEF: () => this.CONSUME(T.Identifier) });
    this.OPTION2({
      GATE: () => this.sameLine(),
      DEF: () => this.OR([{ ALT: () => this.CONSUME2(T.Identifier) }, { ALT: () => this.SUBRULE(this.stringValue) }]),
    });
  });

  private distanceProp = this.RULE('distanceProp', () => {
    this.CONSUME(T.Distance);
    this.OPTION(() => this.CONSUME(T.NumberLiteral));
    this.OPTION2(() => this.SUBRULE(this.unit));
  });

  private chargeProp = this.RULE('chargeProp', () => {
    this.CONSUME(T.Charge);
    this.OPTION(() => this.CONSUME(T.NumberLiteral));
  });

  private energyProp = this.RULE('energyProp', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Energy) }, { ALT: () => this.CONSUME(T.SiteEnergy) }]);
    this.OPTION(() => this.CONSUME(T.NumberLiteral));
    this.OPTION2(() => this.SUBRULE(this.unit));
  });

  /** A unit word: `Å` anywhere, or an identifier on the same line as the number before it. */
  private unit = this.RULE('unit', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Angstrom) },
      { GATE: () => this.sameLine(), ALT: () => this.CONSUME(T.Identifier) },
    ]);
  });

  private noteProp = this.RULE('noteProp', () => {
    this.CONSUME(T.Note);
    this.OPTION(() => this.SUBRULE(this.stringValue));
  });

  private structureProp = this.RULE('structureProp', () => {
    this.CONSUME(T.Structure);
    this.OPTION(() => this.SUBRULE(this.stringValue));
  });

  /** A misspelled or unknown property name with whatever follows it on the same line. */
  private unknownProp = this.RULE('unknownProp', () => {
    this.CONSUME(T.Identifier);
    this.MANY({
      GATE: () => this.sameLine(),
      DEF: () => this.OR([{ ALT: () => this.CONSUME2(T.Identifier) }, { ALT: () => this.CONSUME(T.Loose) }]),
    });
  });

  /** A count: `4`, `1..4`, or a list `[2, 4, 6..8]`. */
  private countValue = this.RULE('countValue', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.numberOrRange) }, { ALT: () => this.SUBRULE(this.list) }]);
  });

  private numberOrRange = this.RULE('numberOrRange', () => {
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.OPTION2(() => this.CONSUME2(T.NumberLiteral));
    });
  });

  /** `[item, item, …]`: items are identifiers, numbers or ranges; the closing `]` is optional here. */
  private list = this.RULE('list', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => this.SUBRULE(this.listItem));
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OPTION2(() => this.SUBRULE2(this.listItem));
    });
    this.OPTION3(() => this.CONSUME(T.RBracket));
  });

  private listItem = this.RULE('listItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.numberOrRange) },
      { ALT: () => this.SUBRULE(this.stringValue) },
    ]);
  });

  private stringValue = this.RULE('stringValue', () => {
    this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.UnterminatedString) }]);
  });
}

/** The single reusable parser instance (chevrotain parsers are expensive to construct). */
export const bimetalParser = new BimetalCstParser();

export function parseTokens(tokens: IToken[]): CstNode {
  bimetalParser.input = tokens;
  return bimetalParser.file();
}
