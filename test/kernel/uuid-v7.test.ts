import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uuidV7 } from '../../src/kernel/uuid-v7.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are UUIDv7 carrying the millisecond', () => {
  const id = uuidV7(Date.UTC(2030, 0, 1));
  assert.match(id, UUID_V7);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), Date.UTC(2030, 0, 1));
});

test('ids sort in creation order, also within one millisecond, past the counter and after a clock step back', () => {
  const base = Date.UTC(2031, 0, 1);
  const ids: string[] = [];
  for (let i = 0; i < 5000; i += 1) ids.push(uuidV7(base));
  ids.push(uuidV7(base - 10));
  ids.push(uuidV7(base + 100));
  for (const id of ids) assert.match(id, UUID_V7);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});

test.todo('every module error is a CodedError — CapsError, FlowError, PolicyError and others still have their own base');
test.todo('fraud/destination-rules.ts and events/viewer.ts clean phone numbers themselves — fold them into phone/phone-number.ts');
