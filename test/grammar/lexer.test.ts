import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Lexer } from '../../grammar/src/chevrotain';
import { ALL_TOKENS, bimetalLexer, offsetLexer } from '../../grammar/src/lexer';
import { EVERY_CONSTRUCT } from './helpers';

function kinds(text: string): string[] {
  return bimetalLexer().tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

test('keywords are whole words; longer words are identifiers', () => {
  assert.deepEqual(kinds('host hostname ligands ligand logP logp'), [
    'Host:host',
    'Identifier:hostname',
    'Ligands:ligands',
    'Ligand:ligand',
    'LogP:logP',
    'Identifier:logp',
  ]);
});

test('identifiers may contain digits, underscores and hyphens', () => {
  assert.deepEqual(kinds('S-c-hex Au4Ru2_PET _x'), ['Identifier:S-c-hex', 'Identifier:Au4Ru2_PET', 'Identifier:_x']);
});

test('the count operator: x, x8 and ×, but not the start of a word', () => {
  assert.deepEqual(kinds('x 8 x8 ×2 xyz'), ['Times:x', 'NumberLiteral:8', 'Times:x', 'NumberLiteral:8', 'Times:×', 'NumberLiteral:2', 'Identifier:xyz']);
});

test('numbers: integers, decimals, signs, exponents; ranges split at ..', () => {
  assert.deepEqual(kinds('12 4.9 -1 1e-3 1..4'), [
    'NumberLiteral:12',
    'NumberLiteral:4.9',
    'NumberLiteral:-1',
    'NumberLiteral:1e-3',
    'NumberLiteral:1',
    'DotDot:..',
    'NumberLiteral:4',
  ]);
});

test('units stay separate from their numbers, including both ångström code points', () => {
  assert.deepEqual(kinds('4.9Å 4.9\u212B -2.5eV 280pm'), [
    'NumberLiteral:4.9',
    'Angstrom:Å',
    'NumberLiteral:4.9',
    'Angstrom:\u212B',
    'NumberLiteral:-2.5',
    'Identifier:eV',
    'NumberLiteral:280',
    'Identifier:pm',
  ]);
});

test('strings keep escapes in the image; an unterminated string stops at the end of its line', () => {
  assert.deepEqual(kinds('"C\\"S\\\\" "open\nhost'), ['StringLiteral:"C\\"S\\\\"', 'UnterminatedString:"open', 'Host:host']);
});

test('comments go to their own group and do not become tokens', () => {
  const result = bimetalLexer().tokenize('host # a comment\n# another\nAu');
  assert.deepEqual(result.tokens.map((t) => t.image), ['host', 'Au']);
  assert.deepEqual(result.groups.comments.map((t) => t.image), ['# a comment', '# another']);
});

test('unknown characters are lexer errors with their offset, and lexing goes on', () => {
  const result = bimetalLexer().tokenize('host @ Au');
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0].offset, 5);
  assert.deepEqual(result.tokens.map((t) => t.image), ['host', 'Au']);
});

test("the parser's offsets-only lexer finds the same tokens, comments and errors as the full one", () => {
  const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'grammar');
  const texts = [EVERY_CONSTRUCT, 'host @ Au\r\n$ "open\rx8 ×2 4.9Å', ...readdirSync(fixtures).filter((f) => f.endsWith('.bimetal')).map((f) => readFileSync(path.join(fixtures, f), 'utf8'))];
  const seen = (result: ReturnType<typeof offsetLexer.tokenize>) => ({
    tokens: result.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset]),
    comments: result.groups.comments.map((t) => [t.image, t.startOffset]),
    errors: result.errors.map((e) => [e.offset, e.length]),
  });
  for (const text of texts) assert.deepEqual(seen(offsetLexer.tokenize(text)), seen(bimetalLexer().tokenize(text)));
});

test("the token patterns pass chevrotain's own lexer checks, which the shipped lexers skip at start-up", () => {
  const checked = new Lexer(ALL_TOKENS, { positionTracking: 'full', ensureOptimizations: true, deferDefinitionErrorsHandling: true });
  assert.deepEqual(checked.lexerDefinitionErrors, []);
});
