import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText, parseDocument, validateDocument } from '../../grammar/src/index';
import { described, recipe, textAt } from './helpers';

function semantic(text: string) {
  return validateDocument(parseDocument(text).ast);
}

test('host and dopant are required', () => {
  const text = recipe('host Au 12');
  assert.deepEqual(described(text, semantic(text)), ["BM201 'R'"]);
  assert.deepEqual(semantic(text)[0].data, { missing: 'dopant' });
  assert.deepEqual(described(recipe('site core', 'Q'), semantic(recipe('site core', 'Q'))), ["BM201 'Q'", "BM201 'Q'"]);
});

test('unknown elements get a did-you-mean, wrong case first', () => {
  const text = recipe('host AU 12\ndopant Ptt 1');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM202 'AU'", "BM202 'Ptt'"]);
  assert.deepEqual(diagnostics[0].data, { replacements: ['Au'] });
  assert.ok((diagnostics[1].data?.replacements as string[]).includes('Pt'));
});

test("element suggestions never offer the other metal: host = dopant would be BM204", () => {
  const dopantTypo = recipe('host Au 24\ndopant Ua 1');
  const [dopant] = semantic(dopantTypo);
  assert.deepEqual(described(dopantTypo, [dopant]), ["BM202 'Ua'"]);
  assert.deepEqual(dopant.data?.replacements, ['Ga', 'La', 'Ta']);
  assert.ok(!(dopant.data?.replacements as string[]).includes('Au'), JSON.stringify(dopant.data));
  assert.doesNotMatch(dopant.message, /'Au'/);
  const hostTypo = recipe('host Ua 24\ndopant Au 1');
  assert.ok(!(semantic(hostTypo)[0].data?.replacements as string[]).includes('Au'));
  // A family excludes every alternative of the other list.
  const family = recipe('host [Ag, Au] 24\ndopant Ua 1');
  const replacements = semantic(family)[0].data?.replacements as string[];
  assert.ok(replacements.includes('Ga') && !replacements.includes('Au') && !replacements.includes('Ag'), JSON.stringify(replacements));
  // The exclusion is per recipe: without an Au host, Au is offered again.
  const otherHost = recipe('host Pd 24\ndopant Ua 1');
  assert.ok((semantic(otherHost)[0].data?.replacements as string[]).includes('Au'));
});

test("an element symbol with its count glued on (Au12) is offered with the count apart, not as the bare symbol of count 1", () => {
  const text = 'recipe A { host Au12 dopant Ag1 }\n';
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM202 'Au12'", "BM202 'Ag1'"]);
  assert.equal(diagnostics[0].message, "'Au12' is not an element symbol for the host; did you mean 'Au 12'?");
  assert.deepEqual(diagnostics[0].data, { replacements: ['Au 12'] });
  assert.deepEqual(diagnostics[1].data, { replacements: ['Ag 1'] });
  // Miscased too: `AU12` and `pt1` are Au 12 and Pt 1, not Au and Pt of count 1.
  const miscased = semantic('recipe A { host AU12 dopant pt1 }\n');
  assert.deepEqual(miscased.map((d) => d.data), [{ replacements: ['Au 12'] }, { replacements: ['Pt 1'] }]);
  // With a count written, or in a list (which holds no counts), splitting would misplace the digits: the symbol is offered.
  for (const body of ['host Au12 12\ndopant Ag 1', 'host [Au12, Pd] 12\ndopant Ag 1']) {
    const [unknown] = semantic(recipe(body));
    assert.deepEqual(unknown.data, { replacements: ['Au'] }, body);
  }
  // Never split into a symbol that is itself an error: carbon is no metal (BM203), a dopant equal to the host (BM204).
  for (const [body, bad] of [['host C60\ndopant Ag 1', 'C 60'], ['host Au 12\ndopant Au1', 'Au 1']]) {
    const [unknown] = semantic(recipe(body));
    assert.ok(!((unknown.data?.replacements ?? []) as string[]).includes(bad), `${body}: ${JSON.stringify(unknown.data)}`);
  }
});

test('element suggestions for host and dopant are metals only', () => {
  const text = recipe('host Au 12\ndopant Xx 1');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM202 'Xx'"]);
  assert.equal(diagnostics[0].data, undefined);
  assert.doesNotMatch(diagnostics[0].message, /Xe/);
});

