import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../grammar/src/index';
import { described, recipe } from './helpers';

/**
 * Mistakes that once drew a misleading or cascading error: each now gets one error that says what
 * is wrong where it is wrong.
 */

function messages(text: string): string[] {
  return analyzeText(text).diagnostics.map((d) => `${d.code} ${d.message}`);
}

// ── lists whose items are of the wrong kind are not empty (BM224) ─────────────────────────

test('a list whose items are all of the wrong kind gets one error per item, not "the list is empty"', () => {
  const quotedElement = recipe('host Au 12\ndopant ["Fe"] 1');
  assert.deepEqual(described(quotedElement), [`BM114 '"Fe"'`]);
  const [error] = analyzeText(quotedElement).diagnostics;
  assert.equal(error.message, 'expected an element symbol, found the string "Fe"; write it without quotes: Fe');
  assert.deepEqual(error.data, { replacements: ['Fe'] });

  const elementAsCount = recipe('host Au [Fe]\ndopant Pt 1');
  assert.deepEqual(described(elementAsCount), ["BM114 'Fe'"]);
  assert.deepEqual(messages(elementAsCount), ["BM114 expected a count or a range like 1..4, found 'Fe'"]);

  const quotedCount = recipe('host Au ["12"]\ndopant Pt 1\nligands PET x [Cl]');
  assert.deepEqual(described(quotedCount), [`BM114 '"12"'`, "BM114 'Cl'"]);
  assert.deepEqual(analyzeText(quotedCount).diagnostics[0].data, { replacements: ['12'] });
});

test('a truly empty list is still BM224, and a list with some good items is checked on them', () => {
  assert.deepEqual(described(recipe('host Au 12\ndopant [] 1')), ["BM224 '[]'"]);
  assert.deepEqual(described(recipe('host Au 12\ndopant [ ] 1')), ["BM224 '[ ]'"]);
  assert.deepEqual(described(recipe('host Au 12\ndopant [Fe, "Co", Ni] 1')), [`BM114 '"Co"'`]);
});

// ── BM218 offers property names only, and says where a stranded value belongs ───────────────

test('an unknown property is never "corrected" into a sub-keyword or a look-alike of a value word', () => {
  const cases: [string, string, string][] = [
    ['distance 4.9\nA', 'A', "'A' is not a property (a unit belongs on its number's line: distance 2.8 A)"],
    ['energy -2.9\neV', 'eV', "'eV' is not a property (a unit belongs on its number's line: energy -2.9 eV)"],
    ['site [core, surface]', 'core', "'core' is not a property (a site belongs after 'site', which takes one: site core)"],
    ['zeolite', 'zeolite', "'zeolite' is not a property (a support kind belongs after 'support': support zeolite)"],
    ['icosahedron', 'icosahedron', "'icosahedron' is not a property (a topology belongs after 'topology': topology icosahedron)"],
  ];
  for (const [body, word, message] of cases) {
    const text = recipe(`host Au 12\ndopant Pt 1\n${body}`);
    const unknown = analyzeText(text).diagnostics.filter((d) => d.code === 'BM218');
    assert.deepEqual(unknown.map((d) => [text.slice(d.range.start, d.range.end), d.message, d.data]), [[word, message, undefined]], body);
  }
  // `binds` inside a recipe: its atom is no typo of the count operator `x`.
  const binds = recipe('host Au 12\ndopant Pt 1\nbinds S');
  const [stray, atom] = analyzeText(binds).diagnostics;
  assert.equal(stray.code, 'BM104');
  assert.equal(atom.message, "'S' is not a property (an element belongs after 'host' or 'dopant')");
  assert.equal(atom.data, undefined);
});

