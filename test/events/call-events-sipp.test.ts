/**
 * The typed call events from a real call: SIPp caller through the trunk, SIPp phone behind it.
 * The order of what a call reports, its per-tenant seq, hold by re-INVITE, and live state.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { tenantIdOf, trunkCall } from '../support/trunk-call.ts';
import type { EventEnvelope } from '../../src/events/event-envelope.ts';
import type { CallEvent } from '../../src/calls/call-events.ts';
import type { LiveCall } from '../../src/events/live-state.ts';

describe('call events from SIPp calls', () => {
  let h: Harness;
  let seen: EventEnvelope[] = [];
  let liveAtBridge: LiveCall[] = [];

  before(async () => {
    h = await startHarness();
    h.platform.events.subscribe('test', (e) => {
      seen.push(e);
      if (e.type === 'call.bridged') liveAtBridge = h.platform.live.callsNow(e.tenant);
    });
  });
  after(async () => {
    await h?.stop();
  });

  const typesOf = (events: EventEnvelope[]) => events.map((e) => e.type);

  test('an answered call: created, ringing, answered, bridged, ended — seq rising by one', async () => {
    seen = [];
    await trunkCall(h, { kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 1500 }, { kind: 'talk', talkMs: 1000, hangup: 'caller' });
    await h.platform.events.settled();
    const tenantId = await tenantIdOf(h);
    assert.deepEqual(typesOf(seen), ['call.created', 'leg.created', 'leg.created', 'leg.ringing', 'leg.answered', 'leg.answered', 'call.bridged', 'recording.started', 'recording.stopped', 'leg.ended', 'leg.ended', 'call.ended']);
    const first = seen[0]!;
    for (const [i, e] of seen.entries()) {
      assert.equal(e.tenant, tenantId);
      assert.equal(e.data.tenantId, tenantId);
      assert.equal((e.data as CallEvent).callId, (first.data as CallEvent).callId);
      assert.equal(e.stream, h.platform.events.stream);
      assert.equal(e.seq, first.seq + i, `seq of ${e.type}`);
    }
    const [inbound, outbound] = seen.filter((e) => e.data.type === 'leg.created').map((e) => e.data) as Extract<EventEnvelope['data'], { type: 'leg.created' }>[];
    assert.deepEqual(inbound?.party, { kind: 'pstn', number: '+8613912345678' });
    assert.deepEqual(outbound?.party, { kind: 'pstn', number: '13800138000' });
    const ringing = seen.find((e) => e.type === 'leg.ringing')!.data;
    assert.deepEqual(ringing, { type: 'leg.ringing', tenantId, callId: (first.data as CallEvent).callId, legId: outbound.legId, previous: 'calling', state: 'ringing' });
    const ended = seen.at(-1)!.data;
    assert.ok(ended.type === 'call.ended');
    assert.equal(ended.previous, 'answered');
    assert.equal(ended.outcome, 'answered');
    assert.equal(ended.endedBy, 'caller');
    // Live state at the bridge had the call with both legs answered; after the end, nothing.
    assert.equal(liveAtBridge.length, 1);
    assert.equal(liveAtBridge[0]?.state, 'answered');
    assert.deepEqual(liveAtBridge[0]?.legs.map((l) => l.state), ['answered', 'answered']);
    assert.deepEqual(await h.platform.live.calls(tenantId), []);
  });

  test('a busy phone: the leg ends busy with 486, the call ends without a bridge', async () => {
    seen = [];
    await trunkCall(h, { kind: 'busy' }, { kind: 'expect-failure', status: 486 });
    await h.platform.events.settled();
    assert.deepEqual(typesOf(seen), ['call.created', 'leg.created', 'leg.created', 'leg.ended', 'leg.ended', 'call.ended']);
    const phoneEnd = seen[3]!.data;
    assert.ok(phoneEnd.type === 'leg.ended');
    assert.equal(phoneEnd.reason, 'busy');
    assert.equal(phoneEnd.sipStatus, 486);
    const end = seen.at(-1)!.data;
    assert.ok(end.type === 'call.ended');
    assert.equal(end.outcome, 'busy');
  });

  test('hold and unhold by re-INVITE: the other leg is held, then unheld', async () => {
    seen = [];
    await trunkCall(h, { kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 1500, holdUnhold: true }, { kind: 'talk', talkMs: 500, hangup: 'caller', holdUnhold: true });
    await h.platform.events.settled();
    const holds = seen.filter((e) => e.type === 'leg.held' || e.type === 'leg.unheld').map((e) => e.data);
    assert.deepEqual(holds.map((e) => e.type), ['leg.held', 'leg.unheld']);
    const phoneLeg = seen.filter((e) => e.data.type === 'leg.created')[1]!.data as { legId: string };
    const held = holds[0]!;
    assert.ok(held.type === 'leg.held');
    assert.equal(held.legId, phoneLeg.legId, 'the caller put the phone on hold');
    assert.equal(held.previous, 'answered');
    assert.equal(held.state, 'held');
    assert.notEqual(held.byLegId, held.legId);
    assert.equal(holds.at(-1)?.type, 'leg.unheld');
  });
});