test('non-metals and metalloids are rejected with the reason', () => {
  const text = recipe('host Au 12\ndopant [S, Si] 1');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM203 'S'", "BM203 'Si'"]);
  assert.match(diagnostics[0].message, /S is a non-metal/);
  assert.match(diagnostics[1].message, /Si is a metalloid/);
  // A noble gas is no ligand's atom either: it is told so, without the non-metals' pointer to ligands.
  const noble = semantic(recipe('host He 12\ndopant Pt 1'));
  assert.equal(noble[0].message, 'He is a noble gas; the host must be a metal (Bimetal models metal cores)');
});

test('a metal without element data is an error on its symbol that lists the supported metals, never a suggestion', () => {
  // These were accepted, and scored with Δχ, ΔM, ΔR and D null and "no element data for Mg" deep in the output.
  const text = recipe('host [Au, Mg, Tl] 12\ndopant U 1');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM233 'Mg'", "BM233 'Tl'", "BM233 'U'"]);
  assert.equal(diagnostics[0].severity, 'error');
  assert.equal(
    diagnostics[0].message,
    'Mg has no element data in Bimetal, so the host Mg would get no descriptors and no prediction; supported metals: Al, Sc–Ga, Y–Sn, La–Hg, Pb, Bi',
  );
  assert.match(diagnostics[2].message, /^U has no element data in Bimetal, so the dopant U/);
  for (const symbol of ['Li', 'Ca', 'Cs', 'Th']) assert.deepEqual(described(recipe(`host ${symbol} 12\ndopant Au 1`), semantic(recipe(`host ${symbol} 12\ndopant Au 1`))), [`BM233 '${symbol}'`]);
  // A recipe with the error is not scored: it is not expanded.
  assert.deepEqual(analyzeText(recipe('host Mg 12\ndopant Au 1')).members, []);
  // A typo is corrected into supported metals only: 'Mq' offers Mn and Mo, not Mg.
  const typo = semantic(recipe('host Mq 12\ndopant Au 1'))[0];
  assert.deepEqual(typo.data?.replacements, ['Mn', 'Mo']);
});

test('host and dopant must differ, also across family lists', () => {
  assert.deepEqual(described(recipe('host Au 12\ndopant Au 1'), semantic(recipe('host Au 12\ndopant Au 1'))), ["BM204 'Au'"]);
  const family = recipe('host [Au, Ag] 12\ndopant [Pt, Ag] 1');
  assert.deepEqual(described(family, semantic(family)), ["BM204 'Ag'"]);
});

test('counts must be positive integers; ranges must run upwards; lists must not be empty', () => {
  const text = recipe('host Au 0\ndopant Pt 1.5\nligands PET x -2, SCH3 x 4..2, Cl x []');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM205 '0'", "BM205 '1.5'", "BM205 '-2'", "BM225 '4..2'", "BM224 '[]'"]);
  // 1.5 atoms may be 1 as well as 2: both offered, neither applied unasked.
  assert.deepEqual(diagnostics[1].data, { replacements: ['2', '1'], unsure: true });
  assert.deepEqual(diagnostics[3].data, { replacements: ['2..4'] });
});

test("an empty list's error gives an example of its own kind, which holds in that slot", () => {
  // Each slot's empty list, beside metals that take the familiar examples (Au, Ag, Pt) out of the running.
  const slots = ['host [] 12\ndopant [Au, Ag] 1', 'host [Pt, Ag] 12\ndopant [] 1', 'host Au 12\ndopant [] 1', 'host Au [1..4]\ndopant Pt []\ntopology none', 'host Au 12\ndopant Pt 1\nligands PET x []'];
  for (const body of slots) {
    const text = recipe(body);
    const [empty, ...others] = semantic(text);
    assert.deepEqual(described(text, [empty]), ["BM224 '[]'"], body);
    assert.deepEqual(others, [], body);
    const example = /e\.g\. (\[.*\])$/.exec(empty.message)?.[1];
    assert.ok(example, empty.message);
    // The example written in place of the empty list is no error there (a metal in both lists would be BM204).
    const fixed = recipe(body.replace('[]', example));
    assert.deepEqual(described(fixed, semantic(fixed)), [], `${body} with ${example}`);
  }
  assert.equal(semantic(recipe('host Au 12\ndopant [] 1'))[0].message, 'the dopant element list is empty; give at least one alternative, e.g. [Ag, Pt]');
});