test("a sub-keyword is offered only right after its property: 'shells' after topology, 'x' for X after ligands", () => {
  const text = recipe('host Au 12\ndopant Pt 1\ntopology icosahedron shell 1\nligands PET X 8');
  assert.deepEqual(analyzeText(text).diagnostics.map((d) => d.data?.replacements), [['shells'], ['x']]);
  const elsewhere = recipe('host Au 12\ndopant Pt 1\nshell 1\nX 8');
  for (const d of analyzeText(elsewhere).diagnostics) {
    assert.equal(d.code, 'BM218');
    for (const replacement of (d.data?.replacements as string[] | undefined) ?? []) assert.ok(!['shells', 'x'].includes(replacement), d.message);
  }
  // Only property names are offered for a plain typo.
  assert.deepEqual(analyzeText(recipe('host Au 12\ndopant Pt 1\nsit core')).diagnostics.map((d) => d.data?.replacements), [['site']]);
});

test('two ligand uses on one line without a comma: one error saying the comma is missing, both uses read', () => {
  const text = recipe('host Au 12\ndopant Pt 1\nligands PET x 8 PPh3 x 2');
  assert.deepEqual(described(text), ["BM115 'PPh3'"]);
  const [missing] = analyzeText(text).diagnostics;
  assert.equal(missing.message, "a ',' is missing between ligand uses; write PET x 8, PPh3 x 2");
  assert.deepEqual(missing.data, { insertText: ',', insertAt: text.indexOf(' PPh3') });
  const ligands = analyzeText(text).ast.recipes[0].properties.find((p) => p.kind === 'ligands');
  assert.deepEqual(ligands?.kind === 'ligands' && ligands.uses.map((u) => (u.ref.kind === 'word' ? u.ref.text : u.ref.value)), ['PET', 'PPh3']);
  // A SMILES too; a ligand on the next line is no continuation, and its error says how to continue the list.
  assert.deepEqual(described(recipe('host Au 12\ndopant Pt 1\nligands PET x 8 "CCS" x 2')), [`BM115 '"CCS"'`]);
  // A full-width comma is BM100's, which writes it as ','; a BM115 too would have its fix add a second.
  for (const body of ['host Au 12\ndopant Pt 1\nligands PET x 8，PPh3 x 2', 'host Au 12\ndopant [Pt，Pd] 1']) {
    assert.deepEqual(described(recipe(body)), ["BM100 '，'"], body);
  }
  const nextLine = recipe('host Au 12\ndopant Pt 1\nligands PET x 8\nPPh3 x 2');
  assert.deepEqual(messages(nextLine), ["BM218 'PPh3' is not a property (a ligand joins 'ligands' after a ',': ligands …, PPh3)"]);
});

test("a list item without its comma is a missing ',' (BM115), not a list missing its ']' whose items spill into the recipe", () => {
  const text = recipe('host Au 12\ndopant [Fe Co] 1');
  assert.deepEqual(messages(text), ["BM115 a ',' is missing between 'Fe' and 'Co'"]);
  assert.deepEqual(described(text), ["BM115 'Co'"]);
  assert.deepEqual(analyzeText(text).diagnostics[0].data, { insertText: ',', insertAt: text.indexOf(' Co') });
  // Both items are read, and the count after the list too.
  const dopant = analyzeText(text).ast.recipes[0].properties.find((p) => p.kind === 'dopant');
  assert.equal(JSON.stringify(dopant?.kind === 'dopant' && [dopant.element, dopant.count].map((c) => c && c.kind)), '["list","number"]');
  assert.deepEqual(described(recipe('host Au [12 13]\ndopant Pt 1\nligands PET x [1 2..3, 4]')), ["BM115 '13'", "BM115 '2..3'"]);
  // A count per element is no item of an element list: one error on each count, saying where counts go.
  assert.deepEqual(messages(recipe('host Au 12\ndopant [Fe 1, Co 2]')), [
    "BM114 expected an element symbol, found '1'; an element list holds no counts: the count after its ']' applies to every element",
    "BM114 expected an element symbol, found '2'; an element list holds no counts: the count after its ']' applies to every element",
  ]);
  // A list inside a list is one error on the inner list, whose fix writes its items in the outer one.
  const nested = recipe('host Au [[1,2]]\ndopant Pt 1');
  assert.deepEqual(messages(nested), ["BM114 expected a count or a range like 1..4, found the list '[1,2]'; lists do not nest: write its items in this one"]);
  assert.deepEqual(analyzeText(nested).diagnostics[0].data, { replacements: ['1,2'] });
  // After an item: the inner list's ']' does not end the outer list (no false BM110 on the '[').
  assert.deepEqual(analyzeText(recipe('host Au 12\ndopant [Fe [1,2]] 1')).diagnostics.map((d) => d.code), ['BM114']);
  // Where no ']' closes the list, it is the ']' that is missing, and what follows is read as before.
  assert.deepEqual(described(recipe('host Au 12\ndopant [Fe, Co 1\ntopology none')), ["BM110 '['"]);
});

