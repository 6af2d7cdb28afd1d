/**
 * The seed files the fuzzers mutate: a sample of every construct, the examples, and every recipe
 * fixture (grammar goldens, the server's representative file, and saved fuzz regressions), in a
 * stable order so a seed names the same inputs on every machine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EVERY_CONSTRUCT } from '../grammar/helpers';

export const repoRoot = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** Saved, minimised inputs that once failed; replayed by test/fuzz/fuzz.test.ts. */
export const FUZZ_FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'fuzz');

const SEED_FOLDERS = ['examples', 'test/fixtures/grammar', 'test/fixtures/server', 'test/fixtures/fuzz'];

export function recipeFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.bimetal'))
    .sort()
    .map((f) => path.join(folder, f));
}

export function fuzzCorpus(): string[] {
  const files = SEED_FOLDERS.flatMap((folder) => recipeFiles(path.join(repoRoot, folder)));
  return [EVERY_CONSTRUCT, ...files.map((f) => readFileSync(f, 'utf8'))];
}
