import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idFromName, processIdFromName } from '../src/readable-ids.js';

test('element ids follow names in lower camel case', () => {
  assert.equal(idFromName('Review leave request'), 'reviewLeaveRequest');
  assert.equal(idFromName('Post to ERP'), 'postToERP');
  assert.equal(idFromName('Prüfen & freigeben'), 'prufenFreigeben');
  assert.equal(idFromName('2nd approval'), 'step2ndApproval');
  assert.equal(idFromName('  '), null);
});

test('process ids follow names in kebab case, as the files in processes/', () => {
  assert.equal(processIdFromName('Leave request'), 'leave-request');
  assert.equal(processIdFromName('Invoice approval (EU)'), 'invoice-approval-eu');
  assert.equal(processIdFromName('42'), null);
});
