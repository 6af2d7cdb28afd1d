/**
 * The subcommands main.ts defines, known to the launcher (launch.ts) before main.ts is compiled:
 * each keeps a code cache of its own (test/cli/compileCache.test.ts checks the two agree).
 */
export const SUBCOMMANDS: readonly string[] = ['check', 'score', 'import', 'calibrate', 'suggest', 'featurize', 'lsp'];
