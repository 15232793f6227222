import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanDialString, nationalForm, samePhoneNumber, toE164 } from '../../src/phone/phone-number.ts';

test('numbers as carriers send them and users type them become E.164', () => {
  for (const raw of ['13800138000', '+8613800138000', '8613800138000', '008613800138000', '+86 138 0013 8000', '(+86) 138-0013-8000']) {
    assert.equal(toE164(raw), '+8613800138000', raw);
  }
  assert.equal(toE164('010-1234 5678'), '+861012345678');
  assert.equal(toE164('01012345678'), '+861012345678');
  assert.equal(toE164('075512345678'), '+8675512345678');
  assert.equal(toE164('+14155550100'), '+14155550100');
  for (const notANumber of ['anonymous', 'Restricted', '', 'alice', '12']) assert.equal(toE164(notANumber), undefined, notANumber);
});

test('the national form Chinese carriers dial: mobiles bare, landlines with the trunk 0, other countries E.164', () => {
  assert.equal(nationalForm('+8613800138000'), '13800138000');
  assert.equal(nationalForm('+861012345678'), '01012345678');
  assert.equal(nationalForm('+8657112345678'), '057112345678');
  assert.equal(nationalForm('+14155550100'), '+14155550100');
});

test('one number in any of its forms is the same number; different numbers and non-numbers are not', () => {
  assert.ok(samePhoneNumber('13800138000', '+86 138 0013 8000'));
  assert.ok(samePhoneNumber('01012345678', '+861012345678'));
  assert.ok(!samePhoneNumber('13800138000', '13800138001'));
  assert.ok(!samePhoneNumber('alice', 'alice'));
  assert.equal(cleanDialString('0086 (10) 1234-5678'), '+861012345678');
});