test('a count too large to store exactly is an error, not a silently different count', () => {
  const text = recipe('host Au 99999999999999999999\ndopant Pt 1..90071992547409920\nligands PET x 12345678901234567890');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM205 '99999999999999999999'", "BM205 '90071992547409920'", "BM205 '12345678901234567890'"]);
  assert.match(diagnostics[0].message, /the host count 99999999999999999999 is too large to count exactly; counts go up to 9,007,199,254,740,991/);
  assert.equal(diagnostics[0].data, undefined, 'no rounded replacement: it would be a different count');
  assert.deepEqual(semantic(recipe('host Au 9007199254740990\ndopant Pt 1')), [], 'the largest exact N_metal is accepted');
  // Each count exact, their sum not: N_metal (and every per-atom figure) would be off by one.
  const sum = recipe('host Au 9007199254740991\ndopant Pt 9007199254740990');
  assert.deepEqual(described(sum, semantic(sum)), ["BM205 '9007199254740990'"]);
  assert.match(semantic(sum)[0].message, /^host \+ dopant counts add up to more than 9,007,199,254,740,991 atoms/);
  const family = recipe('host Au 9007199254740000\ndopant Pt [1, 990..992]');
  assert.deepEqual(described(family, semantic(family)), ["BM205 '[1, 990..992]'"], 'a family member beyond it is found from the written counts');
  const shell = recipe('host Au 12\ndopant Pt 1\nligands PET x 9007199254740991, Cl x 9007199254740990');
  assert.deepEqual(described(shell, semantic(shell)), ["BM205 '9007199254740990'"], 'the ligand counts of a shell, which BM413 adds up');
  assert.deepEqual(semantic(recipe('host Au 12\ndopant Pt 1\nligands PET x 9007199254740990, Cl x 1')), [], 'and the largest exact total is accepted');
  const charge = recipe('host Au 12\ndopant Pt 1\ncharge -99999999999999999999');
  assert.deepEqual(described(charge, semantic(charge)), ["BM223 '-99999999999999999999'"]);
  assert.match(semantic(charge)[0].message, /the charge -99999999999999999999 is too large to store exactly; charges go up to ±9,007,199,254,740,991$/);
});

test('N_metal must fit the written topology; the error names the nearest valid sizes', () => {
  const text = recipe('host Au 12\ndopant Pt 2\ntopology icosahedron');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM206 'icosahedron'"]);
  assert.deepEqual(diagnostics[0].data, { nearestSizes: [13, 55], nMetal: 14, topology: 'icosahedron' });
  assert.match(diagnostics[0].message, /13, 55/);
  const octa = recipe('host Au 4\ndopant Ru 2\ntopology octahedron');
  assert.deepEqual(semantic(octa), []);
  // Sizes of thousands are grouped as the other size messages group theirs (BM221, BM235).
  const large = semantic(recipe('host Au 1399\ndopant Pt 1\ntopology icosahedron'));
  assert.match(large[0].message, /^host \+ dopant = 1,400 atoms does not fit an icosahedron \(closed shells: 13, 55, 147, 309, …\); nearest valid sizes for 1,400: 923, 1,415$/);
  const shells = semantic(recipe('host Au 1399\ndopant Pt 1\ntopology icosahedron shells 8'));
  assert.match(shells[0].message, /holds 2,057 atoms, but host \+ dopant = 1,400 atoms$/);
});

test('`shells N` must agree with the counts, and `topology none` has no shells', () => {
  const text = recipe('host Au 12\ndopant Pt 1\ntopology icosahedron shells 2');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM207 '2'"]);
  assert.deepEqual(diagnostics[0].data, { expectedSize: 55 });
  assert.deepEqual(semantic(recipe('host Au 54\ndopant Pt 1\ntopology icosahedron shells 2')), []);
  const none = recipe('host Au 3\ndopant Pt 1\ntopology none shells 1');
  assert.deepEqual(described(none, semantic(none)), ["BM207 '1'"]);
  const removeRange = semantic(none)[0].data?.removeRange as { start: number; end: number };
  assert.equal(none.slice(removeRange.start, removeRange.end), ' shells 1', 'the quick fix removes the keyword with the number');
  const tooMany = recipe('host Au 3\ndopant Pt 1\ntopology tetrahedron shells 60');
  assert.deepEqual(described(tooMany, semantic(tooMany)), ["BM205 '60'"]);
});

