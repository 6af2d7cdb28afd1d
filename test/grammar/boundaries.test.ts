import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

/** The grammar runs in the CLI, the language server and the web worker: it must not depend on an editor. */
const grammarDir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'grammar', 'src');

test('grammar/ imports neither vscode nor any language-server package', () => {
  const files = readdirSync(grammarDir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 5);
  for (const file of files) {
    const source = readFileSync(path.join(grammarDir, file), 'utf8');
    const imports = [...source.matchAll(/from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|require\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    for (const specifier of imports) {
      assert.doesNotMatch(specifier, /^(vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)(\/|$)/, `${file} imports ${specifier}`);
      assert.ok(specifier.startsWith('.') || specifier === 'chevrotain', `${file} imports ${specifier}; the grammar depends on chevrotain and the engine's plain modules only`);
    }
  }
});