// ── leading commas ──────────────────────────────────────────────────────────────────────

test('a comma before the first item is reported, in ligands, lists and binds alike', () => {
  assert.deepEqual(messages(recipe('host Au 12\ndopant Pt 1\nligands , PET x 8')), ["BM111 extra ',' before the first ligand"]);
  assert.deepEqual(messages(recipe('host Au 12\ndopant [,Fe] 1')), ["BM111 extra ',' before the first item"]);
  assert.deepEqual(messages('ligand L = "CS" binds , S\n'), ["BM111 extra ',' before the first atom"]);
  assert.deepEqual(described(recipe('host Au 12\ndopant Pt 1\nligands , PET x 8')), ["BM111 ','"]);
  assert.deepEqual(analyzeText(recipe('host Au 12\ndopant Pt 1\nligands , PET x 8')).diagnostics[0].data, { removable: true });
  // A comma and nothing else is the missing value's one error, as before.
  assert.deepEqual(described(recipe('host Au 12\ndopant Pt 1\nligands ,')), ["BM109 'ligands'"]);
});

// ── characters pasted from typeset text (BM100) ─────────────────────────────────────────────

test('a typographic minus or dash is BM100 that says to type "-", and its fix replaces it rather than deleting the sign', () => {
  const minus = recipe('host Au 12\ndopant Pt 1\ncharge \u22121');
  const [error] = analyzeText(minus).diagnostics;
  assert.deepEqual(described(minus), ["BM100 '\u2212'"]);
  assert.equal(error.message, `unexpected character "\u2212": a minus sign (U+2212), which only looks like the minus or hyphen '-'; type '-' instead`);
  assert.deepEqual(error.data, { replacements: ['-'] });
  for (const [dash, name] of [['\u2013', 'an en dash (U+2013)'], ['\u2014', 'an em dash (U+2014)']]) {
    const text = recipe(`host Au 12\ndopant Pt 1\nenergy ${dash}2.9 eV`);
    assert.deepEqual(messages(text), [`BM100 unexpected character "${dash}": ${name}, which only looks like the minus or hyphen '-'; type '-' instead`]);
  }
  // Any other character keeps the plain message and its removal.
  const [other] = analyzeText(recipe('host Au 12 @\ndopant Pt 1')).diagnostics;
  assert.deepEqual([other.message, other.data], ['unexpected character "@"', { removable: true }]);
});