test('topology, site and support words get did-you-mean', () => {
  const text = recipe('host Au 12\ndopant Pt 1\ntopology icosahedral\nsite Core\nsupport zeolit');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM208 'icosahedral'", "BM209 'Core'", "BM220 'zeolit'"]);
  assert.deepEqual(diagnostics.map((d) => d.data?.replacements), [['icosahedron'], ['core'], ['zeolite']]);
});

test('`site core` needs core sites: none for topology none, small octahedra and tetrahedra', () => {
  for (const body of ['host Au 1\ndopant Pt 1', 'host Au 3\ndopant Pt 1', 'host Au 5\ndopant Pt 1\ntopology octahedron', 'host Au 1\ndopant Pt 1\ntopology none']) {
    const text = recipe(`${body}\nsite core`);
    assert.deepEqual(described(text, semantic(text)), ["BM210 'core'"], body);
  }
  // A 19-atom octahedron, written or derived from the counts, has one interior atom; a 13-atom icosahedron one core site.
  assert.deepEqual(semantic(recipe('host Au 18\ndopant Pt 1\ntopology octahedron\nsite core')), []);
  assert.deepEqual(semantic(recipe('host Au 18\ndopant Pt 1\nsite core')), []);
  assert.deepEqual(semantic(recipe('host Ti 12\ndopant Fe 1\ntopology icosahedron\nsite core')), []);
  // 13 atoms close a shell of three templates: none is derived, and the error says which to write.
  const unwritten = semantic(recipe('host Ti 12\ndopant Fe 1\nsite core'));
  assert.deepEqual(unwritten.map((d) => d.code), ['BM210']);
  assert.match(unwritten[0].message, /13 atoms close a shell of an icosahedron, a cuboctahedron and a decahedron, so no topology is derived from the counts and there is no core; write the topology you mean \('topology icosahedron'\)/);
  // Not where a member's size closes the icosahedron's shell alone or none: writing it would be BM206 on that member.
  const mixed = semantic(recipe('host Au [12, 18]\ndopant Fe 1\nsite core'));
  assert.deepEqual(mixed.map((d) => d.code), ['BM210']);
  assert.doesNotMatch(mixed[0].message, /write the topology/);
});

test('a structure file replaces the template: a topology beside it is not used (BM231), and the template rules do not apply', () => {
  const text = recipe('host Au 18\ndopant Pt 1\ntopology icosahedron shells 2\nstructure "core.xyz"\nsite core');
  const diagnostics = semantic(text);
  // No BM206/BM207 for 19 atoms and no BM210: the file, not an icosahedron, decides the size and the core.
  // Whether `site core` is used depends on the file (BM314, BM315), which the validator does not read.
  assert.deepEqual(described(text, diagnostics), ["BM231 'topology icosahedron shells 2'"]);
  assert.equal(diagnostics[0].severity, 'warning');
  assert.deepEqual(diagnostics[0].data, { removable: true });
  assert.equal(textAt(text, diagnostics[0].related![0].range), 'structure "core.xyz"');
  assert.match(diagnostics[0].message, /'topology icosahedron shells 2' is not used/);
  // Not used, so not checked: a misspelt or shell-less template beside a file is BM231 alone, not an error that stops the recipe.
  for (const topology of ['topology icosahedrn', 'topology none shells 2']) {
    const beside = recipe(`host Au 12\ndopant Pt 1\n${topology}\nstructure "core.xyz"`);
    assert.deepEqual(described(beside, semantic(beside)), [`BM231 '${topology}'`]);
  }
  // Without a topology, a size no template closes and `site core` are left to the file as well.
  assert.deepEqual(semantic(recipe('host Au 19\ndopant Ag 1\nstructure "c20.xyz"\nsite core')), []);
  assert.deepEqual(described(recipe('host Au 19\ndopant Ag 1\nsite core'), semantic(recipe('host Au 19\ndopant Ag 1\nsite core'))), ["BM210 'core'"]);
});

