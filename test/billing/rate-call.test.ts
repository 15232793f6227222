import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BillingError } from '../../src/billing/billing-error.ts';
import { rateCall } from '../../src/billing/rate-call.ts';

const perSix = { billingUnitSeconds: 6 as const, rates: { inbound_forward_mobile: 15, free: 0 } };
const perMinute = { billingUnitSeconds: 60 as const, rates: { inbound_forward_mobile: 150, inbound_agent: 100 } };

test('no talk time costs nothing', () => {
  assert.deepEqual(rateCall({ talkSeconds: 0, plan: perSix, callType: 'inbound_forward_mobile' }), { units: 0, chargeLi: 0 });
  assert.deepEqual(rateCall({ talkSeconds: 0, plan: perMinute, callType: 'inbound_agent' }), { units: 0, chargeLi: 0 });
});

test('every second from 0 to 3 hours rounds up to whole units, both unit sizes', () => {
  for (let s = 0; s <= 3 * 3600; s += 1) {
    const six = rateCall({ talkSeconds: s, plan: perSix, callType: 'inbound_forward_mobile' });
    const expectedSix = s === 0 ? 0 : Math.floor((s - 1) / 6) + 1;
    assert.equal(six.units, expectedSix, `${s}s per 6s`);
    assert.equal(six.chargeLi, expectedSix * 15);
    const minute = rateCall({ talkSeconds: s, plan: perMinute, callType: 'inbound_agent' });
    const expectedMinute = s === 0 ? 0 : Math.floor((s - 1) / 60) + 1;
    assert.equal(minute.units, expectedMinute, `${s}s per 60s`);
    assert.equal(minute.chargeLi, expectedMinute * 100);
  }
});

test('unit edges: 1 s is one unit, a full unit is one, one more second is two', () => {
  const r = (talkSeconds: number) => rateCall({ talkSeconds, plan: perMinute, callType: 'inbound_forward_mobile' });
  assert.deepEqual(r(1), { units: 1, chargeLi: 150 });
  assert.deepEqual(r(60), { units: 1, chargeLi: 150 });
  assert.deepEqual(r(61), { units: 2, chargeLi: 300 });
  assert.deepEqual(r(0.001), { units: 1, chargeLi: 150 });
  assert.deepEqual(r(60.5), { units: 2, chargeLi: 300 });
});

test('a zero rate gives units but no charge', () => {
  assert.deepEqual(rateCall({ talkSeconds: 13, plan: perSix, callType: 'free' }), { units: 3, chargeLi: 0 });
});

test('results are integers', () => {
  const { units, chargeLi } = rateCall({ talkSeconds: 12345.678, plan: perSix, callType: 'inbound_forward_mobile' });
  assert.ok(Number.isInteger(units) && Number.isInteger(chargeLi));
});

test('an unpriced call type is a coded error, also for inherited names', () => {
  for (const callType of ['outbound_mobile', 'toString', '__proto__', 'constructor']) {
    assert.throws(() => rateCall({ talkSeconds: 10, plan: perSix, callType }), (e: unknown) => e instanceof BillingError && e.code === 'RATE_MISSING');
  }
});

test('negative, NaN and infinite talk time are refused', () => {
  for (const talkSeconds of [-1, -0.001, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => rateCall({ talkSeconds, plan: perSix, callType: 'free' }), (e: unknown) => e instanceof BillingError && e.code === 'INVALID_AMOUNT');
  }
});

test('a charge beyond 2^53 li is refused rather than rounded', () => {
  const plan = { billingUnitSeconds: 6 as const, rates: { x: Number.MAX_SAFE_INTEGER } };
  assert.throws(() => rateCall({ talkSeconds: 12, plan, callType: 'x' }), (e: unknown) => e instanceof BillingError && e.code === 'INVALID_AMOUNT');
});
