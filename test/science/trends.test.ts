import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createScorer, type Scorer } from '../../pipeline/src/index';
import type { ScoreRecord } from '../../engine/src/scoreRecord';

/**
 * Physical trends of the shipped v2 models (models/), through the same pipeline as the editor and
 * the command line. Each test can fail: they encode behaviour the v1 models got wrong (issue 8).
 */
let scorer: Scorer;

before(() => {
  scorer = createScorer({});
});

after(() => scorer.dispose());

async function score(text: string): Promise<Map<string, ScoreRecord>> {
  const doc = await scorer.scoreText(text, { file: 'trends.bimetal' });
  return new Map(doc.records.map((r) => [r.recipe, r]));
}

function recipe(name: string, lines: string[]): string {
  return `recipe ${name} {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`;
}

function eForm(records: Map<string, ScoreRecord>, name: string): number {
  const r = records.get(name);
  assert.ok(r?.prediction, `${name} has a prediction: ${JSON.stringify(r?.diagnostics)}`);
  return r.prediction.eForm;
}

/** The E_form model's out-of-domain warnings (BM404) of recipe `name`. */
function eFormReasons(records: Map<string, ScoreRecord>, name: string): string[] {
  return (
    records
      .get(name)
      ?.diagnostics.filter((d) => d.code === 'BM404' && d.message.startsWith('eform-v2'))
      .map((d) => d.message) ?? []
  );
}

const ICOSAHEDRA = [13, 55, 147, 309, 561, 923, 1415, 2057];

test('E_form is monotone in N from 13 atoms to the bulk, for templates and composition-only recipes', async () => {
  const cases: Array<{ label: string; text: (n: number) => string }> = [
    { label: 'Au(N−1)Ag icosahedron', text: (n) => recipe(`r${n}`, [`host Au ${n - 1}`, 'dopant Ag 1', 'topology icosahedron']) },
    { label: 'Au(N−1)Ag composition only', text: (n) => recipe(`r${n}`, [`host Au ${n - 1}`, 'dopant Ag 1']) },
    { label: 'Cu(N/2)Pd(N/2) composition only', text: (n) => recipe(`r${n}`, [`host Cu ${n - Math.floor(n / 2)}`, `dopant Pd ${Math.floor(n / 2)}`]) },
    { label: 'Pt(N−1)Ni icosahedron', text: (n) => recipe(`r${n}`, [`host Pt ${n - 1}`, 'dopant Ni 1', 'topology icosahedron']) },
  ];
  const compositionSizes = [13, 20, 40, 55, 100, 147, 300, 1000, 2000, 5000, 20000];
  for (const { label, text } of cases) {
    const sizes = label.includes('icosahedron') ? ICOSAHEDRA : compositionSizes;
    const records = await score(sizes.map(text).join(''));
    const energies = sizes.map((n) => eForm(records, `r${n}`));
    for (let i = 1; i < energies.length; i++) {
      assert.ok(energies[i] < energies[i - 1], `${label}: E(${sizes[i]}) = ${energies[i]} is not below E(${sizes[i - 1]}) = ${energies[i - 1]}`);
    }
  }
});