test('templates are made up to 30,000 atoms, whatever the shell count: a 13-shell icosahedron and an 18-per-edge tetrahedron fit', () => {
  // 8217 atoms close the 13th Mackay shell, 1140 a tetrahedron of 18 atoms a side: both were refused as misfits past 12 shells.
  assert.deepEqual(semantic(recipe('host Au 8216\ndopant Ag 1\ntopology icosahedron')), []);
  assert.deepEqual(semantic(recipe('host Au 8216\ndopant Ag 1\ntopology icosahedron shells 13')), []);
  assert.deepEqual(semantic(recipe('host Au 1139\ndopant Ag 1\ntopology tetrahedron')), []);
  const huge = semantic(recipe('host Au 40000\ndopant Ag 1\ntopology icosahedron'));
  assert.deepEqual(huge.map((d) => d.code), ['BM206']);
  assert.match(huge[0].message, /^host \+ dopant = 40,001 atoms is more than the largest icosahedron made here \(28,741 atoms, 20 shells; templates are made up to 30,000 atoms\): use 'topology none'/);
  assert.deepEqual(huge[0].data?.nearestSizes, []);
  // A family with a misfit below the largest template names the nearest sizes, as for any misfit.
  const mixed = semantic(recipe('host Au [40000, 13]\ndopant Ag 1\ntopology icosahedron'));
  assert.match(mixed[0].message, /does not fit an icosahedron/);
  const shells = semantic(recipe('host Au 8216\ndopant Ag 1\ntopology icosahedron shells 25'));
  assert.match(shells[0].message, /^'shells' must be a whole number from 1 to 20 for an icosahedron \(templates are made up to 30,000 atoms\), not 25$/);
});

test('more dopant atoms than core sites is a warning that counts the core', () => {
  const text = recipe('host Au 11\ndopant Pt 2\ntopology icosahedron\nsite core');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM211 'core'"]);
  assert.equal(diagnostics[0].severity, 'warning');
  assert.deepEqual(diagnostics[0].data, { coreSites: 1 });
  // A 55-atom icosahedron has 13 core sites.
  assert.deepEqual(semantic(recipe('host Au 42\ndopant Pt 13\ntopology icosahedron\nsite core')), []);
  assert.equal(semantic(recipe('host Au 41\ndopant Pt 14\ntopology icosahedron\nsite core'))[0].code, 'BM211');
});

test('ligands: unknown names with did-you-mean, use before declaration, shadowing built-ins', () => {
  const text = `${recipe('host Au 12\ndopant Pt 1\nligands PTE x 8, Mine x 2')}ligand Mine = "CCS"\nligand PET = "SCC"\n`;
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM212 'PTE'", "BM213 'Mine'", "BM214 'PET'"]);
  assert.ok((diagnostics[0].data?.replacements as string[]).includes('PET'));
  assert.equal(diagnostics[1].related?.[0].range.start, text.indexOf('ligand Mine'));
  assert.equal(diagnostics[2].severity, 'information');
  // A short built-in is no typo of a longer unknown name: 'FOO' is offered no fluoride 'F', but its declaration.
  const [unknown] = semantic(recipe('host Au 24\ndopant Pt 1\nligands FOO x 18'));
  assert.equal(unknown.message, 'unknown ligand \'FOO\': not declared in this file nor built in; declare it: ligand FOO = "SMILES"');
});

test('duplicate recipes, ligands and properties point at the first one', () => {
  const text = `ligand L = "CS"\nligand L = "CCS"\n${recipe('host Au 12\ndopant Pt 1\nhost Ag 12', 'A')}${recipe('host Au 12\ndopant Pt 1', 'A')}`;
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM222 'L'", "BM216 'host'", "BM215 'A'"]);
  assert.equal(diagnostics[0].related?.[0].range.start, text.indexOf('L'));
  assert.equal(diagnostics[2].related?.[0].range.start, text.indexOf('A'));
});

