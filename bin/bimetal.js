#!/usr/bin/env node
// Entry for `npx bimetal`: runs the bundled command line (build it first with `npm run build`).
require('../dist/cli.js');
