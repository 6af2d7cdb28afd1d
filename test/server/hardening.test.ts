/**
 * Issue 12 in the language server: structure files only inside the workspace, nothing read in an
 * untrusted workspace (the hover says why, and a later grant of trust takes effect), diagnostics
 * capped per file, and a document over the size limit refused with one error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_DIAGNOSTICS, MAX_DOCUMENT_CHARS } from '../../grammar/src/index';
import { createScorer } from '../../pipeline/src/index';
import { DocumentModel } from '../../server/src/documentModel';
import { pathToUri } from '../../server/src/uris';
import { WORKSPACE_TRUSTED } from '../../report/src/protocol';
import { writeLinearModels } from '../pipeline/modelFixture';
import { startTestServer, type TestServer } from './lspHarness';

const recipe = (name: string, structure: string) => `recipe ${name} {\n  host Au 1\n  dopant Pt 1\n  structure "${structure}"\n}\n`;

describe('structure files in the editor', () => {
  let root: string;
  let models: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bimetal-hardening-'));
    models = path.join(root, 'models');
    writeLinearModels(models);
    const ws = path.join(root, 'ws');
    mkdirSync(path.join(ws, 'sub'), { recursive: true });
    writeFileSync(path.join(ws, 'shared.xyz'), '2\ndimer\nAu 0 0 0\nPt 0 0 2.75\n');
    writeFileSync(path.join(root, 'outside.xyz'), 'SECRET-FIRST-LINE\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  async function withServer(trusted: boolean | undefined, run: (server: TestServer, uri: string) => Promise<void>): Promise<void> {
    const ws = path.join(root, 'ws');
    const server = await startTestServer({
      initializationOptions: { modelDir: models, ...(trusted === undefined ? {} : { workspaceTrusted: trusted }) },
      workspaceFolders: [{ uri: pathToUri(ws), name: 'ws' }],
    });
    try {
      await run(server, pathToUri(path.join(ws, 'sub', 'a.bimetal')));
    } finally {
      await server.stop();
    }
  }

  const hoverText = async (server: TestServer, uri: string, line: number) =>
    ((await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: 8 } })).contents as { value: string }).value;

  test('inside the workspace folder a structure file is read; outside it, refused without a byte of it shown', async () => {
    await withServer(undefined, async (server, uri) => {
      await server.open(uri, recipe('Shared', '../shared.xyz') + recipe('Outside', '../../../outside.xyz'));
      const diagnostics = await server.waitFor(uri, 1, 'scored');
      const structure = diagnostics.filter((d) => d.code === 'BM310');
      assert.equal(structure.length, 1, JSON.stringify(diagnostics));
      assert.match(structure[0].message, /outside the recipe file's folder or the workspace folders, so it is not read; move it there, or add its folder to the workspace$/);
      assert.equal(structure[0].range.start.line, 8);
      assert.ok(!JSON.stringify(diagnostics).includes('SECRET'));
      const card = await hoverText(server, uri, 0);
      assert.match(card, /\| D \| 2\.75 \| Å \|/);
      // The card says the file was read, not only a number that a template could have given.
      assert.match(card, /_D from the structure file "\.\.\/shared\.xyz": XYZ file: 2 metal atoms_/);
    });
  });

  test('in an untrusted workspace nothing is read, the hover says why, and granting trust reads it', async () => {
    await withServer(false, async (server, uri) => {
      await server.open(uri, recipe('Shared', '../shared.xyz'));
      const diagnostics = await server.waitFor(uri, 1, 'scored');
      assert.match(diagnostics.find((d) => d.code === 'BM310')?.message ?? '', /not read: this workspace is not trusted/);
      assert.match(await hoverText(server, uri, 0), /BM310: Structure file .*not read: this workspace is not trusted/);

      const before = server.statuses().length;
      await server.connection.sendNotification(WORKSPACE_TRUSTED);
      const deadline = Date.now() + 20_000;
      while (!server.statuses().slice(before).some((s) => s.state === 'scored') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.match(await hoverText(server, uri, 0), /\| D \| 2\.75 \| Å \|/);
    });
  });

  test(`a file with thousands of errors publishes ${MAX_DIAGNOSTICS} and one summary`, async () => {
    await withServer(undefined, async (server, uri) => {
      await server.open(uri, '@ '.repeat(3000));
      const diagnostics = await server.waitFor(uri, 1, 'parsed');
      assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
      const summary = diagnostics[diagnostics.length - 1];
      assert.equal(summary.code, 'BM121');
      assert.match(summary.message, /^2,000 more diagnostics in this file are not shown \(2,000 errors\)/);
    });
  });
});

test('a document over the size limit is not parsed: one error, no recipes', async () => {
  const scorer = createScorer({ modelDir: path.join(tmpdir(), 'no-models-here') });
  const model = new DocumentModel({ maxFamilySize: () => 100, scorer: async () => scorer });
  const text = 'recipe A {\n  host Au 12\n  dopant Pt 1\n}\n'.padEnd(MAX_DOCUMENT_CHARS + 1, '#');
  const analysed = await model.analyse(TextDocument.create('file:///big.bimetal', 'bimetal', 1, text));
  assert.deepEqual(analysed.diagnostics.map((d) => d.code), ['BM120']);
  assert.match(analysed.diagnostics[0].message, /This document is 52,428,801 characters, over the 50\.0 MiB limit for a \.bimetal file, so it is not analysed/);
  assert.equal(analysed.recipes.length, 0);
  const scored = await model.score(analysed.document);
  assert.deepEqual(scored.diagnostics.map((d) => d.code), ['BM120']);
  await scorer.dispose();
});

test('while a large family is scored, the server keeps answering: completions come back before the scores', async () => {
  const server = await startTestServer();
  try {
    const uri = 'file:///families/sweep.bimetal';
    // 20,000 members: seconds of descriptors and predictions.
    await server.open(uri, 'recipe Sweep {\n  host     Au 1..200\n  dopant   Pt 1..100\n  ligands  PET x 6\n}\n');
    await server.waitFor(uri, 1, 'parsed');
    let scored = false;
    const scoring = server.waitFor(uri, 1, 'scored', 300_000).then(() => (scored = true));
    let answeredWhileScoring = 0;
    while (!scored) {
      await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 11 } });
      if (!scored) answeredWhileScoring++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await scoring;
    assert.ok(answeredWhileScoring >= 10, `only ${answeredWhileScoring} completions were answered while the family was scored`);
  } finally {
    await server.stop();
  }
});

test("a ligand's logP that no double can hold (BM234) is not shown as the ligand's override: the hover gives RDKit's Crippen logP", async () => {
  const server = await startTestServer();
  try {
    const uri = 'file:///hardening/logp.bimetal';
    await server.open(uri, 'ligand L = "CCS" logP 1e400\nrecipe A {\n  host Au 12\n  dopant Pt 1\n  ligands L x 6\n}\n');
    const diagnostics = await server.waitFor(uri, 1, 'parsed');
    assert.ok(diagnostics.some((d) => d.code === 'BM234'), JSON.stringify(diagnostics));
    const hover = await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 7 } });
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /Crippen/);
    assert.doesNotMatch(text, /recipe override/);
  } finally {
    await server.stop();
  }
});
