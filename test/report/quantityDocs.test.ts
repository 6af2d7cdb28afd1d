/** docs/descriptors.md's table of reported quantities is the registry's (scripts/gen-quantity-docs.ts --check). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTypeScript } from '../helpers/runTypeScript';

test('the committed quantity table of docs/descriptors.md matches the report registry (generator --check)', () => {
  const run = runTypeScript('scripts/gen-quantity-docs.ts', ['--check']);
  assert.equal(run.status, 0, run.output);
});
