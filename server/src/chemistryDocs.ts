/**
 * Markdown describing elements and ligands, shared by hover and completion documentation.
 */
import { getElement } from '../../engine/src/elements';
import { builtinLigand, isLigandError, loadChemistry, type BoundForm, type DescribeLigandOptions } from '../../engine/src/ligands';
import { num } from '../../report/src/numbers';

/** One line for completion lists: `χ 2.54 · r 1.44 Å`. */
export function elementSummary(symbol: string): string | undefined {
  const e = getElement(symbol);
  if (!e) return undefined;
  return `${e.name} · χ ${num(e.pauling)} · r ${num(e.metallicRadius)} Å`;
}

export function elementMarkdown(symbol: string): string | undefined {
  const e = getElement(symbol);
  if (!e) return undefined;
  const rows: [string, string][] = [
    ['atomic number', String(e.z)],
    ['Pauling electronegativity χ', num(e.pauling)],
    ['metallic radius (CN 12)', e.metallicRadius === null ? '—' : `${num(e.metallicRadius, 3)} Å`],
    ['atomic weight', `${num(e.atomicWeight, 3)} g/mol`],
    ['valence electrons', e.valenceElectrons === null ? '—' : String(e.valenceElectrons)],
    ['d electrons', e.dElectrons === null ? '—' : String(e.dElectrons)],
    ['group · period · block', `${e.group ?? '—'} · ${e.period} · ${e.block}`],
    ['cohesive energy', e.cohesiveEnergy === null ? '—' : `${num(e.cohesiveEnergy)} eV/atom`],
  ];
  return [`**${e.symbol}** — ${e.name}`, '', '| property | value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

export interface LigandQuery {
  name?: string;
  smiles: string;
  options?: DescribeLigandOptions;
  /** Where the definition came from, e.g. "declared on line 3" or "built-in library". */
  origin: string;
  count?: number;
}

/** Runs RDKit through the process-wide toolkit the pipeline already loaded. */
export async function ligandMarkdown(query: LigandQuery): Promise<string> {
  const title = query.name ? `**${query.name}**${query.count !== undefined ? ` × ${query.count}` : ''}` : '**inline ligand**';
  const builtin = query.name ? builtinLigand(query.name) : undefined;
  const lines = [`${title} — ${query.origin}${builtin && query.origin.includes('built-in') ? `: ${builtin.description}` : ''}`, ''];
  let chemistry;
  try {
    chemistry = await loadChemistry();
  } catch (error) {
    return [...lines, `\`${query.smiles}\``, '', `Chemistry toolkit unavailable: ${error instanceof Error ? error.message : String(error)}`].join('\n');
  }
  const described = chemistry.describeLigand(query.smiles, query.options);
  if (isLigandError(described)) return [...lines, `\`${query.smiles}\``, '', `Invalid ligand: ${described.error}`].join('\n');
  const rows: [string, string][] = [
    ['SMILES (canonical)', `\`${described.canonicalSmiles}\``],
    // The SMILES is often the protonated parent (a thiol for a thiolate), so the formula and mass
    // say that they are the molecule's, and the bound form (less the H its binding atoms give up) follows.
    ['formula (molecule as written)', described.formula],
    ['mass (molecule as written)', `${num(described.mass)} g/mol`],
    ['bound form', boundFormText(described.bound)],
    ['logP', `${num(described.logP.value)} (${described.logP.method})`],
    ['binding atoms', `${described.bindingAtoms.join(', ') || 'none found'} (${described.bindingSource})`],
    ['class', described.ligandClass],
  ];
  return [...lines, '| property | value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)].join('\n');
}

/** `C8H9S- · 137.23 g/mol` and where it comes from, or that the ligand binds as written. */
function boundFormText(bound: BoundForm): string {
  if (bound.hydrogensRemoved === 0) return 'as written (no binding atom gives up an H)';
  const hydrogens = bound.hydrogensRemoved === 1 ? 'the H of its binding atom' : `the H of each of its ${bound.hydrogensRemoved} binding atoms`;
  // Not its SMILES: RDKit's JSON reader, through which it is made, drops E/Z double-bond stereo.
  return `${bound.formula} · ${num(bound.mass)} g/mol (the molecule less ${hydrogens})`;
}