test('subscript, superscript, full-width and mathematical characters are BM100 fixed by the plain characters they stand for, never by deleting a count or a sign', () => {
  const fixed = (text: string) => {
    const d = analyzeText(text).diagnostics.find((x) => x.code === 'BM100');
    assert.ok(d, text);
    assert.equal((d.data as { removable?: boolean }).removable, undefined, text);
    return text.slice(0, d.range.start) + (d.data as { replacements: string[] }).replacements[0] + text.slice(d.range.end);
  };
  const errors = (text: string) => analyzeText(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  // Removing `₁₂` left `host Au`, a count of 1, with no error.
  const subscript = recipe('host Au₁₂\ndopant Pt 1');
  assert.deepEqual(messages(subscript), [`BM100 unexpected characters "₁₂", which stand for '12'; type a space and '12' instead`]);
  assert.match(fixed(subscript), /host Au 12\n/);
  assert.deepEqual(errors(fixed(subscript)), []);
  // Removing `⁻` flipped the charge: a sign after its number (as charges are typeset) moves before it.
  for (const [charge, signed] of [['2⁻', '-2'], ['2-', '-2'], ['2⁺', '+2'], ['⁻2', '-2'], ['2\u2212', '-2'], ['2\u2013', '-2']]) {
    const text = recipe(`host Au 12\ndopant Pt 1\ncharge ${charge}`);
    assert.match(fixed(text), new RegExp(`charge ${signed.replace('+', '\\+')}\n`), charge);
    assert.deepEqual(errors(fixed(text)), [], charge);
  }
  assert.match(messages(recipe('host Au 12\ndopant Pt 1\ncharge 2⁻'))[0], /which stands for '-'; a charge's sign goes before its number: -2$/);
  // Only a charge's: a ligand count pasted from an ion's formula ([Au25(PET)18]⁻) keeps its number.
  assert.match(fixed(recipe('host Au 12\ndopant Pt 1\nligands PET x 18⁻')), /ligands PET x 18-\n/);
  // Digits glued to a ligand's name are the name's (PPh₃ is PPh3), not a count.
  assert.match(fixed(recipe('host Au 12\ndopant Pt 1\nligands PPh₃ x 12')), /ligands PPh3 x 12\n/);
  // So the part before it is no unknown ligand 'PPh' (BM212, whose fix made 'PPh3₃' and then 'PPh33').
  for (const name of ['PPh₃', '𝑃Ph3']) {
    assert.deepEqual(described(recipe(`host Au 12\ndopant Pt 1\nligands ${name} x 12`)).map((d) => d.slice(0, 5)), ['BM100'], name);
  }
  for (const [body, plain] of [
    ['host Au １２\ndopant Pt 1', 'host Au 12'],
    ['host Au 12\ndopant Pt 1\nligands 𝑃Ph3 x 2', 'ligands PPh3 x 2'],
    ['host Au 12\ndopant Pt 1\ndistance 2.9\u3000Å', 'distance 2.9 Å'],
  ]) {
    const text = recipe(body);
    assert.ok(fixed(text).includes(plain), body);
    assert.deepEqual(errors(fixed(text)), [], body);
  }
});

test('a long run of unexpected characters is quoted up to 40 of them and the rest counted', () => {
  const [error] = analyzeText(recipe(`host Au 12\ndopant Pt 1 ${'😀'.repeat(10_000)}`)).diagnostics;
  assert.equal(error.message, `unexpected characters "${'😀'.repeat(40)}" and 9960 more`);
});

test('Cp* in a ligand use points to the built-in Cpstar, covering the whole word, never offering to delete the star', () => {
  const text = recipe('host Au 12\ndopant Pt 1\nligands Cp* x 2');
  assert.deepEqual(described(text), ["BM100 'Cp*'"]);
  const [error] = analyzeText(text).diagnostics;
  assert.match(error.message, /built-in ligand Cpstar/);
  assert.deepEqual(error.data, { replacements: ['Cpstar'] });
});

test('eV/atom after an energy is one error saying energies are written per atom as eV, and the word after the slash is not a property', () => {
  const text = recipe('host Au 12\ndopant Pt 1\nenergy -2.9 eV/atom');
  assert.deepEqual(described(text), ["BM100 '/atom'"]);
  const [error] = analyzeText(text).diagnostics;
  assert.equal(error.message, 'unexpected "/atom": energies are written in eV and read per metal atom; write eV');
  assert.deepEqual(error.data, { removable: true });
  const energy = analyzeText(text).ast.recipes[0].properties.find((p) => p.kind === 'energy');
  assert.equal(energy?.kind === 'energy' && energy.unit?.text, 'eV');
});

// ── names chemists write: one BM106 on the whole name, the declaration read on ─────────────

test('a name with characters no name holds, up to the `=` or `{` on its line, is one BM106 on all of it, and the declaration is still read', () => {
  const cases: [declaration: string, name: string, suggestion: string][] = [
    ['recipe Au12Pt1(PET)8 {', 'Au12Pt1(PET)8', 'Au12Pt1_PET_8'],
    ['recipe Au12 Pt {', 'Au12 Pt', 'Au12_Pt'],
    ['recipe Au12.Pt {', 'Au12.Pt', 'Au12_Pt'],
    ['recipe "Au12Pt" {', '"Au12Pt"', 'Au12Pt'],
  ];
  for (const [declaration, name, suggestion] of cases) {
    const text = `${declaration}\n  host Au 12\n  dopant Qq 1\n}\nrecipe Next { host Au 12 dopant Pt 1 }\n`;
    const diagnostics = analyzeText(text).diagnostics;
    // The body is validated (BM202 on Qq): no "has no body", no "needs a host", no strays or BM100 in the name.
    assert.deepEqual(described(text, diagnostics), [`BM106 '${name}'`, "BM202 'Qq'"], declaration);
    assert.match(diagnostics[0].message, new RegExp(`^'${name.replace(/[.()"]/g, '\\$&')}' cannot name a recipe: .*; choose another name, e\\.g\\. ${suggestion}$`), declaration);
    const { ast } = analyzeText(text);
    assert.deepEqual(ast.recipes.map((r) => [r.name?.text, r.properties.map((p) => p.kind)]), [[undefined, ['host', 'dopant']], ['Next', ['host', 'dopant']]]);
  }
});

test('a ligand named as chemists write it (4-MBA) is one BM106, and its SMILES and clauses are still read', () => {
  const text = 'ligand 4-MBA = "SC1=CC=C(C=C1)C(=O)O" binds S logP 1.9\n';
  assert.deepEqual(messages(text), ["BM106 '4-MBA' cannot name a ligand: a name cannot start with a digit; choose another name, e.g. _4-MBA"]);
  assert.deepEqual(described(text), ["BM106 '4-MBA'"]);
  const [ligand] = analyzeText(text).ast.ligands;
  assert.equal(ligand.smiles?.value, 'SC1=CC=C(C=C1)C(=O)O');
  assert.deepEqual(ligand.binds?.atoms.map((a) => a.text), ['S']);
  assert.equal(ligand.logP?.value?.value, 1.9);
  // The suggested name is one.
  assert.deepEqual(described(text.replace('4-MBA', '_4-MBA')), []);
});

test('only characters on the keyword’s line before `{` or `=` are the name; invisible ones keep their own error', () => {
  // With the `{` on the next line the name is the identifier, as before.
  assert.deepEqual(described('recipe A\n{ host Au 12 dopant Pt 1 }\n'), []);
  // A character no token starts with, and nothing else, where the name belongs is the name.
  assert.deepEqual(described('recipe @@ {\n  host Au 12\n  dopant Pt 1\n}\n'), ["BM106 '@@'"]);
  assert.deepEqual(described('recipe {\n  host Au 12\n  dopant Pt 1\n}\n'), ["BM106 'recipe'"]);
  // An invisible character beside a name is named by its code point (BM100), as the name's error could not show it.
  const invisible = analyzeText('recipe D\u200B { host Au 12 dopant Pt 1 }\n');
  assert.deepEqual(invisible.diagnostics.map((d) => d.code), ['BM100']);
  assert.equal(invisible.ast.recipes[0].name?.text, 'D');
});

test('a declaration keyword alone on its line takes no name from the next line: the declaration there is kept', () => {
  const recipes = analyzeText('recipe\nrecipe A {\n  host Au 12\n  dopant Pt 1\n}\n');
  assert.deepEqual(recipes.ast.recipes.map((r) => r.name?.text ?? '-'), ['-', 'A']);
  const ligands = analyzeText('ligand\nligand L = "SCC"\nrecipe B {\n  host Au 12\n  dopant Pt 1\n  ligands L x 4\n}\n');
  assert.deepEqual(ligands.ast.ligands.map((l) => l.name?.text ?? '-'), ['-', 'L']);
  assert.ok(!ligands.diagnostics.some((d) => d.code === 'BM212'), 'the recipe finds ligand L');
});

test('a misspelt property after a ligand use on its line is reported as that, not as ligand uses missing commas', () => {
  const text = recipe('host Au 12\ndopant Pt 1\nligands PET x 8 dopnt Pd 1');
  const codes = analyzeText(text).diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('BM115'), codes.join(' '));
  assert.ok(messages(text).some((m) => /^BM218 'dopnt' is not a property; did you mean 'dopant'/.test(m)), messages(text).join('\n'));
});

test('the quick fixes of pasted characters and quoted values leave text that reads as meant', () => {
  const fix = (body: string, code: string) => {
    const text = recipe(`host Au 12\ndopant Pt 1\n${body}`);
    const d = analyzeText(text).diagnostics.find((x) => x.code === code);
    assert.ok(d, `${code} on ${body}`);
    return text.slice(0, d.range.start) + (d.data as { replacements: string[] }).replacements[0] + text.slice(d.range.end);
  };
  const errors = (text: string) => analyzeText(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  // A dash between numbers is a range; a minus glued to a word stays apart from it; Cp* glued to x2 stays apart.
  assert.match(fix('charge 0\ndistance 2.8–3.0 A', 'BM100'), /distance 2\.8\.\.3\.0 A/);
  assert.deepEqual(errors(fix('charge−1', 'BM100')), []);
  assert.deepEqual(errors(fix('ligands Cp*x2', 'BM100')), []);
  // Unquoted, "x8" would read as the count operator: only element-like symbols are offered unquoted.
  const x8 = analyzeText(recipe('host Au 12\ndopant ["x8"] 1')).diagnostics.find((d) => d.code === 'BM114');
  assert.equal(x8?.data, undefined);
});

test('an x without its count takes no quoted value after it for a ligand missing its comma', () => {
  const codes = analyzeText(recipe('host Au 12\ndopant Pt 1\nligands PET x "8"')).diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('BM115'), codes.join(' '));
});

test('a name suggested for a declaration is a name: not a reserved word, subscript digits kept', () => {
  assert.match(messages('recipe "site" {\n  host Au 12\n  dopant Pt 1\n}\n').join('\n'), /e\.g\. site_1$/m);
  assert.match(messages('recipe Au₁₂Pt {\n  host Au 12\n  dopant Pt 1\n}\n').join('\n'), /e\.g\. Au12Pt$/m);
  assert.match(messages('recipe site {\n  host Au 12\n  dopant Pt 1\n}\n').join('\n'), /e\.g\. site_1$/m);
});

test('a ligand used with its locant (4-MBA x 44) is one unknown ligand naming the built-in it resembles, and its count is read', () => {
  for (const [use, name, built] of [
    ['4-MBA x 44', '4-MBA', 'MBA'],
    ['2-PET x 3', '2-PET', 'PET'],
    ['4MBA x 44', '4MBA', 'MBA'],
    // Its hyphen pasted from a paper (U+2010, an en dash): the same one use, not an empty 'ligands', a stray '4' and a dash.
    ['4\u2010MBA x 44', '4\u2010MBA', 'MBA'],
    ['4\u2013MBA x 44', '4\u2013MBA', 'MBA'],
  ]) {
    const text = recipe(`host Au 102\ndopant Pt 1\nligands PPh3 x 2, ${use}`);
    const { diagnostics, ast } = analyzeText(text);
    assert.deepEqual(described(text, diagnostics), [`BM212 '${name}'`], use);
    assert.match(diagnostics[0].message, new RegExp(`^unknown ligand '${name}' \\(a name cannot start with a digit\\): .*did you mean '${built}'`), use);
    assert.ok((diagnostics[0].data as { replacements: string[] }).replacements.includes(built), use);
    // No offer to declare it under a name no declaration can have.
    assert.equal((diagnostics[0].data as { declare?: string }).declare, undefined, use);
    const ligands = ast.declarations[0].kind === 'recipe' ? ast.declarations[0].properties.find((p) => p.kind === 'ligands') : undefined;
    assert.ok(ligands?.kind === 'ligands');
    assert.deepEqual(
      ligands.uses.map((u) => [u.ref.kind === 'word' ? u.ref.text : '', u.count?.kind === 'number' ? u.count.value : undefined]),
      [['PPh3', 2], [name, Number(use.split(' x ')[1])]],
      use,
    );
  }
  // Without a name that could be meant, the offer is a declaration under a name that is one.
  const unknown = analyzeText(recipe('host Au 102\ndopant Pt 1\nligands 4-QQQQ x 4')).diagnostics;
  assert.deepEqual(
    unknown.map((d) => d.message),
    ["unknown ligand '4-QQQQ' (a name cannot start with a digit): not declared in this file nor built in; declare it: ligand _4-QQQQ = \"SMILES\", and use that name"],
  );
  // A number alone is still no ligand.
  assert.deepEqual(described(recipe('host Au 102\ndopant Pt 1\nligands 44')), ["BM109 'ligands'", "BM104 '44'"]);
});

test("a unit of another code is converted by BM219's fix, number and unit together; an unknown word is never swapped for a unit", () => {
  const cases: [string, string, string[]][] = [
    ['distance 5.4 bohr', "'bohr' is not a distance unit; 5.4 bohr is 2.85756 Å: write 2.85756 Å", ['2.85756 Å']],
    ['distance 5.4 au', "'au' is not a distance unit; 5.4 au is 2.85756 Å: write 2.85756 Å", ['2.85756 Å']],
    ['energy -0.12 Ry', "'Ry' is not an energy unit here; -0.12 Ry is -1.63268 eV: write -1.63268 eV", ['-1.63268 eV']],
    ['energy -3.1 Ha', "'Ha' is not an energy unit here; -3.1 Ha is -84.3553 eV: write -84.3553 eV", ['-84.3553 eV']],
    ['siteEnergy 0.5 kcal', "'kcal' is not an energy unit here; 0.5 kcal/mol is 0.0216821 eV: write 0.0216821 eV", ['0.0216821 eV']],
    ['energy -3100 meV', "'meV' is not an energy unit here; -3100 meV is -3.1 eV: write -3.1 eV", ['-3.1 eV']],
  ];
  for (const [body, message, replacements] of cases) {
    const text = recipe(`host Au 12\ndopant Pt 1\n${body}`);
    const { diagnostics } = analyzeText(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end), d.message, (d.data as { replacements?: string[] } | undefined)?.replacements]),
      [['BM219', body.slice(body.indexOf(' ') + 1), message, replacements]],
      body,
    );
  }
  // kJ/mol: the unit converted, and "/mol" one error of its own that removes it, not a property 'mol'.
  const molar = recipe('host Au 12\ndopant Pt 1\nenergy -250 kJ/mol');
  assert.deepEqual(described(molar), ["BM219 '-250 kJ'", "BM100 '/mol'"]);
  assert.match(analyzeText(molar).diagnostics[0].message, /-250 kJ\/mol is -2\.59107 eV/);
  // Glued to its number too.
  assert.deepEqual(described(recipe('host Au 12\ndopant Pt 1\nenergy -12kJ/mol')), ["BM219 '-12kJ'", "BM100 '/mol'"]);
  // A misspelt unit is offered the unit it resembles; a word that resembles none is offered nothing.
  const replacementsOf = (body: string) => analyzeText(recipe(`host Au 12\ndopant Pt 1\n${body}`)).diagnostics.map((d) => (d.data as { replacements?: string[] }).replacements);
  assert.deepEqual(replacementsOf('distance 2.9 xyz'), [[]]);
  assert.deepEqual(replacementsOf('energy -3.1 foo'), [[]]);
  assert.deepEqual(replacementsOf('energy -3.1 ev'), [['eV']]);
  assert.ok(replacementsOf('distance 2.9 angstom')[0]?.includes('angstrom'));
});

