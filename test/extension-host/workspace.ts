/**
 * The workspace folder the extension-host suites run in: its files, written by the runners
 * (runWeb.ts, runElectron.ts) before VS Code starts, and what the suites need to reach them.
 * Shared by the runners (Node) and the suites (extension host): no `vscode` import here.
 */

/** Files of the test workspace, by path relative to the folder. */
export const WORKSPACE_FILES: Record<string, string> = {
  'gold.bimetal': `# The paper's synthesised Au4Ru2 cluster
recipe Au4Ru2_PET_PPh3 {
  host     Au 4
  dopant   Ru 2
  topology octahedron
  site     surface
  ligands  PET x 8, PPh3 x 2
}

# A thiolate shell on a 24-atom core, as the published Au24Pd(SR)18
recipe Au24Pd_SCH3 {
  host     Au 24
  dopant   Pd 1
  ligands  SCH3 x 18
}
`,
  'broken.bimetal': `recipe Unknown_dopant {
  host     Au 12
  dopant   Xx 1
  topology icosahedron
}
`,
  // Never opened by the suites: its error must still reach the Problems panel.
  'closed/unopened.bimetal': `recipe Never_opened {
  host     Pt 12
  dopant   Qq 1
}
`,
  'fix.bimetal': `recipe Misspelt {
  host     Au 24
  dopant   Ua 1
}
`,
  'complete.bimetal': `recipe Half_typed {
  host     Au 12
  dopant   
}
`,
};

/**
 * What the runner tells the suites, written to this path in the workspace (the web extension host
 * has no environment variables to read).
 */
export const DRIVER_FILE = '.bimetal-test/driver.json';

export interface DriverOptions {
  /** The runner takes screenshots on request (only the web runner drives a browser). */
  screenshots: boolean;
  /** Runs only the tests whose full title matches (Mocha's grep), e.g. while debugging one. */
  grep?: string;
}

/** A suite asks for a screenshot by logging this prefix and the shot's name... */
export const SCREENSHOT_REQUEST = '[bimetal-test] screenshot ';
/**
 * ...and keeps the view still this long while the runner takes it. There is no way back from the
 * runner to the extension host: the web workbench's file system caches what it read of the
 * workspace, so a file the runner writes is not seen. A shot takes well under a second.
 */
export const SCREENSHOT_HOLD_MS = 2_500;
