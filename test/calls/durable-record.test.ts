// The call record as a durable subscriber of the call events (issue 10), on the call harness: the
// call waits for the record to be open before anything rings; a record that cannot be opened
// refuses the call with 503 after an announcement, publishes nothing and rings nobody; the
// durable subscribers run in order, each awaited; call.ended's subscribers get the record's start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCallHarness } from '../support/call-harness/call-harness.ts';
import type { CallHarness, CallHarnessOptions } from '../support/call-harness/call-harness.ts';
import type { CallEvent } from '../../src/calls/call-events.ts';
import { EventBus, DurableSubscriberError } from '../../src/events/event-bus.ts';
import { systemPromptPath } from '../../src/media/tts/system-prompts.ts';

async function withHarness(opts: CallHarnessOptions, body: (h: CallHarness) => Promise<void>): Promise<void> {
  const h = await startCallHarness(opts);
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

test('nothing rings before the record is open: the durable call.created is awaited', async () => {
  const published: CallEvent[] = [];
  await withHarness({ route: (h) => h.dialPlan({ targets: [h.phone('a').target] }), b2bua: { events: (e) => published.push(e) } }, async (h) => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    // Subscribed after the harness's record writer: it runs second and holds the call.
    h.bus.subscribeDurable('slow-store', (d) => (d.type === 'call.created' ? opened : undefined));
    const call = h.placeCall();
    while (h.records.opened.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await h.settle();
    assert.equal(h.records.opened.length, 1, 'the first durable subscriber ran');
    assert.equal(h.phone('a').received.length, 0, 'the phone does not ring while the record is being opened');
    assert.deepEqual(published.map((e) => e.type), [], 'call.created is published only once its durable subscribers ran');
    open();
    const toA = await h.phone('a').request('INVITE');
    assert.equal(published[0]?.type, 'call.created');
    h.phone('a').reply(toA, 200, { sdp: h.phone('a').sdp() });
    await h.phone('a').request('ACK');
    const dialog = await call.answered();
    h.trunk.sendInDialog(dialog, 'BYE');
    h.phone('a').reply(await h.phone('a').request('BYE'), 200);
    const end = await h.records.closedRecord();
    assert.equal(end.outcome, 'answered');
    assert.deepEqual(h.errors, []);
  });
});

test('a record that cannot be opened: 503 after the announcement over early media, nobody rung, nothing published', async () => {
  const published: CallEvent[] = [];
  const announced: string[] = [];
  await withHarness({
    route: (h) => h.dialPlan({ targets: [h.phone('a').target] }),
    b2bua: {
      events: (e) => published.push(e),
      refusalAnnouncements: (why) => {
        announced.push(why);
        return { kind: 'file', path: systemPromptPath('service-unavailable', 'zh-CN') };
      },
    },
  }, async (h) => {
    h.bus.subscribeDurable('broken-store', (d) => {
      if (d.type === 'call.created') throw new Error('database is down');
    });
    const call = h.placeCall();
    const early = await h.trunk.response('INVITE', 183);
    assert.match(early.body.toString('utf8'), /m=audio/, 'the announcement comes over early media');
    h.clock.advance(20_000);
    const final = await call.final();
    assert.equal(final.status, 503);
    assert.equal(final.reason, 'Call Record Unavailable');
    assert.deepEqual(announced, ['unavailable']);
    assert.equal(h.phone('a').received.length, 0, 'nobody was rung');
    assert.deepEqual(published, [], 'no call.created for a call that has no record');
    assert.equal(h.b2bua.activeCalls, 0);
    assert.equal(h.errors.length, 1);
    assert.ok(h.errors[0] instanceof DurableSubscriberError);
    assert.equal((h.errors[0] as DurableSubscriberError).subscriber, 'broken-store');
  });
});

test('the durable subscribers run in order, each awaited; the first failure stops the later ones', async () => {
  const bus = new EventBus({ now: () => 0 });
  const ran: string[] = [];
  bus.subscribeDurable('first', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    ran.push('first');
  });
  bus.subscribeDurable('second', (d) => {
    ran.push('second');
    if (d.type === 'call.ended') throw new Error('no');
  });
  const unsubscribe = bus.subscribeDurable('third', () => void ran.push('third'));
  const created = { type: 'call.created', tenantId: 't', callId: 'c', direction: 'inbound', callerNumber: '1', state: 'setup' } as const;
  const start = { id: 'c', tenantId: 't', number400: '400', sipCallId: 's', caller: { number: '1', kind: 'mobile' }, startedAt: new Date(0) };
  await bus.durableSink({ type: 'call.created', event: created, facts: start });
  assert.deepEqual(ran, ['first', 'second', 'third']);
  ran.length = 0;
  const ended = { type: 'call.ended', tenantId: 't', callId: 'c', previous: 'setup', state: 'ended', outcome: 'failed', sipStatus: 480, reason: 'x', endedBy: 'platform' } as const;
  const end = { endedAt: new Date(0), outcome: 'failed', sipStatus: 480, sipReason: 'x', endedBy: 'platform' } as const;
  await assert.rejects(bus.durableSink({ type: 'call.ended', event: ended, facts: { start, end } }), (err: unknown) => err instanceof DurableSubscriberError && err.subscriber === 'second' && err.eventType === 'call.ended');
  assert.deepEqual(ran, ['first', 'second'], 'the third did not run after the second failed');
  unsubscribe();
  ran.length = 0;
  await bus.durableSink({ type: 'call.created', event: created, facts: start });
  assert.deepEqual(ran, ['first', 'second']);
  assert.equal(bus.subscriberCount, 0, 'durable subscribers are not feed subscribers');
});