test("a ligand declaration's error is said where a recipe uses it, which it keeps from scores; a later duplicate's is not", () => {
  // 'recipes use the first declaration' (BM222): the second's error left every recipe using L without members.
  const duplicate = `ligand L = "SCC"\nligand L = "SCCC"\n${recipe('host Au 12\ndopant Pt 1\nligands L x 2')}`;
  assert.deepEqual(described(duplicate), ["BM222 'L'"]);
  assert.equal(analyzeText(duplicate).members.length, 1);
  // An error in the declaration used leaves the recipe unscored: one error at the use says why, as BM228 does for a missing SMILES.
  for (const declaration of ['ligand L = "SCC" binds S binds S', 'ligand L = "SCC" binds S,', 'ligand L = "SCC" logP 1e400']) {
    const text = `${declaration}\n${recipe('host Au 12\ndopant Pt 1\nligands L x 2')}`;
    const { diagnostics, members } = analyzeText(text);
    assert.equal(members.length, 0, declaration);
    const use = diagnostics.find((d) => d.code === 'BM228');
    assert.ok(use, `${declaration}: ${described(text, diagnostics).join(', ')}`);
    assert.equal(text.slice(use.range.start, use.range.end), 'L');
    assert.ok(use.range.start > text.indexOf('ligands'), declaration);
    assert.equal(use.message, "the declaration of ligand 'L' has an error, so this recipe cannot be scored; correct the declaration");
    assert.equal(use.related?.[0].range.start, text.indexOf('L ='));
  }
});

test('misspelled sub-keywords are suggested too: shell → shells, X → x', () => {
  const text = recipe('host Au 12\ndopant Pt 1\ntopology icosahedron shell 1\nligands PET X 8');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM218 'shell'", "BM218 'X'"]);
  assert.deepEqual(diagnostics.map((d) => d.data?.replacements), [['shells'], ['x']]);
});

test('unknown properties and the singular `ligand` get did-you-mean', () => {
  const text = recipe('host Au 12\ndopant Pt 1\ntopolgy icosahedron\nligand PET x 2\nPd 2');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM218 'topolgy'", "BM218 'ligand'", "BM218 'Pd'"]);
  assert.deepEqual(diagnostics[0].data, { replacements: ['topology'] });
  assert.deepEqual(diagnostics[1].data, { replacements: ['ligands'] });
  assert.match(diagnostics[2].message, /element belongs after 'host' or 'dopant'/);
});

test('distance: units convert to Å, implausible values warn, unknown units are errors', () => {
  const ok = ['2.8', '2.8 Å', '2.8 A', '2.8 angstrom', '280 pm', '0.28 nm'];
  for (const d of ok) assert.deepEqual(semantic(recipe(`host Au 12\ndopant Pt 1\ndistance ${d}`)), [], d);
  const text = recipe('host Au 12\ndopant Pt 1\ndistance 280');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM217 '280'"]);
  assert.match(diagnostics[0].message, /did you mean 280 pm/);
  assert.deepEqual(diagnostics[0].data, { angstrom: 280, replacements: ['280 pm'] });
  const far = recipe('host Au 12\ndopant Pt 1\ndistance 1.2 nm');
  assert.deepEqual(described(far, semantic(far)), ["BM217 '1.2 nm'"]);
  // Without a unit it may have been meant in, it says what to do: the distance is optional.
  assert.match(semantic(far)[0].message, /\(physically implausible\); leave `distance` out to use the structure file's or the template's own, or the metals' radii$/);
  // A metric unit of another size is converted by its fix, number and unit together.
  const unit = recipe('host Au 12\ndopant Pt 1\ndistance 2.8 mm');
  assert.deepEqual(described(unit, semantic(unit)), ["BM219 '2.8 mm'"]);
  assert.deepEqual(semantic(unit)[0].data, { replacements: ['28000000 Å'] });
  // A misspelt unit is offered, in the message too, the unit it resembles; a word like none, the list.
  const [misspelt] = semantic(recipe('host Au 12\ndopant Pt 1\ndistance 2.8 nn'));
  assert.equal(misspelt.message, "'nn' is not a distance unit; did you mean 'nm'? (units: Å, A, angstrom, pm, nm)");
  assert.deepEqual(misspelt.data, { replacements: ['nm'] });
  assert.equal(semantic(recipe('host Au 12\ndopant Pt 1\ndistance 2.8 parsecs'))[0].message, "'parsecs' is not a distance unit; use Å, A, angstrom, pm, nm");
  // Names every object has are no units: `constructor` read as a factor made the distance NaN, a warning, and a record with D unknown.
  for (const name of ['constructor', '__proto__', 'toString']) {
    const inherited = recipe(`host Au 12\ndopant Pt 1\ndistance 2.8 ${name}`);
    assert.deepEqual(described(inherited, semantic(inherited)), [`BM219 '${name}'`]);
    assert.equal(analyzeText(inherited).members.length, 0, name);
  }
});

test('a distance a double cannot hold once in Å is BM234 on its number, as one written so is: never a warning and a record with D infinite or 0', () => {
  const refused: Record<string, string> = {
    '1e308 nm': 'too large to be stored as a number (it would read as infinity)',
    '-1e308 nm': 'too large to be stored as a number (it would read as −infinity)',
    '1e-322 pm': 'too small to be stored as a number (it would read as 0)',
  };
  for (const [written, reason] of Object.entries(refused)) {
    const text = recipe(`host Au 12\ndopant Pt 1\ndistance ${written}`);
    const r = analyzeText(text);
    const number = written.split(' ')[0];
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code.startsWith('BM2')).map((d) => [d.code, d.severity, textAt(text, d.range), d.message]),
      [['BM234', 'error', number, `${written} in Å is ${reason}`]],
    );
    assert.equal(r.members.length, 0, written);
  }
  // At the edges a double still holds them: 1.7e308 Å and 5e-324 Å (implausible, BM217), and 0 stays 0.
  for (const [written, angstrom] of [['1.7e307 nm', 1.7e308], ['5e-322 pm', 5e-324], ['0 nm', 0]] as const) {
    const text = recipe(`host Au 12\ndopant Pt 1\ndistance ${written}`);
    const r = analyzeText(text);
    assert.deepEqual(r.diagnostics.filter((d) => d.code.startsWith('BM2')).map((d) => [d.code, d.data?.angstrom]), [['BM217', angstrom]], written);
    assert.equal(r.members[0].distance, angstrom, written);
  }
});

