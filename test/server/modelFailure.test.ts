/**
 * The server survives a missing or corrupt model: descriptors still appear in hover, and one
 * clear diagnostic says why predictions are missing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { writeLinearModels } from '../pipeline/modelFixture';
import { parseCursors, startTestServer } from './lspHarness';

const { text, cursors } = parseCursors(`recipe <|>Au12Ag {
  host     Au 12
  dopant   Ag 1
  ligands  PET x 18
}
recipe Au4Pd2 {
  host     Au 4
  dopant   Pd 2
}
`);

async function checkDegraded(modelDir: string): Promise<void> {
  const server = await startTestServer({ initializationOptions: { modelDir } });
  try {
    const uri = 'file:///workspace/degraded.bimetal';
    await server.open(uri, text);
    const diagnostics = await server.waitFor(uri, 1, 'scored');
    const modelDiagnostics = diagnostics.filter((d) => String(d.code).startsWith('BM4') && /eform-v2/.test(d.message));
    assert.equal(modelDiagnostics.length, 1, `one model diagnostic expected, got ${JSON.stringify(diagnostics, null, 1)}`);
    const hover = await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: cursors[0] });
    const card = (hover.contents as { value: string }).value;
    assert.match(card, /E_form: no prediction/);
    assert.match(card, /\| H_mix \| −6\.0 \| kJ\/mol \|/);
    assert.match(card, /logP\(PET\)/);
  } finally {
    await server.stop();
  }
}

describe('degraded models', () => {
  test('a missing model folder: descriptors in hover, one diagnostic', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'bimetal-no-models-'));
    try {
      await checkDegraded(empty);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('a corrupt model file: descriptors in hover, one diagnostic', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-bad-models-'));
    try {
      writeLinearModels(dir);
      writeFileSync(path.join(dir, 'eform-v2.onnx'), 'this is not an ONNX model');
      await checkDegraded(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Truncated or corrupt files of every kind the model folder holds, the calibration (conformal) file included.
  const damaged: Array<[string, string, (text: string) => string]> = [
    ['a truncated ONNX file', 'eform-v2.onnx', (t) => t.slice(0, Math.floor(t.length / 3))],
    ['a corrupt model card', 'eform-v2.card.json', () => '{"featureSchema": '],
    ['a truncated calibration (conformal) file', 'eform-v2.conformal.json', (t) => t.slice(0, Math.floor(t.length / 2))],
    ['a calibration file of the wrong shape', 'eform-v2.conformal.json', () => JSON.stringify({ residuals: 'not a list', groupBy: 7 })],
    ['a calibration file with non-finite residuals', 'eform-v2.conformal.json', (t) => t.replace(/-?\d+\.\d+/, '1e999')],
    ['a truncated energy terms file', 'eform-v2.terms.json', (t) => t.slice(0, Math.floor(t.length / 2))],
  ];
  for (const [what, file, damage] of damaged) {
    test(`${what}: descriptors in hover, one diagnostic`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-damaged-models-'));
      try {
        writeLinearModels(dir);
        const target = path.join(dir, file);
        writeFileSync(target, damage(readFileSync(target, 'latin1')), 'latin1');
        await checkDegraded(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
