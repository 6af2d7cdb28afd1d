/// <reference types="mocha" />
/**
 * The language server's features as VS Code shows them: activation, diagnostics (open and closed
 * files), hover, completion and a quick fix, all through the `vscode` API.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activated, codeOf, openDocument, positionOf, screenshots, waitFor, waitForHover, workspaceUri } from '../extension';

describe('language features', function () {
  this.timeout(90_000);

  it('activates on a .bimetal file and gives it the Bimetal language', async () => {
    const editor = await openDocument('gold.bimetal');
    assert.equal(editor.document.languageId, 'bimetal');
    await activated();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('reports an unknown element in an open file', async () => {
    const { document } = await openDocument('broken.bimetal');
    const errors = await waitFor('an error about Xx', () => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error && /Xx/.test(d.message));
      return found.length ? found : undefined;
    }, 30_000, () => JSON.stringify(vscode.languages.getDiagnostics(document.uri)));
    assert.equal(errors[0].range.start.line, 2, JSON.stringify(errors));
    assert.match(codeOf(errors[0]), /^BM\d{3}$/);
  });

  it('reports the errors of a workspace file that was never opened', async () => {
    await activated();
    const uri = workspaceUri('closed/unopened.bimetal');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file is open: this test is about closed files');
    const errors = await waitFor('an error about Qq in the closed file', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => /Qq/.test(d.message));
      return found.length ? found : undefined;
    });
    assert.equal(errors[0].severity, vscode.DiagnosticSeverity.Error);
  });

  it('hovers a recipe with its formula and the predicted E_form', async () => {
    const { document } = await openDocument('gold.bimetal');
    const at = positionOf(document, 'Au4Ru2_PET_PPh3', 2);
    const text = await waitForHover(document.uri, at, /E_form/);
    assert.match(text, /Au4Ru2/);
    assert.match(text, /E_form \**[−-]?\d+\.\d+ eV\/atom/);
    assert.match(text, /90 % interval/);
    await screenshots('hover', async () => {
      const editor = await openDocument('gold.bimetal');
      editor.selection = new vscode.Selection(at, at);
      await vscode.commands.executeCommand('editor.action.showHover');
    });
  });

  it('completes a dopant with metals', async () => {
    const { document } = await openDocument('complete.bimetal');
    const at = positionOf(document, 'dopant   ', 'dopant   '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('Pt'), `no Pt among ${labels.slice(0, 40).join(', ')}`);
    assert.ok(!labels.includes('O'), 'oxygen offered as a dopant metal');
  });

  it('applies the preferred quick fix for a misspelt dopant, which clears the error', async () => {
    const { document } = await openDocument('fix.bimetal');
    const misspelt = await waitFor('the diagnostic on Ua', () => vscode.languages.getDiagnostics(document.uri).find((d) => /Ua/.test(d.message)));
    // Asked until the fix comes, as the editor asks again when the diagnostics or the cursor
    // change (and as waitForHover asks for hovers): one CI run of many got an empty first answer
    // here, under load, with no error logged, and the case could not be made again.
    let actions: vscode.CodeAction[] = [];
    const preferredEdit = await waitFor(
      'a preferred fix with an edit',
      async () => {
        actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, misspelt.range, vscode.CodeActionKind.QuickFix.value);
        return actions.find((a) => a.isPreferred)?.edit;
      },
      30_000,
      () => `actions: ${actions.map((a) => a.title).join(', ') || 'none'}`,
    );
    assert.ok(!actions.some((a) => a.title === "Change to 'Au'"), 'the host element is offered as the dopant');
    assert.ok(await vscode.workspace.applyEdit(preferredEdit));
    assert.match(document.lineAt(2).text, /^\s*dopant\s+Ga 1$/);
    await waitFor('the error to clear', () => (vscode.languages.getDiagnostics(document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error) ? undefined : true));
    // Leave the workspace as it was for the next suite.
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
