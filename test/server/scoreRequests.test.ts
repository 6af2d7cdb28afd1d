/** The results requests' members: an open document's scored members are handed on as they are, their records left to be built by whoever reads them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationToken } from 'vscode-languageserver';
import type { ScoredMember } from '../../pipeline/src/index';
import type { DocumentScores } from '../../server/src/documentModel';
import { scoreWorkspace } from '../../server/src/scoreRequests';
import { unreadRecord } from '../helpers/unreadRecord';

test('scoreWorkspace gives an open document its scored members in file order without reading their records', async () => {
  const member = (name: string) => unreadRecord({ spec: { name } } as unknown as ScoredMember);
  const [a1, a2, b1] = [member('A[1]'), member('A[2]'), member('B')];
  // As the document model makes them: its members in file order.
  const scores = { members: [a1, a2, b1] } as unknown as DocumentScores;
  const members = await scoreWorkspace({
    uris: ['file:///open.bimetal'],
    open: () => Promise.resolve(scores),
    files: undefined,
    scorer: () => assert.fail('an open document is not scored again'),
    fileAccess: { allowedRoots: [], rootsFrom: 'workspace', trusted: true },
    token: CancellationToken.None,
  });
  assert.deepEqual(members, [a1, a2, b1]);
});
