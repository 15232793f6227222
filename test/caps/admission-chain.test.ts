import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admissionChain } from '../../src/caps/admission-chain.ts';
import type { CallRefusal } from '../../src/calls/ports.ts';

const NO_BALANCE: CallRefusal = { status: 403, reason: 'Insufficient Balance', outcome: 'no_balance' };
const OVER_CAP: CallRefusal = { status: 403, reason: 'Monthly Cap Reached', outcome: 'over_cap' };

test('every check must pass; the first refusal wins and later checks are not asked (so they count nothing)', async () => {
  const asked: string[] = [];
  const check = (name: string, refusal?: CallRefusal) => async (t: string, n: string) => {
    asked.push(`${name}:${t}:${n}`);
    return refusal;
  };
  assert.equal(await admissionChain(check('prepaid'), check('caps'))('t1', '400'), undefined);
  assert.deepEqual(asked, ['prepaid:t1:400', 'caps:t1:400']);
  asked.length = 0;
  assert.deepEqual(await admissionChain(check('prepaid', NO_BALANCE), check('caps', OVER_CAP))('t1', '400'), NO_BALANCE);
  assert.deepEqual(asked, ['prepaid:t1:400']);
  assert.deepEqual(await admissionChain(check('prepaid'), check('caps', OVER_CAP))('t1', '400'), OVER_CAP);
  assert.equal(await admissionChain()('t1', '400'), undefined);
});