test('one dopant among 147 atoms moves E_form per atom by less than 0.1 eV across the d-block', async () => {
  const dopants = ['Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Y', 'Zr', 'Nb', 'Mo', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Hg'];
  // A recipe is bimetallic by definition, so the bound is checked on the spread over dopants: any
  // two Au146M differ by less than 0.1 eV/atom (the v1 model spread them over 0.8 eV).
  const records = await score(dopants.map((d) => recipe(`with${d}`, ['host Au 146', `dopant ${d} 1`, 'topology icosahedron'])).join(''));
  const energies = dopants.map((d) => eForm(records, `with${d}`));
  const spread = Math.max(...energies) - Math.min(...energies);
  assert.ok(spread < 0.1, `spread ${spread.toFixed(3)} eV/atom: ${dopants.map((d, i) => `${d} ${energies[i]}`).join(', ')}`);
});

test('dopant count moves E_form smoothly: every extra Pt changes it, by steps that change slowly', async () => {
  const counts = Array.from({ length: 12 }, (_, i) => i + 1);
  const records = await score(counts.map((k) => recipe(`Pt${k}`, [`host Au ${147 - k}`, `dopant Pt ${k}`])).join(''));
  const e = counts.map((k) => eForm(records, `Pt${k}`));
  const steps = e.slice(1).map((v, i) => v - e[i]);
  assert.ok(steps.every((s) => Math.abs(s) > 1e-4), `each dopant moves E_form: ${steps}`);
  assert.ok(steps.every((s) => Math.sign(s) === Math.sign(steps[0])), `one direction: ${steps}`);
  const curvature = steps.slice(1).map((s, i) => Math.abs(s - steps[i]));
  assert.ok(Math.max(...curvature) < 0.2 * Math.max(...steps.map(Math.abs)), `smooth: steps ${steps}`);
});

test('E_form(site core) − E_form(site surface), times N_metal, is the predicted site ΔE', async () => {
  for (const [host, dopant] of [['Au', 'Pt'], ['Pt', 'Au'], ['Ag', 'Cu']]) {
    const lines = (site: string) => [`host ${host} 146`, `dopant ${dopant} 1`, 'topology icosahedron', `site ${site}`];
    const records = await score(recipe('core', lines('core')) + recipe('surface', lines('surface')));
    const site = records.get('core')?.site;
    assert.ok(site, `${host}146${dopant}: a site prediction`);
    const difference = (eForm(records, 'core') - eForm(records, 'surface')) * 147;
    // Records keep 6 significant digits: each E_form is rounded by up to 5e-6 eV/atom, so ×147
    // the difference carries up to 1.5e-3 eV of rounding.
    assert.ok(Math.abs(difference - site.deltaE) < 1.5e-3, `${host}/${dopant}: ${difference} vs ${site.deltaE}`);
    assert.notEqual(eForm(records, 'core'), eForm(records, 'surface'));
  }
});

test('size and ligands move the site prediction the way physics says, and the card says what it knows of size', async () => {
  const records = await score(
    recipe('small', ['host Au 12', 'dopant Pt 1', 'topology icosahedron']) +
      recipe('large', ['host Au 146', 'dopant Pt 1', 'topology icosahedron']) +
      recipe('thiolate', ['host Au 146', 'dopant Pt 1', 'topology icosahedron', 'ligands SCH3 x 60']),
  );
  const delta = (name: string) => {
    const site = records.get(name)?.site;
    assert.ok(site, `${name} has a site prediction`);
    return site.deltaE;
  };
  // A 13-atom cluster's surface atoms have 6 neighbours, a 147-atom one's 6–9: the core is worth more
  // to the more cohesive dopant in the small cluster, never less. Slab rows (all mapped onto one
  // 147-atom icosahedron) may give the bond-centric term no weight; the card must then say the model
  // knows nothing of size.
  assert.ok(delta('small') <= delta('large'), `small ${delta('small')}, large ${delta('large')}`);
  const card = JSON.parse(readFileSync(path.join(__dirname, '../../models/site-v2.card.json'), 'utf8'));
  const knowsNoSize = (card.knows as string[]).some((line) => line.startsWith('nothing of size and shape'));
  assert.equal(delta('small') === delta('large'), knowsNoSize, `card: ${JSON.stringify(card.knows)}`);
  // Pt binds thiolate S more strongly than Au (eseg-ads-ligand), so a thiolate shell pulls Pt outwards.
  assert.ok(delta('thiolate') > delta('large'), `thiolate ${delta('thiolate')}, bare ${delta('large')}`);
});

/**
 * Five pairs whose segregation was computed both on bare slabs (bcseg) and under each of R-S, R-NH and R-NH2
 * (eseg-ads-ligand), ΔE = −Eseg in eV, facet means as the site model is trained on them: Ni in Pt −0.79 bare, −0.19 /
 * −0.19 / +0.04 under the adsorbates; Ni in Pd −0.22, +0.08 / −0.03 / +0.01; Pd in Pt −0.31, −0.05 / −0.06 / +0.06;
 * Ag in Pd +0.46, −0.10 / −0.03 / +0.22; Au in Pd +0.49, −0.18 / −0.18 / +0.10. Under every adsorbate the dopant sits
 * within half its bare |ΔE| of zero, whether the adsorbate binds the dopant or the host more strongly: the bare
 * segregation drive is screened (an adsorbate bonded to the surface site makes up part of the bonds the dopant loses
 * there). The other pairs computed both ways (Cu in Pt, Cu and Pt in Pd, Ag and Au in Pt) keep or grow their |ΔE|; the
 * model, one screening factor for every pair, does not follow those. Each slab's adsorbate sits on the dopant, so the
 * shell here binds every surface site: 92 thiolates on the 92 surface atoms of the 147-atom icosahedron.
 */
test('a ligand shell screens the bare segregation drive: each pair the slabs show it for is predicted at under half its bare |ΔE|', async () => {
  const pairs: Array<[string, string]> = [
    ['Pt', 'Ni'],
    ['Pd', 'Ni'],
    ['Pt', 'Pd'],
    ['Pd', 'Ag'],
    ['Pd', 'Au'],
  ];
  const core = (h: string, d: string) => [`host ${h} 146`, `dopant ${d} 1`, 'topology icosahedron'];
  const records = await score(
    pairs.map(([h, d]) => recipe(`${d}in${h}`, core(h, d)) + recipe(`${d}in${h}Thiolate`, [...core(h, d), 'ligands SCH3 x 92'])).join(''),
  );
  const delta = (name: string) => {
    const site = records.get(name)?.site;
    assert.ok(site, `${name} has a site prediction`);
    return site.deltaE;
  };
  for (const [h, d] of pairs) {
    const bare = delta(`${d}in${h}`);
    const shell = delta(`${d}in${h}Thiolate`);
    assert.ok(Math.abs(shell) < 0.5 * Math.abs(bare), `${d} in ${h}: ΔE ${shell} eV under thiolates, ${bare} eV bare`);
  }
});

/**
 * A dopant at the surface feels a ligand only where one binds its site: with n thiolates on the 92 surface atoms of a
 * 147-atom icosahedron, the share θ = n/92 of the full shell's pull and screening. Pt binds thiolate S 0.49 eV more
 * strongly than Au (eseg-ads-ligand), so a full shell pulls it out; Pd binds it 0.09 eV less strongly, and the shell's
 * screening of its bare drive to the core moves it out too. One SCH3 took the whole shell's effect before. A partial
 * shell's point blends the fold models' median weighed as a bare surface's and as a full shell's by θ (conformal.ts
 * pointOf): weighed as a bare surface's alone, it stepped where the shell completed (Ir −0.376 eV at 91 thiolates,
 * −0.344 at 92, where a thiolate moves it 0.007; Cu stepped back 0.0003 eV).
 */
test('the ligand shell acts by its coverage: ΔE moves monotonically from the bare value to the full shell\'s as thiolates are added, with no step where the shell completes, and bare and full shells are as before', async () => {
  const counts = Array.from({ length: 94 }, (_, n) => n).concat(150);
  // ΔE bare and under a full shell (eV), as every version since the coverage column gave them.
  const before = { Pt: [-0.712681, -0.201187], Pd: [-0.182513, -0.0635411], Ir: [-1.00545, -0.34368], Cu: [-0.358328, -0.109735], Ag: [0.172307, 0.0451371] };
  const dopants = Object.keys(before) as Array<keyof typeof before>;
  const records = await score(
    dopants.flatMap((d) => counts.map((n) => recipe(`${d}x${n}`, ['host Au 146', `dopant ${d} 1`, 'topology icosahedron', ...(n > 0 ? [`ligands SCH3 x ${n}`] : [])]))).join(''),
  );
  const delta = (name: string) => {
    const site = records.get(name)?.site;
    assert.ok(site, `${name} has a site prediction`);
    return site.deltaE;
  };
  for (const d of dopants) {
    const values = counts.map((n) => delta(`${d}x${n}`));
    const [bare, full] = [values[0], values[counts.indexOf(92)]];
    assert.deepEqual([bare, full], before[d], `${d}: bare and full shell`);
    const way = Math.sign(full - bare);
    for (let i = 1; i < values.length; i++) assert.ok(way * (values[i] - values[i - 1]) >= 0, `${d}: ΔE(${counts[i]} SCH3) = ${values[i]} against ΔE(${counts[i - 1]}) = ${values[i - 1]}`);
    assert.ok(Math.abs(values[1] - bare) < 0.03 * Math.abs(full - bare), `${d}: one SCH3 moves ΔE by ${values[1] - bare} of the full shell's ${full - bare}`);
    // The last thiolate moves ΔE as much as the one before it, not by a jump between two weighings of the folds.
    const [last, previous] = [values[92] - values[91], values[91] - values[90]];
    assert.ok(Math.abs(last - previous) <= 0.2 * Math.abs(previous) + 1e-5, `${d}: the 92nd thiolate moves ΔE ${last}, the 91st ${previous}`);
    assert.equal(delta(`${d}x150`), full, `${d}: more thiolates than surface sites are a full shell`);
  }
});

test('a dopant that every segregation rule sends further out (larger, lower surface and cohesive energy, mixing no more strongly) is predicted further out', async () => {
  // In Pt, Au, Ag and Pd are larger than Ir, Rh and Ru, with the lower broken-bond surface energy, the
  // lower cohesive energy (SCIENCE.md §6) and an H_mix with Pt no lower (Takeuchi–Inoue: +4 against 0,
  // −1 against −2, +2 against −1 kJ/mol): each rule puts the first of a pair nearer the surface.
  const pairs = [
    ['Au', 'Ir'],
    ['Ag', 'Rh'],
    ['Pd', 'Ru'],
  ];
  const records = await score(pairs.flat().map((d) => recipe(d, ['host Pt 146', `dopant ${d} 1`, 'topology icosahedron'])).join(''));
  const delta = (d: string) => {
    const site = records.get(d)?.site;
    assert.ok(site, `${d} has a site prediction`);
    return site.deltaE;
  };
  for (const [outer, inner] of pairs) assert.ok(delta(outer) > delta(inner), `${outer} ${delta(outer)}, ${inner} ${delta(inner)}`);
});

test('an early transition metal that bonds strongly to a late host goes to the core, as the DFT slabs find against the other rules', async () => {
  // Ti, Zr and Hf in Pt are larger than Pt, with the lower surface and cohesive energies: the size and
  // surface rules send them out. DFT puts them in the bulk by 1.1–1.5 eV (bcseg: Eseg +1.51, +1.13,
  // +1.41 eV), as Wynblatt and Ku's interaction term does for H_mix −74 to −100 kJ/mol.
  const dopants = ['Ti', 'Zr', 'Hf'];
  const records = await score(dopants.map((d) => recipe(d, ['host Pt 146', `dopant ${d} 1`, 'topology icosahedron'])).join(''));
  for (const d of dopants) {
    const site = records.get(d)?.site;
    assert.ok(site, `${d} has a site prediction`);
    assert.ok(site.deltaE < 0, `${d} in Pt146: ΔE ${site.deltaE} eV`);
  }
});

test('a late metal in an early host is not pulled into the cage by its strong bond: Zn, Ag and Au leave Ti12, Zn and Ag leave Zr12 and Hf12, as the second paper finds', async () => {
  // The second paper (X12TM, DFT-PBE): early and late dopants prefer the surface of Ti12, Zr12 and Hf12,
  // mid-row ones the centre. Zn, Ag and Au bond strongly to these hosts (H_mix −13 to −63 kJ/mol), but the
  // site model's H_mix term counts only for a dopant left of its host (Ti, Zr, Hf in Pt: the slabs' case).
  // Au in Zr12 and Hf12 sit within 0.06 eV of 0 and are left out.
  const cases: Array<[string, string]> = [
    ['Ti', 'Zn'],
    ['Ti', 'Ag'],
    ['Ti', 'Au'],
    ['Zr', 'Zn'],
    ['Zr', 'Ag'],
    ['Hf', 'Zn'],
    ['Hf', 'Ag'],
  ];
  const records = await score(cases.map(([h, d]) => recipe(`${d}in${h}`, [`host ${h} 12`, `dopant ${d} 1`, 'topology icosahedron'])).join(''));
  for (const [h, d] of cases) {
    const site = records.get(`${d}in${h}`)?.site;
    assert.ok(site, `${h}12${d} has a site prediction`);
    assert.ok(site.deltaE > 0, `${h}12${d}: ΔE ${site.deltaE} eV`);
  }
});

test('E_form trusts its thiolate term only near the ligands per metal atom of the published clusters it was fitted on', async () => {
  const records = await score(
    recipe('published', ['host Au 24', 'dopant Pd 1', 'ligands SCH3 x 18']) +
      recipe('sparse', ['host Au 24', 'dopant Pd 1', 'ligands SCH3 x 6']) +
      recipe('impossible', ['host Au 24', 'dopant Pd 1', 'ligands SCH3 x 1000000000']),
  );
  const prediction = (name: string) => {
    const p = records.get(name)?.prediction;
    assert.ok(p, `${name} has a prediction`);
    return p;
  };
  // Au24Pd(SCH3)18 has the 0.72 ligands per metal atom of Au24Cd(nBuS)18 and Au24Hg(nBuS)18.
  assert.equal(prediction('published').inDomain, true);
  for (const name of ['sparse', 'impossible']) {
    assert.equal(prediction(name).inDomain, false, name);
    assert.ok(
      records.get(name)?.diagnostics.some((d) => d.code === 'BM404' && /thiolate ligands per metal atom, where the thiolate environment term was fitted on/.test(d.message)),
      `${name} says why`,
    );
  }
});

test('E_form trusts its thiolate term only on the majority metal of the published clusters it was fitted on (Au): a shell on mostly Ag is flagged and calibrated as an unknown term, however host and dopant are written', async () => {
  const shell = ['dopant Pt 1', 'ligands SCH3 x 18'];
  const records = await score(
    recipe('gold', ['host Au 24', ...shell]) +
      recipe('silver', ['host Ag 24', ...shell]) +
      // E_form tells host from dopant nowhere else: Au1Ag24 is the silver cluster written the other way round.
      recipe('silverAsDopant', ['host Au 1', 'dopant Ag 24', 'ligands SCH3 x 18']) +
      recipe('goldAsDopant', ['host Pt 1', 'dopant Au 24', 'ligands SCH3 x 18']),
  );
  const prediction = (name: string) => {
    const p = records.get(name)?.prediction;
    assert.ok(p, name);
    return p;
  };
  assert.equal(prediction('gold').inDomain, true);
  assert.equal(prediction('goldAsDopant').inDomain, true);
  for (const name of ['silver', 'silverAsDopant']) {
    assert.equal(prediction(name).inDomain, false, name);
    assert.ok(records.get(name)?.diagnostics.some((d) => d.code === 'BM404' && /a thiolate shell on Ag, where the thiolate environment term was fitted on Au clusters only/.test(d.message)), name);
  }
  // Its interval comes from what leaving the whole term out cost the published clusters (environment-new), wider than the fitted term's errors.
  const at80 = createScorer({ coverage: 0.8 });
  try {
    const doc = await at80.scoreText(recipe('gold', ['host Au 24', ...shell]) + recipe('silver', ['host Ag 24', ...shell]), { file: 'trends.bimetal' });
    const predicted = (name: string) => doc.members.find((m) => m.spec.recipe === name)!.prediction!;
    assert.equal(predicted('silver').calibrationGroup, 'environment-new');
    assert.equal(predicted('gold').calibrationGroup, 'environment');
    const width = (name: string) => predicted(name).upper - predicted(name).lower;
    assert.ok(width('silver') > width('gold'), `silver ${width('silver')} against gold ${width('gold')}`);
  } finally {
    await at80.dispose();
  }
});

/**
 * Dopant sites in bimetallic nanoparticles from the review
 * R. Ferrando, J. Jellinek & R. L. Johnston, "Nanoalloys: from theory to applications of alloy
 * clusters and nanoparticles", Chem. Rev. 108, 845–910 (2008), §3 (core–shell segregation):
 * Cu@Ag, Ni@Ag, Pd@Ag and Pt@Pd particles (the first metal forms the core), and Au segregates to the
 * surface of Pt (Pt@Au). The sign of the predicted ΔE must agree; a decided call must not contradict it.
 */
test('published dopant-site facts: Cu, Ni, Pd in Ag and Pt in Pd or Au go to the core; Ag in Cu, Pd in Pt, Au in Pt to the surface', async () => {
  const facts: Array<[string, string, 'core' | 'surface']> = [
    ['Ag', 'Cu', 'core'],
    ['Ag', 'Ni', 'core'],
    ['Ag', 'Pd', 'core'],
    ['Pd', 'Pt', 'core'],
    ['Au', 'Pt', 'core'],
    ['Cu', 'Ag', 'surface'],
    ['Pt', 'Pd', 'surface'],
    ['Pt', 'Au', 'surface'],
  ];
  const records = await score(facts.map(([h, d]) => recipe(`${d}in${h}`, [`host ${h} 146`, `dopant ${d} 1`, 'topology icosahedron'])).join(''));
  const wrong: string[] = [];
  for (const [h, d, expected] of facts) {
    const site = records.get(`${d}in${h}`)?.site;
    assert.ok(site, `${d} in ${h}: a site prediction`);
    const predicted = site.deltaE < 0 ? 'core' : 'surface';
    if (predicted !== expected || (site.preferred !== expected && site.preferred !== 'undetermined')) {
      wrong.push(`${d} in ${h}: ΔE ${site.deltaE}, preferred ${site.preferred}, literature ${expected}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('an interval widens with what its recipe adds to the bare cores the model was calibrated on: a ligand shell or support, a size below the laws', async () => {
  const core = ['host Au 24', 'dopant Pd 1'];
  const at = async (coverage: number) => {
    const widthScorer = createScorer({ coverage });
    try {
      const doc = await widthScorer.scoreText(
        recipe('bare', core) +
          recipe('thiolate', [...core, 'ligands PET x 18']) +
          // The N-doped-carbon term was fitted on M1/M2@NC dimers: a larger cluster on it is environment-new.
          recipe('onCarbon', ['host Au 1', 'dopant Ni 1', 'support nc']) +
          recipe('largeOnCarbon', [...core, 'support nc']) +
          recipe('phosphine', ['host Au 23', 'dopant Pd 1', 'ligands PPh3 x 17']) +
          recipe('onOxide', [...core, 'support oxide']) +
          // Thiolate shells far from the 0.71–0.72 ligands per metal atom the term was fitted on: 2.0 (all the
          // surface can bind, BM413; beyond it no interval is claimed, ligandCapacity.test.ts) and 0.24.
          recipe('thickShell', ['host Au 4', 'dopant Pd 2', 'topology octahedron', 'ligands PET x 12']) +
          recipe('thinShell', [...core, 'ligands PET x 6']) +
          recipe('newElementShell', ['host Au 24', 'dopant Hg 1', 'ligands PET x 18']) +
          recipe('small', ['host Au 5', 'dopant Pd 1']) +
          recipe('paired', ['host Au 54', 'dopant Pd 1']),
        { file: 'widths.bimetal' },
      );
      return new Map(doc.records.map((r) => [r.recipe, r]));
    } finally {
      await widthScorer.dispose();
    }
  };
  const width = (records: Map<string, ScoreRecord>, name: string) => {
    const p = records.get(name)?.prediction;
    assert.ok(p, name);
    return p.upper === null || p.lower === null ? Infinity : p.upper - p.lower;
  };
  // The environment term rests on six published values: their leave-one-out errors calibrate it.
  // Six points bound no 90 % interval (CV+ needs nine), and BM405 says so where the bare core's
  // narrow interval used to stand; at 80 % the interval is bounded and several times wider.
  const ninety = await at(0.9);
  // Hg has no size law of its own: a shell still takes the environment group, whose residuals include Au24Hg's.
  for (const name of ['thiolate', 'onCarbon', 'newElementShell']) {
    assert.equal(width(ninety, name), Infinity, name);
    assert.ok(ninety.get(name)?.diagnostics.some((d) => d.code === 'BM405' && d.message.includes('"environment"')), name);
  }
  assert.ok(Number.isFinite(width(ninety, 'bare')));
  const eighty = await at(0.8);
  for (const name of ['thiolate', 'onCarbon']) assert.ok(width(eighty, name) > 3 * width(eighty, 'bare'), `${name} ${width(eighty, name)} vs bare ${width(eighty, 'bare')}`);
  // A shell or support without a fitted term (ΔE_env = 0, the whole term unknown) is calibrated on what
  // leaving the term out cost the published recipes (up to 1.5 eV/atom), not on the fitted term's errors;
  // so is a shell whose fitted term is extrapolated far beyond the shells it was fitted on.
  for (const name of ['phosphine', 'onOxide', 'thickShell', 'thinShell', 'largeOnCarbon']) {
    assert.ok(ninety.get(name)?.diagnostics.some((d) => d.code === 'BM405' && d.message.includes('"environment-new"')), name);
    assert.ok(width(eighty, name) > 1.25 * width(eighty, 'thiolate'), `${name} ${width(eighty, name)} vs thiolate ${width(eighty, 'thiolate')}`);
    assert.ok(width(eighty, name) >= 2 * 1.4, `${name} ${width(eighty, name)}`);
  }
  // Six atoms: the size term is extrapolated below the 13 atoms the laws were fitted from.
  assert.ok(width(ninety, 'small') > 2 * width(ninety, 'paired'), `small ${width(ninety, 'small')} vs 55 atoms ${width(ninety, 'paired')}`);
});

test('a pair whose mixing enthalpy lies far beyond the fitted pairs\' gets a wider interval than they do, from errors of its own kind', async () => {
  // H_mix: Zr–Pt −100, Ti–Pd −65 kJ/mol; the fitted CANELa pairs span −14 to +4 (Au–Ag −6).
  const records = await score(
    recipe('ZrPt', ['host Zr 28', 'dopant Pt 27', 'topology none']) +
      recipe('TiPd', ['host Ti 28', 'dopant Pd 27', 'topology none']) +
      recipe('AuAg', ['host Au 28', 'dopant Ag 27', 'topology none']) +
      recipe('AuNi', ['host Au 54', 'dopant Ni 1', 'topology none']),
  );
  const prediction = (name: string) => {
    const p = records.get(name)?.prediction;
    assert.ok(p && p.lower !== null && p.upper !== null, name);
    const group = p.terms.find((t) => t.key === 'mixing')?.inputs.calibrationGroup;
    return { group, width: p.upper - p.lower };
  };
  const seen = prediction('AuAg');
  assert.equal(seen.group, 'pair');
  for (const name of ['ZrPt', 'TiPd']) {
    const far = prediction(name);
    assert.equal(far.group, 'pair-far', name);
    assert.ok(far.width > 2 * seen.width, `${name} ${far.width} vs Au–Ag ${seen.width}`);
  }
  // A new pair whose mixing input stays near the fitted ones' (one Ni in 55: 4x(1−x)·H_mix is small) is not far out.
  assert.equal(prediction('AuNi').group, 'pair-new');
});

test('a pair never fitted gets a wider interval than the fitted pairs, from errors of unfitted pairs; a fitted pair keeps theirs', async () => {
  // Mixing inputs within the fitted pairs' reach, so none is pair-far: the five CANELa metals' residuals
  // (Ag, Au, Cu, Pd, Pt) would lend these their ±0.08 eV/atom at 90 %.
  const records = await score(
    recipe('NiCo', ['host Ni 50', 'dopant Co 5']) +
      recipe('MoW', ['host Mo 100', 'dopant W 47']) +
      recipe('RuOs', ['host Ru 20', 'dopant Os 10']) +
      recipe('FeNi', ['host Fe 40', 'dopant Ni 15']) +
      // At the fitted pairs' own 147 atoms: smaller, their residuals are widened by the size laws' (composed).
      recipe('AgAu', ['host Ag 146', 'dopant Au 1']) +
      recipe('CuPt', ['host Cu 40', 'dopant Pt 15']),
  );
  const prediction = (name: string) => {
    const p = records.get(name)?.prediction;
    assert.ok(p && p.lower !== null && p.upper !== null, name);
    return { group: p.terms.find((t) => t.key === 'mixing')?.inputs.calibrationGroup, width: p.upper - p.lower };
  };
  const seen = prediction('AgAu');
  assert.equal(seen.group, 'pair');
  assert.equal(prediction('CuPt').group, 'pair');
  for (const name of ['NiCo', 'MoW', 'RuOs', 'FeNi']) {
    const unseen = prediction(name);
    assert.equal(unseen.group, 'pair-new', name);
    assert.ok(unseen.width > 2 * seen.width, `${name} ${unseen.width} vs Ag–Au ${seen.width}`);
  }
});

test("E_form's domain runs from 3 atoms to the bulk and takes the 50:50 recipe beside CANELa's 73/147", async () => {
  const records = await score(
    recipe('equimolar', ['host Au 80', 'dopant Ag 80']) +
      recipe('nearEquimolar', ['host Au 84', 'dopant Ag 76']) +
      recipe('beyondBulkRows', ['host Au 100000', 'dopant Pd 100']) +
      recipe('belowBulkRows', ['host Au 4000', 'dopant Pd 1000']),
  );
  // The size term converges to the bulk it was pinned on, so no size above the bulk rows' N = 10000 is outside.
  for (const name of ['equimolar', 'nearEquimolar', 'beyondBulkRows', 'belowBulkRows']) assert.deepEqual(eFormReasons(records, name), [], name);
  const card = readFileSync(path.join(__dirname, '..', '..', 'models', 'eform-v2.card.md'), 'utf8');
  assert.match(card, /^- sizes: 3 atoms to the bulk$/m);
});

test('E_form flags a bimetallic cluster smaller than any bimetallic row of its kind: its unary size laws reach 13 atoms, its mixing was only seen from 147 bare atoms and 24 protected ones', async () => {
  const records = await score(
    recipe('icosahedron13', ['host Au 12', 'dopant Pt 1']) +
      recipe('icosahedron55', ['host Au 54', 'dopant Pt 1']) +
      recipe('canela', ['host Au 73', 'dopant Pt 74']) +
      recipe('pure13', ['host Au 12', 'dopant Au 1']) +
      recipe('protected', ['host Au 24', 'dopant Pt 1', 'ligands SCH3 x 18']),
  );
  for (const name of ['icosahedron13', 'icosahedron55']) {
    assert.equal(records.get(name)?.prediction?.inDomain, false, name);
    assert.ok(eFormReasons(records, name).some((m) => m.includes('a bimetallic bare cluster of a size never seen in bimetallic training rows of bare cores (147 atoms to the bulk)')), eFormReasons(records, name).join('; '));
  }
  for (const name of ['canela', 'protected']) assert.equal(records.get(name)?.prediction?.inDomain, true, `${name}: ${eFormReasons(records, name).join('; ')}`);
  assert.ok(!eFormReasons(records, 'pure13').some((m) => m.includes('bimetallic')), eFormReasons(records, 'pure13').join('; '));
  const card = readFileSync(path.join(__dirname, '..', '..', 'models', 'eform-v2.card.md'), 'utf8');
  assert.match(card, /^- sizes of the bimetallic rows by kind of core: bare 147 atoms to the bulk; ligand-protected 24–279 atoms; supported 2 atoms$/m);
});

/**
 * The site model's own clear-cut training slabs (BCSeg, bare, ΔE = −mean Eseg over four facets): Au in Pd +0.49 eV,
 * Ag in Pd +0.46 eV and Pt in Ir +0.88 eV go to the surface, and every segregation rule agrees (the dopant is larger,
 * with the lower surface and cohesive energies). The model shipped before fitted a free intercept (−0.22 to −0.38 eV)
 * that sent Au in Pd146 to the core (−0.22 eV), Ag in Pd and Pt in Ir just below zero. Ag in Au and Au in Cu have only
 * ligated slabs, within 0.25 eV of zero (Ag in Au in the core under R-S, R-NH and R-NH2, against the surface- and cohesive-energy rules; Au in
 * Cu of either sign): no clear-cut call to test (docs/models.md lists the clear-cut rows the model misses).
 */
test("the site model puts its own clear-cut bare training pairs on their side: Au and Ag in Pd and Pt in Ir at the surface", async () => {
  const cases: Array<[string, string[], 'core' | 'surface']> = [
    ['AuInPd', ['host Pd 146', 'dopant Au 1', 'topology icosahedron'], 'surface'],
    ['AgInPd', ['host Pd 146', 'dopant Ag 1', 'topology icosahedron'], 'surface'],
    ['PtInIr', ['host Ir 146', 'dopant Pt 1', 'topology icosahedron'], 'surface'],
  ];
  const records = await score(cases.map(([name, lines]) => recipe(name, lines)).join(''));
  const wrong: string[] = [];
  for (const [name, , expected] of cases) {
    const site = records.get(name)?.site;
    assert.ok(site, `${name}: a site prediction`);
    const predicted = site.deltaE < 0 ? 'core' : 'surface';
    if (predicted !== expected || (site.preferred !== expected && site.preferred !== 'undetermined')) {
      wrong.push(`${name}: ΔE ${site.deltaE}, preferred ${site.preferred}, training slab ${expected}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('at a fixed composition E_form falls with N by ever smaller steps from 2 atoms on, across the small-size bins, their boundary at 13 atoms and the groups of far and new pairs; host and dopant written the other way round give the same numbers', async () => {
  // The size laws are eBulk + a·N^(−1/3) + b·N^(−2/3) with a, b ≥ 0, and the mixing term depends on the
  // composition alone: a calibration group that lent another mixing coefficient would show as a step.
  const pairs = [['Au', 'Pd'], ['Ti', 'Pt'], ['Au', 'La'], ['Pd', 'Zn'], ['Cu', 'Ni'], ['Hf', 'Hg']];
  const halves = Array.from({ length: 20 }, (_, i) => i + 1);
  const text = pairs
    .flatMap(([a, b]) => halves.flatMap((k) => [recipe(`${a}${b}_${k}`, [`host ${a} ${k}`, `dopant ${b} ${k}`]), recipe(`${b}${a}_${k}`, [`host ${b} ${k}`, `dopant ${a} ${k}`])]))
    .join('');
  const records = await score(text);
  for (const [a, b] of pairs) {
    const energies = halves.map((k) => eForm(records, `${a}${b}_${k}`));
    for (let i = 1; i < energies.length; i++) {
      const step = energies[i] - energies[i - 1];
      assert.ok(step < 0, `${a}${b}: E(N = ${2 * halves[i]}) = ${energies[i]} is not below E(${2 * halves[i - 1]}) = ${energies[i - 1]}`);
      if (i > 1) assert.ok(-step <= energies[i - 2] - energies[i - 1] + 1e-5, `${a}${b}: the step to N = ${2 * halves[i]} (${step}) is larger than the one before it`);
    }
    for (const k of halves) {
      const [p, q] = [records.get(`${a}${b}_${k}`)!.prediction!, records.get(`${b}${a}_${k}`)!.prediction!];
      assert.deepEqual([q.eForm, q.lower, q.upper, q.inDomain], [p.eForm, p.lower, p.upper, p.inDomain], `${a}${k}${b}${k} written as ${b}${k}${a}${k}`);
    }
  }
});

test("E_form of a stated site steps across the majority boundary about as site mixed does, the cheaper site staying the same: a majority dopant's site is priced with the roles swapped", async () => {
  // Au74Pd73 → Au73Pd74: one atom more makes Pd the majority. Unpriced, its stated site cost nothing there, so
  // Au74Pt73 `site surface` (0.267 eV/atom for Pt off the core it prefers) stepped by −0.280 eV/atom where
  // `site mixed` steps by −0.013. Au–Zr is left out: the site model's two calls disagree there (Zr in Au −1.64 eV,
  // Au in Zr −0.06 eV, within [−1.21, 1.10]), both far outside its domain, so no pricing of either closes its step.
  const cases = [55, 147].flatMap((n) => [['Au', 'Pd'], ['Au', 'Pt'], ['Cu', 'Au']].map(([a, b]) => ({ n, a, b })));
  const name = (a: string, na: number, b: string, nb: number, site: string) => `${a}${na}${b}${nb}_${site}`;
  const text = cases
    .flatMap(({ n, a, b }) => {
      const [many, few] = [Math.ceil(n / 2), Math.floor(n / 2)];
      return ['core', 'surface', 'mixed'].flatMap((site) => [
        recipe(name(a, many, b, few, site), [`host ${a} ${many}`, `dopant ${b} ${few}`, 'topology icosahedron', `site ${site}`]),
        recipe(name(a, few, b, many, site), [`host ${a} ${few}`, `dopant ${b} ${many}`, 'topology icosahedron', `site ${site}`]),
      ]);
    })
    .join('');
  const records = await score(text);
  for (const { n, a, b } of cases) {
    const [many, few] = [Math.ceil(n / 2), Math.floor(n / 2)];
    const minority = (site: string) => eForm(records, name(a, many, b, few, site));
    const majority = (site: string) => eForm(records, name(a, few, b, many, site));
    const mixedStep = majority('mixed') - minority('mixed');
    for (const site of ['core', 'surface']) {
      const label = `${a}${many}${b}${few} → ${a}${few}${b}${many} site ${site}`;
      const step = majority(site) - minority(site);
      assert.ok(Math.abs(step - mixedStep) < 0.05, `${label}: E_form steps by ${step.toFixed(3)} eV/atom, site mixed by ${mixedStep.toFixed(3)}`);
      const r = records.get(name(a, few, b, many, site))!;
      assert.ok(r.prediction!.upper !== null && Number.isFinite(r.prediction!.upper), `${label}: the majority dopant's interval is bounded above`);
      assert.ok(!r.diagnostics.some((d) => d.code === 'BM405'), `${label}: ${JSON.stringify(r.diagnostics)}`);
    }
    // Au goes to the surface of Pd, Pt and Cu, on either side of the boundary: the cheaper stated site does not flip.
    const cheaper = (e: (site: string) => number) => Math.sign(e('core') - e('surface'));
    assert.equal(cheaper(majority), cheaper(minority), `${a}–${b} at ${n}: core − surface ${minority('core') - minority('surface')} then ${majority('core') - majority('surface')}`);
    assert.notEqual(cheaper(minority), 0, `${a}–${b} at ${n}: one of the two sites must cost something`);
  }
});
