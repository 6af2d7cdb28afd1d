/**
 * The fuzzer's inputs, each a pure function of (seed, index), so any input of a run — a crash, a
 * hang, the slowest — can be regenerated from its number alone. Three kinds, in turn:
 * - mutants: a corpus file with 1–8 seeded edits (test/fuzz/mutations.ts);
 * - generated: recipe files assembled from the language's own vocabulary, valid or nearly so, so
 *   the later stages (ligands, descriptors, features, inference) see many distinct recipes;
 * - bytes: random bytes decoded as UTF-8, and random soups of tokens and bytes.
 */
import { ELEMENT_SYMBOLS } from '../../engine/src/periodicTable';
import { BUILTIN_LIGAND_NAMES } from '../../engine/src/ligands/builtinLibrary';
import { PROPERTY_NAMES, SITE_NAMES, SUGGESTED_DISTANCE_UNITS, SUPPORT_KINDS, TOPOLOGY_NAMES } from '../../grammar/src/vocabulary';
import { seededRandom } from '../helpers/random';
import { mutate, MUTATION_ALPHABET, MUTATION_KINDS, type Mutation } from './mutations';

export type InputKind = 'mutant' | 'generated' | 'bytes';

export interface FuzzInput {
  index: number;
  kind: InputKind;
  text: string;
}

type Random = () => number;

const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

/** Elements weighted towards the metals the models know, with some of everything else. */
const COMMON_METALS = ['Au', 'Ag', 'Cu', 'Pt', 'Pd', 'Ni', 'Co', 'Fe', 'Ru', 'Rh', 'Ir', 'Os', 'Re', 'Ti', 'Zn', 'Cd', 'Hg', 'Al'];
/** Beside real ligands and broken SMILES, a chain longer than RDKit's WebAssembly stack allows (BM308). */
const SMILES = ['SCCc1ccccc1', 'c1ccc(cc1)P(c1ccccc1)c1ccccc1', '[Cl-]', 'C#C', 'CC(C', 'C1CC', '', 'S', '[Se-]C', 'N', 'OC(=O)C', 'c1ccccc1', `${'C'.repeat(700)}S`];

function element(random: Random): string {
  return random() < 0.8 ? pick(random, COMMON_METALS) : pick(random, ELEMENT_SYMBOLS);
}

function count(random: Random): string {
  const r = random();
  if (r < 0.6) return String(1 + int(random, 15));
  if (r < 0.8) return String(int(random, 200));
  if (r < 0.9) return `${1 + int(random, 3)}..${1 + int(random, 6)}`;
  return pick(random, ['-1', '0', '1.5', '1e3', '99999999999', '99999999999999999999']);
}

function elementOrList(random: Random): string {
  if (random() < 0.8) return element(random);
  const n = 1 + int(random, 4);
  return `[${Array.from({ length: n }, () => element(random)).join(', ')}]`;
}

function property(random: Random, ligands: readonly string[]): string {
  const name = random() < 0.95 ? pick(random, PROPERTY_NAMES) : pick(random, ['hots', 'dopand', 'colour']);
  switch (name) {
    case 'host':
    case 'dopant':
      return `${name} ${elementOrList(random)} ${count(random)}`;
    case 'topology':
      return `topology ${pick(random, TOPOLOGY_NAMES)}${random() < 0.2 ? ` shells ${count(random)}` : ''}`;
    case 'site':
      return `site ${pick(random, SITE_NAMES)}`;
    case 'ligands': {
      const n = 1 + int(random, 3);
      const uses = Array.from({ length: n }, () => (random() < 0.7 ? pick(random, ligands) : `"${pick(random, SMILES)}"`) + (random() < 0.7 ? ` x ${count(random)}` : ''));
      return `ligands ${uses.join(', ')}`;
    }
    case 'support':
      return `support ${pick(random, SUPPORT_KINDS)}${random() < 0.5 ? ' MFI' : ''}`;
    case 'distance':
      // Now and then a distance no float32 feature holds.
      return `distance ${random() < 0.9 ? (random() * 12).toFixed(2) : '1e40'} ${pick(random, SUGGESTED_DISTANCE_UNITS)}`;
    case 'charge':
      return `charge ${int(random, 7) - 3}`;
    case 'energy':
      return `energy ${(random() * 8 - 6).toFixed(2)} eV`;
    case 'note':
      return `note "fuzz ${int(random, 100)}"`;
    case 'structure':
      return `structure "${pick(random, ['core.xyz', '../../../../etc/passwd', '/dev/zero', '/proc/self/environ', 'missing.xyz'])}"`;
    default:
      return `${name} ${count(random)}`;
  }
}

/** A recipe file from the language's vocabulary: ligand declarations, then recipes. */
export function generatedFile(random: Random): string {
  const declared = Array.from({ length: int(random, 3) }, (_, i) => `L${i}`);
  const lines = declared.map(
    (name) =>
      `ligand ${name} = "${pick(random, SMILES)}"${random() < 0.5 ? ` binds ${pick(random, ['S', 'P', 'Cl', 'N', 'Xq'])}` : ''}` +
      (random() < 0.3 ? ` logP ${pick(random, ['2.3', '-40', '1e308'])}` : ''),
  );
  const ligands = [...declared, ...BUILTIN_LIGAND_NAMES, 'Unknown'];
  const recipes = 1 + int(random, 4);
  for (let r = 0; r < recipes; r++) {
    const properties = [`host ${element(random)} ${count(random)}`, `dopant ${elementOrList(random)} ${count(random)}`];
    for (let p = int(random, 5); p > 0; p--) properties.push(property(random, ligands));
    lines.push(`recipe R${r} {`, ...properties.map((p) => `  ${p}`), random() < 0.95 ? '}' : '');
  }
  return lines.join('\n');
}

function randomBytes(random: Random): string {
  const bytes = Uint8Array.from({ length: int(random, random() < 0.9 ? 512 : 8192) }, () => int(random, 256));
  return new TextDecoder('utf-8').decode(bytes);
}

function tokenSoup(random: Random): string {
  const words = [...MUTATION_ALPHABET, ...PROPERTY_NAMES, 'Au', 'Pt', '12', '"C"', '1..3', '\t', '\u212B', '\uFEFF'];
  return Array.from({ length: int(random, 400) }, () => (random() < 0.9 ? pick(random, words) : String.fromCharCode(int(random, 0x3000)))).join(random() < 0.5 ? ' ' : '');
}

function mutations(random: Random): Mutation[] {
  return Array.from({ length: 1 + int(random, 8) }, () => ({
    kind: pick(random, MUTATION_KINDS),
    at: int(random, 1 << 30),
    token: int(random, 1 << 30),
    other: int(random, 1 << 30),
    insert: pick(random, MUTATION_ALPHABET),
  }));
}

/** Input number `index` of the run seeded with `seed`. */
export function fuzzInput(seed: number, index: number, corpus: readonly string[]): FuzzInput {
  // Mixing the index into the seed (a 32-bit hash) keeps neighbouring inputs unrelated.
  const random = seededRandom(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
  const roll = random();
  if (roll < 0.6) return { index, kind: 'mutant', text: mutate(pick(random, corpus), mutations(random)) };
  if (roll < 0.85) {
    const file = generatedFile(random);
    return { index, kind: 'generated', text: random() < 0.5 ? file : mutate(file, mutations(random)) };
  }
  return { index, kind: 'bytes', text: random() < 0.5 ? randomBytes(random) : tokenSoup(random) };
}
