import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus } from '../../src/events/event-bus.ts';
import type { CallEvent } from '../../src/calls/call-events.ts';

const created = (tenantId: string, callId: string): CallEvent => ({ type: 'call.created', tenantId, callId, direction: 'inbound', callerNumber: '+8613912345678', state: 'setup' });
const dtmf = (tenantId: string, callId: string, digit: string): CallEvent => ({ type: 'dtmf', tenantId, callId, legId: 'l1', digit, durationMs: 100, source: 'rfc4733' });

test('each tenant counts its own seq from 1; subscribers get events in order, after publish returns', async () => {
  const bus = new EventBus({ now: () => Date.parse('2026-12-07T12:00:00Z') });
  const got: string[] = [];
  bus.subscribe('t', (e) => got.push(`${e.tenant}:${e.seq}:${e.type}`));
  bus.publish(created('a', 'c1'));
  bus.publish(created('b', 'c2'));
  bus.publish(dtmf('a', 'c1', '5'));
  assert.deepEqual(got, [], 'publishing never runs a subscriber inside the caller');
  await bus.settled();
  assert.deepEqual(got, ['a:1:call.created', 'b:1:call.created', 'a:2:dtmf']);
  assert.equal(bus.lastSeq('a'), 2);
  assert.equal(bus.lastSeq('b'), 1);
});

test('a subscriber that throws is reported and the others still get every event', async () => {
  const errors: string[] = [];
  const bus = new EventBus({ now: Date.now, onError: (err, name) => errors.push(`${name}: ${(err as Error).message}`) });
  bus.subscribe('broken', () => {
    throw new Error('boom');
  });
  const got: number[] = [];
  bus.subscribe('fine', (e) => got.push(e.seq));
  bus.publish(created('a', 'c1'));
  bus.publish(dtmf('a', 'c1', '1'));
  await bus.settled();
  assert.deepEqual(got, [1, 2]);
  assert.deepEqual(errors, ['broken: boom', 'broken: boom']);
});

test('resume: what followed a seq, none when caught up, undefined past the buffer or from the future', async () => {
  const bus = new EventBus({ now: Date.now, replayPerTenant: 4 });
  for (let i = 0; i < 10; i++) bus.publish(dtmf('a', 'c1', String(i)));
  await bus.settled();
  assert.deepEqual(bus.since('a', 7)?.map((e) => e.seq), [8, 9, 10]);
  assert.deepEqual(bus.since('a', 6)?.map((e) => e.seq), [7, 8, 9, 10]);
  assert.deepEqual(bus.since('a', 10), []);
  assert.equal(bus.since('a', 5), undefined, 'seq 6 has fallen off');
  assert.equal(bus.since('a', 11), undefined, 'a seq never given out (another stream)');
  assert.deepEqual(bus.since('nobody', 0), []);
});
