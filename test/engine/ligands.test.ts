import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import {
  BUILTIN_LIGANDS,
  isLigandError,
  loadChemistry,
} from '../../engine/src/ligands';
import type { LigandDescription, LigandError } from '../../engine/src/ligands';
import { repoRoot as root, runTypeScript } from '../helpers/runTypeScript';

const ligandsModule = path.join(root, 'engine', 'src', 'ligands', 'index.ts');
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_\-]*$/;

async function describe(smiles: string, options?: { binds?: string[]; logP?: number }): Promise<LigandDescription> {
  const result = (await loadChemistry()).describeLigand(smiles, options);
  if (isLigandError(result)) assert.fail(`${smiles}: ${result.error}`);
  return result;
}

async function reject(smiles: string, options?: { binds?: string[] }): Promise<LigandError> {
  const result = (await loadChemistry()).describeLigand(smiles, options);
  if (!isLigandError(result)) assert.fail(`${smiles} was accepted`);
  return result;
}

test('loadChemistry initialises once and shares the toolkit', async () => {
  const [a, b] = await Promise.all([loadChemistry(), loadChemistry()]);
  assert.equal(a, b);
  assert.match(a.version, /^\d{4}\.\d\d\.\d+/);
});

test('invalid SMILES are rejected with RDKit\'s reason and position', async () => {
  assert.deepEqual(await reject('C1CC'), { error: "unclosed ring for input: 'C1CC'", code: 'BM301' });
  const parenthesis = await reject('CC(C');
  assert.match(parenthesis.error, /extra open parentheses/);
  assert.equal(parenthesis.offset, 2);
  assert.match((await reject('c1cccc1')).error, /kekulize/);
  assert.match((await reject('C(C)(C)(C)(C)C')).error, /valence/);
});

test('empty and space-containing SMILES are rejected before RDKit sees them', async () => {
  assert.equal((await reject('')).code, 'BM302');
  assert.equal((await reject('   ')).code, 'BM302');
  assert.deepEqual(await reject('CC O'), { error: 'SMILES must not contain whitespace', offset: 2, code: 'BM301' });
});

test('a SMILES with a character outside ASCII is rejected at that character, which is named', async () => {
  // RDKit's WebAssembly build dropped such characters at the end and described the rest: SCCCl· as SCCCl, SCC😀 and SCCé as SCC.
  assert.deepEqual(await reject('SCCCl·'), { error: 'SMILES is printable ASCII only: "·" (U+00B7) is not a SMILES character', offset: 5, code: 'BM301' });
  assert.deepEqual(await reject('SCC😀'), { error: 'SMILES is printable ASCII only: "😀" (U+1F600) is not a SMILES character', offset: 3, code: 'BM301' });
  assert.deepEqual(await reject('SCCé'), { error: 'SMILES is printable ASCII only: "é" (U+00E9) is not a SMILES character', offset: 3, code: 'BM301' });
  // One that cannot be seen is named only, as syntax errors (BM100) name it.
  assert.deepEqual(await reject('SC\u200bC'), { error: 'SMILES is printable ASCII only: U+200B (zero width space) is not a SMILES character', offset: 2, code: 'BM301' });
  // A control character would reach RDKit's error and, quoted from there, a terminal (ESC sets its title).
  assert.deepEqual(await reject('CC\u001b]0;T\u0007S'), { error: 'SMILES is printable ASCII only: U+001B (control character) is not a SMILES character', offset: 2, code: 'BM301' });
});

test('a SMILES longer than RDKit’s WebAssembly stack allows is refused before RDKit sees it, and RDKit keeps working', async () => {
  // A chain of 1000 atoms trapped inside RDKit (memory access out of bounds) and left the module unusable.
  assert.deepEqual(await reject(`${'C'.repeat(999)}S`), {
    error: "SMILES of 1000 characters is longer than the 500 that RDKit's WebAssembly build describes safely; describe a shorter model of the ligand (e.g. a shorter chain)",
    offset: 500,
    code: 'BM308',
  });
  assert.equal((await describe(`${'C'.repeat(499)}S`)).bindingAtoms.join(), 'S', 'a chain of the longest SMILES handed on is described');
  assert.equal((await describe('CCS')).canonicalSmiles, 'CCS');
});