test('a value written in quotes after its property is one BM114 that removes the quotes, not "needs a value" and a stray string', () => {
  const cases: [string, string, string][] = [
    ['host Au 12\ndopant "Pt" 1', '"Pt"', `expected an element symbol after 'dopant', found the string "Pt"; write it without quotes: Pt`],
    ['host Au "12"\ndopant Pt 1', '"12"', `expected a count after 'host', found the string "12"; write it without quotes: 12`],
    ['host Au 12\ndopant Pt 1\nligands PET x "8"', '"8"', `expected a ligand count after 'ligands', found the string "8"; write it without quotes: 8`],
    ['host Au 12\ndopant Pt 1\ntopology "icosahedron"', '"icosahedron"', `expected a topology after 'topology', found the string "icosahedron"; write it without quotes: icosahedron`],
    ['host Au 12\ndopant Pt 1\nsite "core"', '"core"', `expected a site after 'site', found the string "core"; write it without quotes: core`],
    ['host Au 12\ndopant Pt 1\ncharge "-1"', '"-1"', `expected an integer after 'charge', found the string "-1"; write it without quotes: -1`],
    ['host Au 12\ndopant Pt 1\ndistance "2.8"', '"2.8"', `expected a number after 'distance', found the string "2.8"; write it without quotes: 2.8`],
  ];
  for (const [body, found, message] of cases) {
    const text = recipe(body);
    const { diagnostics } = analyzeText(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end), d.message, d.data]),
      [['BM114', found, message, { replacements: [found.slice(1, -1)] }]],
      body,
    );
  }
  // A string that would be no such value unquoted either stays a stray string after a property lacking its value.
  assert.deepEqual(described(recipe('host Au 12\ndopant Pt 1\ntopology "sphere"')), ["BM109 'topology'", `BM104 '"sphere"'`]);
  assert.deepEqual(described(recipe('host Au 12\ndopant "x8" 1')), ["BM109 'dopant'", `BM104 '"x8"'`]);
  // On the next line a string is no value of the property before it.
  assert.deepEqual(described(recipe('host Au 12\ndopant\n"Pt" 1')), ["BM109 'dopant'", `BM104 '"Pt"'`]);
  // Past the value's slot (after the count, after shells) no quote removal would put it there.
  assert.deepEqual(described(recipe('host Au 12\ndopant 1 "Pt"')), ["BM109 'dopant'", `BM104 '"Pt"'`]);
  assert.deepEqual(described(recipe('host Au 12\ndopant Pt 1\ntopology shells 2 "icosahedron"')), ["BM109 'topology'", `BM104 '"icosahedron"'`]);
  // Another use's missing count keeps its own error: only the last use's is replaced.
  const twoUses = recipe('host Au 12\ndopant Pt 1\nligands PET x, PPh3 x "2"');
  assert.deepEqual(
    analyzeText(twoUses).diagnostics.map((d) => [d.code, d.range.start]),
    [
      ['BM109', twoUses.indexOf('x,')],
      ['BM114', twoUses.indexOf('"2"')],
    ],
  );
});

test('commas in a row are one BM111 whose fix removes them all, not one error per comma with the same fix twice', () => {
  const cases: [string, string, string][] = [
    ['ligands ,, PET x 8', ',,', "extra ',,' before the first ligand"],
    ['dopant [Pt,,, Ag] 1', ',,', "extra ',,' with nothing after them"],
    ['dopant [Pt, ,  , Ag] 1', ',  ,', "extra ',  ,' with nothing after them"],
  ];
  for (const [body, found, message] of cases) {
    const text = recipe(`host Au 12\n${body.startsWith('dopant') ? '' : 'dopant Pt 1\n'}${body}`);
    const { diagnostics } = analyzeText(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end), d.message, d.data]),
      [['BM111', found, message, { removable: true }]],
      body,
    );
  }
  // A trailing comma reported in the loop and again at the list's end is one error.
  assert.deepEqual(described(recipe('host Au 12\ndopant Pt 1\nligands PET x 8,,')), ["BM111 ','"]);
});
