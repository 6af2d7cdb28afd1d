/**
 * docs/calibration.md shows the tables scripts/calibration-figures.ts measures, as they come out
 * now: its `--check` fails when a table on the page differs from a fresh run. Reads ../shared/data
 * at test time (LPNC, GPL-3.0; never copied).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sharedDataDir } from '../../scripts/gen-common';
import { runTypeScript } from '../helpers/runTypeScript';

const dataDir = sharedDataDir();
const available = existsSync(path.join(dataDir, 'lpnc-nc-database', 'AuAg_NCs'));

test('docs/calibration.md holds the calibration figures as the script measures them (--check)', { skip: !available && `${dataDir} holds no lpnc-nc-database/AuAg_NCs (BIMETAL_DATA_DIR, else ../shared/data)` }, () => {
  const run = runTypeScript('scripts/calibration-figures.ts', ['--check']);
  assert.equal(run.status, 0, run.output);
});