test('Crippen logP matches RDKit\'s MolLogP (RUNTIME.md)', async () => {
  assert.equal((await describe('c1ccccc1')).logP.value.toFixed(3), '1.687');
  const pph3 = await describe(BUILTIN_LIGANDS.PPh3.smiles);
  assert.equal(pph3.logP.method, 'Crippen (RDKit)');
  assert.ok(Math.abs(pph3.logP.value - 3.44) < 0.01, String(pph3.logP.value));
});

test('canonical SMILES, formula and mass', async () => {
  const pet = await describe('SCCc1ccccc1');
  assert.equal(pet.formula, 'C8H10S');
  assert.ok(Math.abs(pet.mass - 138.23) < 0.01);
  assert.equal((await describe('c1ccccc1CCS')).canonicalSmiles, pet.canonicalSmiles);
  assert.equal((await describe('[Cl-]')).formula, 'Cl-');
  assert.equal((await describe(BUILTIN_LIGANDS.Cpstar.smiles)).formula, 'C10H15-');
  // An attachment point's dummy atom (atomic number 0) is `*`, where RDKit's CalcMolFormula puts it
  // (these are its formulas of the same SMILES); not Z0.
  assert.equal((await describe('[Cu]C#C*')).formula, 'C2*Cu');
  assert.equal((await describe('[1*]C[2*]')).formula, 'CH2*2');
});

test('binding atoms are inferred by SMARTS', async () => {
  const expected: [string, string, string][] = [
    ['SCCc1ccccc1', 'S', 'thiolate'],
    ['CC[S-]', 'S', 'thiolate'],
    [BUILTIN_LIGANDS.PPh3.smiles, 'P', 'phosphine'],
    ['[Cl-]', 'Cl', 'halide'],
    ['[Br-]', 'Br', 'halide'],
    [BUILTIN_LIGANDS.CF3PhCC.smiles, 'C', 'alkynyl'],
    ['[C-]#Cc1ccccc1', 'C', 'alkynyl'],
    [BUILTIN_LIGANDS.Cpstar.smiles, 'C', 'cyclopentadienyl'],
    ['CCCCN', 'N', 'amine'],
    ['c1ccncc1', 'N', 'amine'],
    ['CC(=O)[O-]', 'O', 'carboxylate'],
  ];
  for (const [smiles, atom, ligandClass] of expected) {
    const d = await describe(smiles);
    assert.deepEqual([d.bindingAtoms, d.bindingSource, d.ligandClass], [[atom], 'inferred', ligandClass], smiles);
  }
});

test('a soft donor outranks N and O: glutathione binds through S', async () => {
  assert.deepEqual((await describe(BUILTIN_LIGANDS.SG.smiles)).bindingAtoms, ['S']);
  assert.deepEqual((await describe('CC(=O)N')).bindingAtoms, [], 'an amide N is no amine');
  assert.equal((await describe('CCCC')).ligandClass, 'other');
});

test('declared binds and logP override the inferred values', async () => {
  const mba = await describe(BUILTIN_LIGANDS.MBA.smiles, { binds: ['O'], logP: 5.69 });
  assert.deepEqual(mba.bindingAtoms, ['O']);
  assert.equal(mba.bindingSource, 'declared');
  assert.equal(mba.ligandClass, 'carboxylate');
  assert.deepEqual(mba.logP, { value: 5.69, method: 'recipe override' });
  assert.deepEqual((await describe('SCCc1ccccc1', { binds: ['S', 'S'] })).bindingAtoms, ['S']);
});

