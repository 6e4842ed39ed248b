import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeDiff } from '../src/deploy-diff.js';

test('lists every change of a diff against a deployed version', () => {
  const described = describeDiff({
    processKey: 'review',
    from: { version: 3, label: 'version 3' },
    to: { version: null, label: 'the file review.bpmn20.xml' },
    counts: { added: 1, removed: 0, changed: 1, rerouted: 0 },
    changes: [
      { kind: 'added', summary: "Added boundaryEvent (timer) 'Review late' (reviewLate) on review" },
      { kind: 'changed', summary: "Changed userTask 'Review' (review): candidateGroups 'a' → 'b'" }
    ]
  });
  assert.equal(described.heading, 'Against the deployed version 3 of review: 1 added, 1 changed.');
  assert.deepEqual(described.lines.map((line) => line.kind), ['added', 'changed']);
});

test('says when nothing changes or nothing is deployed', () => {
  const unchanged = describeDiff({ processKey: 'review', from: { version: 3, label: 'version 3' }, changes: [], counts: {} });
  assert.match(unchanged.heading, /No change against the deployed version 3/);
  const first = describeDiff({ processKey: 'review', from: { version: null, label: 'nothing deployed' }, changes: [], counts: {} });
  assert.match(first.heading, /not deployed yet/);
});
