import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver-protocol';
import { errorText } from '../../client/src/errorText';

test('server errors keep their JSON-RPC code; other errors their message', () => {
  assert.equal(errorText(new ResponseError(-32603, 'Request bimetal/scoreWorkspace failed with message: model missing')), 'Request bimetal/scoreWorkspace failed with message: model missing (code -32603)');
  assert.equal(errorText(new Error('disk full')), 'disk full');
  assert.equal(errorText('plain'), 'plain');
});