test('declared binding atoms must be elements present in the molecule', async () => {
  assert.deepEqual(await reject('SCCc1ccccc1', { binds: ['P'] }), {
    error: 'Binding atom P does not occur in SCCc1ccccc1',
    code: 'BM303',
    atom: 'P',
  });
  // Said of the SMILES as written, not as RDKit writes it (CCS).
  assert.equal((await reject('SCC', { binds: ['P'] })).error, 'Binding atom P does not occur in SCC');
  assert.deepEqual(await reject('SCCc1ccccc1', { binds: ['S', 'Xq'] }), { error: "'Xq' in binds is not an element symbol", code: 'BM305', atom: 'Xq' });
  // An aromatic atom as SMILES writes it, or a symbol miscased: the element meant is named.
  assert.equal((await reject('c1ccsc1', { binds: ['s'] })).error, "'s' in binds is not an element symbol; did you mean 'S'? (symbols are case-sensitive)");
  assert.equal((await reject('SCC[Cl]', { binds: ['CL'] })).error, "'CL' in binds is not an element symbol; did you mean 'Cl'? (symbols are case-sensitive)");
  // An element without a Pauling χ would leave χ_env, and so every prediction with the ligand, without a value.
  const sodium = await reject('CC[S-].[Na+]', { binds: ['Na'] });
  assert.equal(sodium.code, 'BM305');
  assert.equal(sodium.atom, 'Na');
  assert.match(sodium.error, /^Na in binds has no Pauling electronegativity in Bimetal's element data/);
});

test('every built-in ligand has an identifier name, parses, and its declared binding agrees with inference', async () => {
  for (const [name, ligand] of Object.entries(BUILTIN_LIGANDS)) {
    assert.match(name, IDENTIFIER);
    const inferred = await describe(ligand.smiles);
    assert.deepEqual(inferred.bindingAtoms, ligand.binds, name);
    assert.equal(inferred.ligandClass, ligand.ligandClass, name);
    assert.ok(ligand.description.length > 3);
  }
});

test('results are cached: the same input returns the same object', async () => {
  const chemistry = await loadChemistry();
  assert.equal(chemistry.describeLigand('SCCc1ccccc1'), chemistry.describeLigand('SCCc1ccccc1'));
  assert.equal(chemistry.describeLigand('C1CC'), chemistry.describeLigand('C1CC'));
  const overridden = chemistry.describeLigand('SCCc1ccccc1', { logP: 1 });
  assert.notEqual(overridden, chemistry.describeLigand('SCCc1ccccc1'));
  assert.ok(Object.isFrozen(overridden));
});

function runScript(source: string): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bimetal-chem-'));
  try {
    const file = path.join(dir, 'probe.mts');
    writeFileSync(file, source);
    return runTypeScript(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an explicit wasm URL is used (the Web Worker path)', () => {
  const wasm = path.join(root, 'node_modules', '@rdkit', 'rdkit', 'dist', 'RDKit_minimal.wasm');
  const { status, output } = runScript(`
    import { loadChemistry } from ${JSON.stringify(ligandsModule)};
    const chemistry = await loadChemistry({ wasmUrl: ${JSON.stringify(wasm)} });
    console.log(JSON.stringify(chemistry.describeLigand('[Cl-]')));
  `);
  assert.equal(status, 0, output);
  assert.match(output, /"bindingAtoms":\["Cl"\]/);
});

test('a failed initialisation is reported clearly and not retried', () => {
  const { status, output } = runScript(`
    import { loadChemistry } from ${JSON.stringify(ligandsModule)};
    const first = await loadChemistry({ wasmUrl: '/nonexistent/RDKit_minimal.wasm' }).catch((e) => e);
    const second = await loadChemistry().catch((e) => e);
    console.log('FIRST ' + first.message);
    console.log('SAME ' + (first === second));
  `);
  assert.equal(status, 0, output);
  assert.match(output, /FIRST The chemistry toolkit \(RDKit WASM\) failed to initialise/);
  assert.match(output, /SAME true/);
});

test('inside an esbuild CJS bundle RDKit finds RDKit_minimal.wasm next to the bundle', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bimetal-bundle-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `import { loadChemistry } from ${JSON.stringify(ligandsModule)};
       loadChemistry().then((c) => console.log(JSON.stringify(c.describeLigand('SCCc1ccccc1'))));`,
    );
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: path.join(dir, 'probe.js'), logLevel: 'silent' });
    copyFileSync(path.join(root, 'node_modules', '@rdkit', 'rdkit', 'dist', 'RDKit_minimal.wasm'), path.join(dir, 'RDKit_minimal.wasm'));
    const run = spawnSync(process.execPath, [path.join(dir, 'probe.js')], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /"bindingAtoms":\["S"\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
