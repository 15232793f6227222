import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCaller } from '../../src/phone/caller-info.ts';
import { describeCallerRemembered } from '../../src/phone/remembered-caller-info.ts';

test('a caller is described once and remembered, with the same answer as a fresh description', async () => {
  const first = await describeCallerRemembered('0755 8888 1234');
  assert.equal(await describeCallerRemembered('0755 8888 1234'), first, 'the second call gets the remembered description');
  assert.deepEqual(first, await describeCaller('0755 8888 1234'));
  assert.equal(first.areaCode, '0755');
  assert.notEqual(await describeCallerRemembered('13800138000'), first);
});
