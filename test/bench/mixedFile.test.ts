/**
 * The editor's goal file (issue 11: a 10,000-recipe mixed file, open → scored) must ask the editor
 * for the work a screening file asks: the editor analyses a chemistry written twice once
 * (memberCache.ts), so a file whose recipes repeated each other's chemistry under other names would
 * measure a fraction of it. Every recipe is valid, so each is scored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../grammar/src/index';
import { mixedRecipeFile } from '../../bench/server.bench';

test("the bench's 10,000-recipe mixed file has no two recipes of one chemistry, a third of each kind, and no errors", () => {
  const text = mixedRecipeFile(10_000);
  const recipes = text.split(/\n(?=recipe )/).filter((part) => part.startsWith('recipe '));
  assert.equal(recipes.length, 10_000);
  const chemistries = new Set(recipes.map((recipe) => recipe.replace(/^recipe \S+ \{/, '')));
  assert.equal(chemistries.size, 10_000);
  const kinds = (word: string) => recipes.filter((recipe) => recipe.includes(`\n  ${word} `)).length;
  assert.deepEqual([kinds('topology'), kinds('ligands'), kinds('support')], [3334, 3333, 3333]);
  const errors = analyzeText(text).diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, []);
});
