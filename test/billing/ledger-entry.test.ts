import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEDGER_KINDS, ledgerAmountProblem } from '../../src/billing/ledger-entry.ts';
import type { LedgerKind } from '../../src/billing/ledger-entry.ts';

test('each kind has its sign', () => {
  const ok: Array<[LedgerKind, number]> = [
    ['top_up', 1], ['call_charge', 0], ['call_charge', -1], ['monthly_fee', -1], ['minimum_spend_true_up', -1],
    ['adjustment', 1], ['adjustment', -1],
  ];
  const bad: Array<[LedgerKind, number]> = [
    ['top_up', 0], ['top_up', -1], ['call_charge', 1], ['monthly_fee', 0], ['monthly_fee', 1],
    ['minimum_spend_true_up', 0], ['minimum_spend_true_up', 5], ['adjustment', 0],
  ];
  for (const [kind, amount] of ok) assert.equal(ledgerAmountProblem(kind, amount), undefined, `${kind} ${amount}`);
  for (const [kind, amount] of bad) assert.notEqual(ledgerAmountProblem(kind, amount), undefined, `${kind} ${amount}`);
});

test('fractions, NaN and unsafe integers are refused for every kind', () => {
  for (const kind of LEDGER_KINDS) {
    for (const amount of [0.5, -0.5, Number.NaN, 2 ** 53, -(2 ** 53), Number.POSITIVE_INFINITY]) {
      assert.notEqual(ledgerAmountProblem(kind, amount), undefined, `${kind} ${amount}`);
    }
  }
});
