import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalForFailure, worstFailure } from '../../src/calls/call-outcome.ts';

test('each way a bound phone fails maps to the right final response and outcome', () => {
  assert.deepEqual(finalForFailure({ kind: 'response', status: 486, reason: 'Busy Here' }), { status: 486, reason: 'Busy Here', outcome: 'busy' });
  assert.deepEqual(finalForFailure({ kind: 'response', status: 600, reason: 'Busy Everywhere' }).outcome, 'busy');
  assert.deepEqual(finalForFailure({ kind: 'ring-timeout' }), { status: 480, reason: 'No Answer', outcome: 'no_answer' });
  assert.equal(finalForFailure({ kind: 'unreachable', detail: 'Timer B' }).outcome, 'failed');
  assert.equal(finalForFailure({ kind: 'response', status: 603, reason: 'Decline' }).status, 603);
  assert.equal(finalForFailure({ kind: 'response', status: 503, reason: 'x' }).status, 480);
});

test('with several phones tried, busy beats no answer beats failure', () => {
  assert.equal(worstFailure([{ kind: 'ring-timeout' }, { kind: 'response', status: 486, reason: '' }, { kind: 'unreachable', detail: '' }]).outcome, 'busy');
  assert.equal(worstFailure([{ kind: 'unreachable', detail: '' }, { kind: 'ring-timeout' }]).outcome, 'no_answer');
  assert.equal(worstFailure([]).outcome, 'failed');
});
