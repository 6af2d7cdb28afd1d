import type { Severity } from '../../engine/src/diagnostic';

/**
 * Every diagnostic code the grammar emits, with its default severity and a one-line
 * description. `docs/diagnostics.md` (grammar section) lists the same table; a test keeps the
 * two in step.
 */
export interface CodeInfo {
  code: string;
  severity: Severity;
  description: string;
}

function code(codeId: string, severity: Severity, description: string): CodeInfo {
  return { code: codeId, severity, description };
}

export const CODES = {
  // ── Syntax ─────────────────────────────────────────────────────────────────────────────
  unexpectedCharacter: code(
    'BM100',
    'error',
    'A character that cannot start any token (e.g. `@`, `$`); an invisible one is named by its code point, and a long run is quoted up to 40 characters. Characters pasted from typeset text that stand for plain ASCII are fixed by it, never removed: a typographic dash by `-`, subscript, superscript, full-width or mathematical characters by their plain form (`Au₁₂` → `Au 12`, `PPh₃` and `𝑃Ph3` → `PPh3`), and the sign of a charge written after its number moves before it (`charge 2⁻`, `charge 2−` or `charge 2-` → `charge -2`).',
  ),
  unterminatedString: code('BM101', 'error', 'A string is missing its closing `"` (strings end at the end of their line).'),
  invalidEscape: code('BM102', 'error', 'A backslash in a string that is not `\\"` or `\\\\` (write `\\\\` for a SMILES backslash).'),
  strayAtTopLevel: code('BM103', 'error', 'Text outside any declaration; a file holds only `ligand` and `recipe` declarations. A misspelt word is offered the keyword it resembles only where the rest of its line reads as what that keyword starts (`lgand 4-MBA = …`, `recpe {`, `binds S`, `logP 2.3`): `ilgands Thiol x 6` is offered nothing, as `ligand` there would still be an error; after a name alone (`recipee B`) the keyword is offered, not preferred. A keyword with its name or atom glued on (`recipeA {`, `ligandL =`, `bindsS`) is offered the two apart (`recipe A`).'),
  strayInRecipe: code('BM104', 'error', 'A token inside a recipe that belongs to no property (e.g. an extra value).'),
  misspelledDeclaration: code('BM105', 'error', 'A declaration keyword other than `recipe` / `ligand` (did-you-mean offered); a word that resembles neither and starts neither (`Au12 Pt {`; `lig` and `rec` are keywords cut short) is taken for a forgotten keyword, which the fix writes before it.'),
  missingName: code('BM106', 'error', 'A `recipe` or `ligand` without a name, or with one that is not a name: a reserved word (`site`, `ligands`, `x`, …), or a word starting with a digit (`4Au`) or with `x` before a digit (`x8`, read as the count operator), or one holding a space or characters a name cannot (`Au12 Pt`, `Au12Pt1(PET)8`, `4-MBA`): one error on all that stands before `{` or `=` on the line; the rest of the declaration is still read. Its quick fix writes the name it suggests, for a ligand also in every use written the same way.'),
  missingOpenBrace: code('BM107', 'error', 'A recipe without `{` after its name.'),
  unclosedRecipe: code('BM108', 'error', 'A recipe whose `{` is never closed by `}`.'),
  missingValue: code('BM109', 'error', 'A keyword without its value (e.g. `host` without an element, `x` without a count).'),
  unclosedList: code('BM110', 'error', 'A list `[` without its closing `]`.'),
  emptyListItem: code('BM111', 'error', 'An empty item in a list (`[Fe, , Co]`), or a leading or trailing comma (`ligands , PET`, `[Fe,]`).'),
  unfinishedRange: code('BM112', 'error', 'A range without its upper bound (`1..`).'),
  missingEquals: code('BM113', 'error', 'A ligand declaration without `= "SMILES"`.'),
  wrongValueKind: code('BM114', 'error', 'A value of the wrong kind in a slot (e.g. a string where a count belongs).'),
  missingComma: code('BM115', 'error', 'Two ligand uses on one line without the `,` between them (`ligands PET x 8 PPh3 x 2`), or two items of a list (`[Fe Co]`); both are still read.'),
  documentTooLarge: code('BM120', 'error', 'A document over the size limit (50 MiB); it is not analysed. Split it into several files. The command line refuses such a file before reading it (exit 2), and `import` a CSV table over the limit, with this code (`bimetal: big.bimetal: BM120 57.2 MiB is over the 50.0 MiB limit for a .bimetal file; split it into several files`).'),
  tooManyDiagnostics: code('BM121', 'warning', 'More diagnostics than are shown for one file (1,000); this one counts the rest, by severity.'),
  tooManySyntaxErrors: code('BM122', 'error', 'Parsing stopped: more than 10,000 syntax errors in the first megabyte (or, in the editor, so far); the rest of the file is not analysed.'),
  unreadableInput: code('BM123', 'error', 'An input the command line cannot read: a file not found, a folder, a path through a file, no permission, or any other failure to read it (`bimetal: missing.bimetal: BM123 no such file`, `bimetal: data: BM123 is a directory, not a .bimetal file`). Exit 2, after the other files are read, checked or scored; `import`\'s table, `featurize`\'s input and the file `--calibration` names likewise (`bimetal: cannot read calibration cal.json: BM123 no such file`). Only the command line gives it: the editor reads what it opened.'),
  internalError: code('BM198', 'error', 'An internal failure of the parser or validator (a bug; please report it). The editor keeps working.'),
  parserError: code('BM199', 'error', 'Any other syntax error found by the parser’s recovery.'),

  // ── Semantics ──────────────────────────────────────────────────────────────────────────
  missingMetal: code('BM201', 'error', 'A recipe without `host` or without `dopant`.'),
  unknownElement: code('BM202', 'error', 'Not an element symbol (case matters: `Au`, not `AU`); did-you-mean offered, and for a symbol with its count glued on (`host Au12`, also miscased: `AU12`) the two apart (`Au 12`).'),
  notAMetal: code('BM203', 'error', 'A host or dopant that is a non-metal or metalloid (a noble gas is said to be one; the others may appear in a ligand).'),
  sameMetal: code('BM204', 'error', 'Host and dopant are the same element.'),
  badCount: code('BM205', 'error', 'A count (atoms, ligands, shells) that is not a positive integer (a fraction is offered the whole numbers on either side, neither preferred, unless it is one of them but for a float\'s rounding), or too large to store exactly (above 2^53 − 1; also host + dopant, N_metal); `shells` beyond the largest template of its topology (templates are made up to 30,000 atoms: 20 Mackay shells).'),
  sizeMismatch: code('BM206', 'error', 'N_metal = host + dopant does not close a shell of the topology; nearest valid sizes offered; a size beyond the largest template (30,000 atoms) is told to use `topology none` or a structure file.'),
  shellsMismatch: code('BM207', 'error', '`shells N` disagrees with the atom counts, or is given for `topology none`.'),
  unknownTopology: code('BM208', 'error', 'Not a topology name; did-you-mean offered, or every topology, none preferred, where none resembles the word (`Oh`).'),
  unknownSite: code('BM209', 'error', 'Not a site (`core`, `surface`, `mixed`); did-you-mean offered, or every site, none preferred, where none resembles the word (`shell` is no misspelt `core`).'),
  coreWithoutCore: code('BM210', 'error', '`site core` with no topology that has core sites.'),
  tooManyCoreDopants: code('BM211', 'warning', 'More dopant atoms than the topology has core sites.'),
  unknownLigand: code('BM212', 'error', 'A ligand name that is neither declared nor built in; did-you-mean offered. A ligand used with its locant (`4-MBA`, `2-PET`) is read as one such name, with the built-in it resembles offered, preferred only where the locant is the built-in\'s own (`3-MBA` is no MBA, 4-mercaptobenzoic acid). Another name is the preferred fix only when it surely is the ligand meant (the same but for case, two neighbouring letters swapped, or its formula groups reordered: `Ph3P` → `PPh3`); otherwise declaring the name is, since a name merely close to it is another molecule (`DDT` is no `DMBT`). A name declared further down the file is offered as `(declared below)`, and its fix moves that declaration above the use too, as BM213\'s does, rather than leave the use before it.'),
  ligandBeforeDeclaration: code('BM213', 'error', 'A ligand used in a recipe above its declaration.'),
  shadowsBuiltin: code('BM214', 'information', 'A ligand declaration that replaces a built-in ligand of the same name.'),
  duplicateRecipe: code('BM215', 'error', 'A second recipe with the same name.'),
  duplicateProperty: code('BM216', 'error', 'A property given twice in one recipe, or `binds` / `logP` twice in one ligand declaration.'),
  implausibleDistance: code('BM217', 'warning', 'A metal–metal distance outside 1.5–10 Å; where the number would be plausible in pm, that is offered, else the message says `distance` may be left out (the distance of the structure file or the template, or from the metals\' radii, is then used).'),
  unknownProperty: code('BM218', 'error', 'Not a property name; did-you-mean offered, and for a property with its value glued on (`dopantPt`, `sitecore`, also misspelt: `dpantPt`) the two apart (`dopant Pt`). Only the properties that read every value written after the word on its line are offered (`hots Au 12`: `host`, never `note`; `lignads Cl, PET`: `ligands`, `Cl` being the name of a ligand as well as an element); where none does, those that read its first value, with a value still missing or some left over, not preferred (`hots 4`: `host`, which needs an element before the count; `lignads PET 8`: `ligands`, which needs `x` before the count).'),
  unknownUnit: code('BM219', 'error', 'A unit that is not allowed here (distance: Å, A, angstrom, pm, nm; energy: eV). A unit of another code (bohr, au; Ha, Ry, kJ/mol, kcal/mol, meV) or a metric one of another size (m, cm, mm, um or µm, fm; keV, MeV) is reported on its number too, and its fix writes the value converted (no fix where the converted value is too large or small to store); a misspelt unit is offered the one it resembles, any other word nothing.'),
  unknownSupport: code('BM220', 'error', 'Not a support kind; did-you-mean offered, or every kind, none preferred, where none resembles the word (`graphene`).'),
  familyTooLarge: code('BM221', 'error', 'A family whose expansion exceeds the size limit (not expanded).'),
  duplicateLigand: code('BM222', 'error', 'A second ligand declaration with the same name.'),
  nonIntegerCharge: code('BM223', 'error', 'A charge that is not an integer, or too large to store exactly (above 2^53 − 1).'),
  emptyFamilyList: code('BM224', 'error', 'An empty list `[]` where alternatives are expected.'),
  reversedRange: code('BM225', 'error', 'A range whose upper bound is below its lower bound (`4..1`).'),
  duplicateAlternative: code('BM226', 'warning', 'The same alternative twice in a family list, also a count that two items share (`[1..2, 2..3]`, `[2, 1..3]`): named in the message; an item wholly inside another is offered for removal.'),
  energyWithoutUnit: code('BM227', 'warning', '`energy` or `siteEnergy` without `eV`; the value is read as eV.'),
  incompleteLigand: code('BM228', 'error', 'A recipe uses a declared ligand whose declaration has no SMILES, or has an error (the recipe is then not expanded, so it gets no scores).'),
  nonFiniteLabel: code('BM229', 'error', 'An `energy` or `siteEnergy` value too large or too small to be stored as a number (`1e999` would read as infinity, `1e-400` as 0); the label is ignored.'),
  implausibleLabel: code('BM230', 'error', 'An `energy` outside −15…+5 eV per metal atom, or a `siteEnergy` outside −20…+20 eV: no cluster has it, and a unit slip (total energy, kJ/mol) is likely; the label is ignored.'),
  topologyWithStructure: code('BM231', 'warning', 'A `topology` in a recipe that gives a `structure` file: the file gives the coordinates, so the topology is not used (nor checked against the counts); quick fix removes it.'),
  repeatedLigand: code('BM232', 'warning', 'The same ligand twice in one `ligands` list: its counts add up, as if written once with the total.'),
  unsupportedMetal: code('BM233', 'error', 'A host or dopant metal without element data in Bimetal (e.g. Mg, Li, Tl, U): it would get no descriptors and no prediction; the message lists the supported metals.'),
  unrepresentableNumber: code('BM234', 'error', 'A number too large or too small to be stored as one (`1e400` would read as infinity, `1e-400` as 0), other than a label (BM229): a count, charge, distance, range end or `logP`; also a distance that becomes one in Å (`1e308 nm`, `1e-322 pm`).'),
  familiesTooLarge: code('BM235', 'error', 'A family that would take the members of the document\'s families together past the size limit (not expanded): families (recipes with a list or range) count in file order, and the limit on each family bounds their total too.'),
} as const satisfies Record<string, CodeInfo>;

export type CodeName = keyof typeof CODES;
