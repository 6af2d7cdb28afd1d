/**
 * V8 flags of the Node processes that score (the command line and the language server), set when
 * their entry points import this module first, before they allocate or compile anything.
 * V8 flags hold for the whole process, the inference worker's thread included. A flag given on
 * the node command line (e.g. `node --wasm-tiering-budget=1800000 dist/server.js`, V8's own
 * default) is left as given, so a run can be compared with V8's defaults.
 *
 * `--no-allocation-site-pretenuring`: when V8 sees most objects of an allocation site survive a
 * young-generation collection, it allocates that site's later objects straight into the old
 * generation. Scoring builds each member from parts made just before (a record holds the
 * prediction computed for it), so such an old object points to young ones, and once garbage itself
 * it still keeps them alive through every young-generation collection until the next full one:
 * each chunk's members were copied and promoted in turn. Which sites V8 pretenures varies from run
 * to run. On the 98,600-member sweep (`bimetal score --format csv`, `--trace-gc-nvp`, six runs
 * each) three of six runs paid 1.04–1.12 s of scavenge pauses against 0.36–0.39 s for the others;
 * with pretenuring off, six of six took 0.38–0.50 s, and the peak memory stayed at 267–272 MB
 * instead of 270 or 390–415 MB. In the language server, a warm open of the 10,000-recipe mixed file
 * took 1,823–1,906 ms against 1,897–2,003 ms (four runs each, on the code and the machine of the
 * day the flag was set).
 *
 * `--wasm-tiering-budget` four times V8's 1,800,000: a WebAssembly function is recompiled by the
 * optimising compiler once it has run about that many bytes of code. RDKit's and onnxruntime's
 * functions that pass V8's budget while a large file is scored were recompiled on V8's background
 * threads, which on two cores compete with scoring itself; with four times the budget, fewer are,
 * and the ones that run most still are. A warm open of the 10,000-recipe mixed file in the
 * language server took 986–1,044 ms against 1,047–1,203 ms (six alternating runs each), and in
 * `npm run bench -- server`, which compares the two in each run, 1,071 ms and 1,800 ms of CPU
 * against 1,211 ms and 2,070 ms (medians of three alternating runs). Opening 1,000 recipes with
 * 1,000 distinct ligand SMILES took 1,920–2,008 ms against 1,922–1,964 ms (four each), and
 * `bimetal score` of the 98,600-member sweep 2.17–2.26 s against 2.20–2.25 s (four each): onnxruntime's
 * kernels run longer before they are optimised, and about as much compiling is saved.
 *
 * `--max-inlined-bytecode-size-cumulative=460`, half of V8's 920: caps the bytecode the optimising
 * compiler inlines into one function (small functions are inlined whatever the cap). Each function it optimises is compiled on V8's background
 * threads, at a cost that grows with what it inlines, and on two cores that competes with scoring
 * while a large file is opened. With the WebAssembly budget above, a warm open of the mixed file
 * took 903–1,003 ms against 968–1,062 ms, and 905–1,021 ms against 988–1,069 ms (two comparisons of
 * six alternating fresh servers each; 300 was no better than 460), a second such file 538–681 ms
 * against 643–735 ms; the 98,600-member sweep's CSV 2.20–2.25 s against 2.23–2.42 s (four each).
 *
 * `--wasm-lazy-validation`: V8 compiles a WebAssembly function when it is first called, but
 * validates every function of a module when the module is compiled: onnxruntime's 14 MB and
 * RDKit's 7 MB, of which a run calls a small part. The flag validates each function as it is
 * compiled instead (both modules ship with the program, built by their projects' toolchains). A
 * one-recipe `bimetal score` took 440 against 480 ms, and one with a ligand shell (RDKit too) 710
 * against 725 ms (medians of 15 and 10 alternating runs).
 */
import { setFlagsFromString } from 'node:v8';

const FLAGS: ReadonlyArray<{ name: string; value: string }> = [
  { name: 'allocation-site-pretenuring', value: '--no-allocation-site-pretenuring' },
  // Four times V8's 1,800,000 (`node --v8-options`).
  { name: 'wasm-tiering-budget', value: '--wasm-tiering-budget=7200000' },
  { name: 'max-inlined-bytecode-size-cumulative', value: '--max-inlined-bytecode-size-cumulative=460' },
  { name: 'wasm-lazy-validation', value: '--wasm-lazy-validation' },
];

/** Whether the node command line sets the flag `name` itself (`--name`, `--no-name`, `--noname`, `--name=…`, any `-` written `_` as V8 allows). */
function givenOnCommandLine(name: string): boolean {
  return process.execArgv.some((arg) => {
    const flag = arg.split('=')[0].replaceAll('_', '-');
    return flag === `--${name}` || flag === `--no-${name}` || flag === `--no${name}`;
  });
}

for (const { name, value } of FLAGS) if (!givenOnCommandLine(name)) setFlagsFromString(value);