test('a number a double cannot hold is BM234 on it, wherever it stands but a label, never read as 0 or infinity: its recipe or ligand is not scored', () => {
  const slots = [
    (n: string) => recipe(`host Au ${n}\ndopant Pt 1`),
    (n: string) => recipe(`host Au 1..${n}\ndopant Pt 1`),
    (n: string) => recipe(`host Au 12\ndopant Pt 1\nligands PET x ${n}`),
    (n: string) => recipe(`host Au 12\ndopant Pt 1\ntopology icosahedron shells ${n}`),
    (n: string) => recipe(`host Au 12\ndopant Pt 1\ndistance ${n} Å`),
    (n: string) => recipe(`host Au 12\ndopant Pt 1\ncharge ${n}`),
    (n: string) => `ligand L = "CS" logP ${n}\n${recipe('host Au 12\ndopant Pt 1\nligands L x 2')}`,
  ];
  const reasons: Record<string, string> = {
    '1e-400': 'too small to be stored as a number (it would read as 0)',
    '-1e-400': 'too small to be stored as a number (it would read as 0)',
    '1e400': 'too large to be stored as a number (it would read as infinity)',
    '-1e400': 'too large to be stored as a number (it would read as −infinity)',
  };
  for (const slot of slots) {
    for (const [n, reason] of Object.entries(reasons)) {
      const text = slot(n);
      const r = analyzeText(text);
      // Only BM234 on the number: no second diagnostic about the 0 or infinity it would have read as.
      const onNumber = r.diagnostics.filter((d) => textAt(text, d.range) === n);
      assert.deepEqual(onNumber.map((d) => [d.code, d.severity, d.message]), [['BM234', 'error', `${n} is ${reason}`]], text);
      assert.equal(r.members.length, 0, text);
    }
  }
  // Zero written with an exponent, and the smallest double, are numbers.
  for (const n of ['0e-400', '0.000e999', '5e-324']) assert.ok(!analyzeText(recipe(`host Au 12\ndopant Pt 1\ndistance ${n}`)).diagnostics.some((d) => d.code === 'BM234'), n);
});

