// Before the command line is compiled: V8 refuses a code cache made under other flags (v8Flags.ts).
import '../../pipeline/src/v8Flags';
import path from 'node:path';
import { compileBundle, compileCacheFolder } from './compileCache';
import { SUBCOMMANDS } from './subcommands';

/**
 * `dist/cli.js`: runs the command line (`dist/cli-main.js`, built from main.ts) from V8's code
 * cache when there is one (compileCache.ts), and leaves one for the next run of the same
 * subcommand when there was not. Anything else (a mistyped command, `--help`, none) shares one
 * cache: a cache named by each word typed left a megabyte's file per typo.
 */
const variant = SUBCOMMANDS.find((name) => name === process.argv[2]) ?? 'other';
const main = compileBundle(path.join(__dirname, 'cli-main.js'), compileCacheFolder(process.env), variant);
process.once('exit', () => main.saveCache());
main.run();
