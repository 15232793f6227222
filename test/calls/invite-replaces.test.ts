// INVITE with Replaces naming a live leg (RFC 3891 §3, issue 10), on the call harness: phone B of
// the same tenant takes over the answered phone A's leg (A gets a BYE, the caller's bridge moves
// to B, the record's answering number is B), and the refusals: a dialog of nobody (481), another
// tenant's user or a trunk naming the dialog (481, never a takeover), early-only on a confirmed
// dialog (486).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLATFORM, TENANT_ID, startCallHarness } from '../support/call-harness/call-harness.ts';
import type { CallHarness, HarnessPhone, PeerDialog } from '../support/call-harness/call-harness.ts';
import type { CallEvent } from '../../src/calls/call-events.ts';
import { parseMessage } from '../../src/sip/message/parse-message.ts';
import type { SipRequest } from '../../src/sip/message/message.ts';
import { generateBranch, generateCallId, generateTag } from '../../src/sip/message/identifiers.ts';

/** B's INVITE with a Replaces header, sent straight onto the in-memory network. */
function inviteWithReplaces(h: CallHarness, from: HarnessPhone | { address: { host: string; port: number } }, replaces: string): SipRequest {
  const sdp = h.phone('a').sdp();
  const { host, port } = from.address;
  const text = [
    `INVITE sip:${NUMBER}@${PLATFORM.host}:${PLATFORM.port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${host}:${port};branch=${generateBranch()};rport`,
    'Max-Forwards: 70',
    `From: <sip:b@${host}>;tag=${generateTag()}`,
    `To: <sip:${NUMBER}@${PLATFORM.host}>`,
    `Call-ID: ${generateCallId()}`,
    'CSeq: 1 INVITE',
    `Contact: <sip:b@${host}:${port}>`,
    `Replaces: ${replaces}`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
  h.network.send(from.address, PLATFORM, Buffer.from(text));
  return parseMessage(Buffer.from(text)) as SipRequest;
}

const NUMBER = '4001234567';

/** Phone B authenticates as SIP user 'b' of `tenant` (any other source is not a user). */
async function answeredCall(tenantOfB: string, body: (h: CallHarness, a: HarnessPhone, b: HarnessPhone, aDialog: PeerDialog, caller: PeerDialog, events: CallEvent[]) => Promise<void>): Promise<void> {
  const events: CallEvent[] = [];
  const hosts: { b?: string } = {};
  const h = await startCallHarness({
    route: (x) => x.dialPlan({ targets: [x.phone('a').target] }),
    b2bua: {
      events: (e) => events.push(e),
      authenticator: { authenticate: async (tx) => (tx.source.address === hosts.b ? { username: 'b' } : undefined) },
      userTenant: async () => tenantOfB,
    },
  });
  try {
    const a = h.phone('a');
    const b = h.phone('b');
    hosts.b = b.address.host;
    const call = h.placeCall();
    const toA = await a.request('INVITE');
    a.reply(toA, 200, { sdp: a.sdp() });
    await a.request('ACK');
    const caller = await call.answered();
    await body(h, a, b, a.dialogAsCallee(toA), caller, events);
  } finally {
    await h.close();
  }
}

/** The Replaces value naming A's dialog with us (Call-ID, A's tag as to-tag, ours as from-tag). */
function naming(d: PeerDialog, extra = ''): string {
  const tag = (nameAddr: string) => /;tag=([^;>\s]+)/.exec(nameAddr)?.[1] ?? '';
  return `${d.callId};to-tag=${tag(d.local)};from-tag=${tag(d.remote)}${extra}`;
}

test('B takes over the answered leg: 200 to B, BYE to A, the caller bridged to B, the record answered by b', async () => {
  await answeredCall(TENANT_ID, async (h, a, b, aDialog, caller, events) => {
    const invite = inviteWithReplaces(h, b, naming(aDialog));
    const ok = await b.response('INVITE', 200);
    assert.match(ok.body.toString('utf8'), /m=audio \d+ RTP\/AVP/, 'B gets our answer to its offer');
    b.ack(b.dialogAsCaller(invite, ok));
    const bye = await a.request('BYE');
    a.reply(bye, 200);
    assert.match(bye.headers.get('Reason') ?? '', /Q\.850;cause=16/);
    await h.settle();
    const types = events.map((e) => e.type);
    const tail = types.slice(types.lastIndexOf('leg.created'));
    assert.deepEqual(tail, ['leg.created', 'leg.ended', 'leg.answered', 'call.bridged', 'call.transferred']);
    // The caller hangs up: B gets the BYE, the record says B answered.
    h.trunk.sendInDialog(caller, 'BYE');
    const byeB = await b.request('BYE');
    b.reply(byeB, 200);
    const end = await h.records.closedRecord();
    assert.equal(end.outcome, 'answered');
    assert.equal(end.answeringNumber, 'b');
    assert.deepEqual(h.errors, []);
  });
});

test('refusals: nothing named 481, early-only 486, another tenant 481, a trunk 481 — the call goes on untouched', async () => {
  await answeredCall(TENANT_ID, async (h, a, b, aDialog, caller) => {
    inviteWithReplaces(h, b, 'deadbeef;to-tag=1;from-tag=2');
    assert.equal((await b.response('INVITE')).status, 481);
    inviteWithReplaces(h, b, naming(aDialog, ';early-only'));
    assert.equal((await b.response('INVITE')).status, 486);
    inviteWithReplaces(h, h.trunk, naming(aDialog));
    assert.equal((await h.trunk.response('INVITE')).status, 481, 'a trunk never takes a leg over');
    assert.equal(a.unread.length, 0, 'A was not touched');
    h.trunk.sendInDialog(caller, 'BYE');
    a.reply(await a.request('BYE'), 200);
    const end = await h.records.closedRecord();
    assert.equal(end.answeringNumber, 'a');
  });
  await answeredCall('tenant-2', async (h, a, b, aDialog, caller) => {
    inviteWithReplaces(h, b, naming(aDialog));
    const res = await b.response('INVITE');
    assert.equal(res.status, 481, "another tenant's user gets 481, as if the dialog did not exist");
    h.trunk.sendInDialog(caller, 'BYE');
    a.reply(await a.request('BYE'), 200);
    assert.equal((await h.records.closedRecord()).answeringNumber, 'a');
  });
});