test('charge must be an integer; energy needs eV', () => {
  const text = recipe('host Au 12\ndopant Pt 1\ncharge 0.5\nenergy -2.1');
  const diagnostics = semantic(text);
  assert.deepEqual(described(text, diagnostics), ["BM223 '0.5'", "BM227 '-2.1'"]);
  assert.equal(diagnostics[1].severity, 'warning');
  const site = recipe('host Au 12\ndopant Pt 1\nsiteEnergy -0.3');
  assert.deepEqual(described(site, semantic(site)), ["BM227 '-0.3'"], 'siteEnergy is read as eV too');
  const unit = recipe('host Au 12\ndopant Pt 1\nenergy -2.1 kcal');
  assert.deepEqual(described(unit, semantic(unit)), ["BM219 '-2.1 kcal'"]);
});

test('duplicate family alternatives are warnings', () => {
  const text = recipe('host Au 12\ndopant [Pt, Pt] [1, 1]');
  assert.deepEqual(described(text, semantic(text)), ["BM226 'Pt'", "BM226 '1'"]);
});

test('a value repeated across overlapping ranges or a range and a number is a warning that names it, on the item that adds nothing where there is one', () => {
  const warnings = (list: string) => {
    const text = recipe(`host Au ${list}\ndopant Ag 1`);
    return semantic(text).map((d) => [d.code, textAt(text, d.range), d.message, d.data?.removable === true]);
  };
  assert.deepEqual(warnings('[1..2, 2..3]'), [['BM226', '2..3', '2 is in both 1..2 and 2..3; the family uses it once', false]]);
  // The number adds nothing to the range, wherever it stands: it is the one removed.
  assert.deepEqual(warnings('[2, 1..3]'), [['BM226', '2', '2 is already in 1..3; the family uses it once', true]]);
  assert.deepEqual(warnings('[1..5, 3..8]'), [['BM226', '3..8', '3..5 are in both 1..5 and 3..8; the family uses each value once', false]]);
  assert.deepEqual(warnings('[1..10, 5..20, 2..3]'), [
    ['BM226', '5..20', '5..10 are in both 1..10 and 5..20; the family uses each value once', false],
    ['BM226', '2..3', '2..3 is already in 1..10; the family uses each value once', true],
  ]);
  assert.deepEqual(warnings('[12, 12]'), [['BM226', '12', '12 is listed twice; the family uses it once', true]]);
  assert.deepEqual(warnings('[1..2, 3..4, 5]'), []);
  // Compared as intervals, never listed value by value: two ranges of a million values take no time.
  const started = performance.now();
  assert.deepEqual(warnings('[1..1000000, 999999..2000000]').map(([code, text]) => [code, text]), [['BM226', '999999..2000000']]);
  assert.ok(performance.now() - started < 1000);
});

test('a ligand listed twice in one recipe is a warning on its second use, by name or by SMILES', () => {
  const text = recipe('host Au 12\ndopant Pt 1\nligands PET, PET x 3, "SCC" x 2, SCH3, "SCC"');
  assert.deepEqual(described(text, semantic(text)), ["BM232 'PET'", 'BM232 \'"SCC"\'']);
  const first = semantic(text).find((d) => d.code === 'BM232');
  assert.equal(first?.related?.[0].message, "first use of 'PET'");
  // A declared ligand named CO and the inline SMILES "CO" (carbon monoxide, methanol) are two ligands.
  const apart = `ligand CO = "[C-]#[O+]" binds C\n${recipe('host Au 12\ndopant Pt 1\nligands CO x 2, "CO" x 3')}`;
  assert.deepEqual(semantic(apart).filter((d) => d.code === 'BM232'), []);
});

test('a valid recipe with every property yields no diagnostics at all', () => {
  const text = `ligand PET = "SCCc1ccccc1" binds S logP 2.3\n${recipe(
    'host Au 12; dopant Pt 1; topology icosahedron shells 1; site core; ligands PET x 8, "[Cl-]" x 2\nsupport nc; distance 2.8 Å; charge -1; energy -2.9 eV; note "n"',
  )}${recipe('host Au 12; dopant Pt 1; structure "a.xyz"', 'FromFile')}`;
  assert.deepEqual(analyzeText(text).diagnostics.filter((d) => d.severity !== 'information'), []);
});

test('validation results are copies: mutating one does not change the next call', () => {
  const { ast } = parseDocument(recipe('host Au 12'));
  validateDocument(ast)[0].message = 'changed';
  assert.notEqual(validateDocument(ast)[0].message, 'changed');
});
