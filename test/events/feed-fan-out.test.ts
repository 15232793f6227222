// The feed's fan-out after it was made to encode and frame each event once, decide visibility once
// per group of like viewers, and write a bus batch in one go per client: every subscriber — real
// `ws` clients over a real socket, so the pre-built frames are read by a real WebSocket parser —
// still gets exactly the events it may see, in order, and nothing else.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import type { PlatformEvent } from '../../src/events/event-envelope.ts';
import { EventBus } from '../../src/events/event-bus.ts';
import { FeedHub } from '../../src/events/feed-hub.ts';
import type { FeedRequest } from '../../src/events/feed-hub.ts';
import { textFrame } from '../../src/events/feed-message.ts';
import { InProcessLiveState } from '../../src/events/in-process-live-state.ts';
import { wsFeedSocket } from '../../src/events/ws-feed-socket.ts';
import type { LegParty } from '../../src/calls/call-events.ts';

// ws's framing (untyped in @types/ws): its CommonJS entry exports the Sender class.
const wsSender = (createRequire(import.meta.url)('ws') as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender;

const created = (tenantId: string, callId: string): PlatformEvent => ({ type: 'call.created', tenantId, callId, direction: 'inbound', number400: '4006123456', callerNumber: '+8613912345678', state: 'setup' });
const leg = (tenantId: string, callId: string, legId: string, party: LegParty): PlatformEvent => ({ type: 'leg.created', tenantId, callId, legId, direction: 'outbound', party, state: 'calling' });
const dtmf = (tenantId: string, callId: string, legId: string, digit: string): PlatformEvent => ({ type: 'dtmf', tenantId, callId, legId, digit, durationMs: 100, source: 'rfc4733' });
const ended = (tenantId: string, callId: string): PlatformEvent => ({ type: 'call.ended', tenantId, callId, previous: 'answered', state: 'ended', outcome: 'answered', sipStatus: 200, reason: 'caller hung up', endedBy: 'caller' });
const agentState = (tenantId: string, userId: string): PlatformEvent => ({ type: 'agent.state_changed', tenantId, userId, agentId: userId, previous: 'ready', state: 'not_ready', reason: 'break', cause: 'agent', at: '2026-12-08T01:00:00.000Z' });

test('each subscriber gets exactly the events it may see, in order, through the once-framed fan-out', async (t) => {
  const bus = new EventBus({ now: () => Date.parse('2026-12-08T01:00:00Z') });
  const live = new InProcessLiveState(bus);
  const hub = new FeedHub({ bus, live, now: () => Date.now(), heartbeatMs: 3_600_000 });
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  t.after(() => {
    hub.stop();
    server.close();
  });
  const requests: FeedRequest[] = [];
  server.on('connection', (ws) => {
    const req = requests.shift();
    if (req) hub.connect(wsFeedSocket(ws), req);
  });
  const port = (server.address() as AddressInfo).port;

  // Who watches: the same viewer twice (one visibility group), a topic filter, another tenant, the
  // operator, and an agent (per-client visibility: the calls with their leg, their own ACD events).
  const viewers: Record<string, FeedRequest> = {
    adminA: { viewer: { tenantId: 'A' } },
    adminA2: { viewer: { tenantId: 'A' } },
    dtmfOnlyA: { viewer: { tenantId: 'A' }, topics: ['dtmf'] },
    adminB: { viewer: { tenantId: 'B' } },
    operator: { viewer: { tenantId: null } },
    agentU1: { viewer: { tenantId: 'A', own: { sipUsername: 'u1', number: null, userId: 'u1' } } },
  };
  const received = new Map<string, Record<string, unknown>[]>();
  const closed: Promise<unknown>[] = [];
  for (const [i, [name, req]] of Object.entries(viewers).entries()) {
    requests.push(req);
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    const messages: Record<string, unknown>[] = [];
    received.set(name, messages);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      assert.equal(isBinary, false, 'text frames');
      messages.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
    });
    closed.push(once(ws, 'close'));
    await once(ws, 'open');
    while (hub.size < i + 1) await new Promise((r) => setImmediate(r));
  }

  // Several events per bus batch (one synchronous run), over several batches.
  const sequence: PlatformEvent[][] = [
    [created('A', 'a1'), leg('A', 'a1', 'l1', { kind: 'pstn', number: '+8613800000001' }), created('B', 'b1')],
    [leg('A', 'a1', 'l2', { kind: 'sip', username: 'u1' }), dtmf('A', 'a1', 'l2', '5'), leg('B', 'b1', 'l3', { kind: 'sip', username: 'u1' })],
    [created('A', 'a2'), leg('A', 'a2', 'l4', { kind: 'sip', username: 'u2' }), dtmf('A', 'a2', 'l4', '7')],
    [agentState('A', 'u1'), agentState('A', 'u2'), agentState('B', 'u1')],
    [ended('A', 'a2'), ended('B', 'b1'), ended('A', 'a1')],
  ];
  for (const batch of sequence) {
    for (const e of batch) bus.publish(e);
    await bus.settled();
  }
  // Everything queued is written before the close frame on the same socket.
  await new Promise((r) => setImmediate(r));
  hub.stop();
  await Promise.all(closed);

  const all = sequence.flat();
  const key = (e: PlatformEvent): string => `${e.type} ${'callId' in e ? e.callId : ''} ${'legId' in e ? e.legId : ''} ${'userId' in e ? e.userId : ''}`;
  const got = (name: string): string[] => (received.get(name) ?? []).filter((m) => m.kind === 'event').map((m) => key(m.data as PlatformEvent));
  const of = (tenant: string) => all.filter((e) => e.tenantId === tenant).map(key);
  assert.deepEqual(got('adminA'), of('A'));
  assert.deepEqual(got('adminA2'), of('A'));
  assert.deepEqual(got('adminB'), of('B'));
  assert.deepEqual(got('operator'), all.map(key));
  assert.deepEqual(got('dtmfOnlyA'), all.filter((e) => e.tenantId === 'A' && e.type === 'dtmf').map(key));
  // The agent: call a1 from their leg on (introduced by a `call` message first), not a2 (u2's),
  // not tenant B's call to a phone also named u1, their own state change only.
  assert.deepEqual(got('agentU1'), ['leg.created a1 l2 ', 'dtmf a1 l2 ', 'agent.state_changed   u1', 'call.ended a1  ']);
  const agentKinds = (received.get('agentU1') ?? []).map((m) => m.kind);
  assert.deepEqual(agentKinds, ['snapshot', 'call', 'event', 'event', 'event', 'event']);
  // Seqs per tenant are consecutive for a viewer that sees the whole tenant.
  assert.deepEqual((received.get('adminA') ?? []).filter((m) => m.kind === 'event').map((m) => m.seq), of('A').map((_, i) => i + 1));
});

test('a pre-built text frame is what ws itself would send, at every length encoding', async () => {
  for (const text of ['', 'x'.repeat(125), '事件'.repeat(21), 'y'.repeat(126), 'z'.repeat(65_535), 'w'.repeat(70_000)]) {
    const frame = textFrame(text);
    // ws's own framing of the same text, as a server (unmasked) sends it.
    const parts = wsSender.frame(Buffer.from(text), { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false });
    assert.deepEqual(frame, Buffer.concat(parts), `length ${Buffer.byteLength(text)}`);
  }
});
