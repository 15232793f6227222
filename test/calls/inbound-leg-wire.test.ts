// The caller's leg on real loopback sockets, as a record-routing carrier proxy sees it: §12.1.1
// Record-Route copied into the dialog-creating responses, a Contact naming the transport, one Via
// on the requests we originate, and To tags on the UA core's own answers (§8.2.6.2).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { SipEndpoint } from '../../src/sip/endpoint/sip-endpoint.ts';
import { UserAgentCore } from '../../src/sip/ua/user-agent-core.ts';
import { InboundLeg } from '../../src/calls/inbound-leg.ts';
import { TcpPeer, UdpPeer, options } from '../sip/transport/loopback-peer.ts';

let ep: SipEndpoint;
let ua: UserAgentCore;
const legs: InboundLeg[] = [];

before(async () => {
  ep = await SipEndpoint.listen({ address: '127.0.0.1', port: 0, timers: { t1: 50, t2: 200, t4: 200 } });
  ua = new UserAgentCore(ep, { userAgent: 'test' });
  ua.application = {
    onRequest: (tx) => {
      const leg = new InboundLeg(ua, tx);
      legs.push(leg);
      leg.provisional(180, 'Ringing');
      leg.answer('v=0\r\n');
    },
  };
});

after(async () => {
  await ep.close();
});

function invite(transport: 'UDP' | 'TCP', port: number, callId: string, extra = ''): string {
  return (
    `INVITE sip:4006123456@127.0.0.1:${ep.port} SIP/2.0\r\n` +
    `Record-Route: <sip:127.0.0.1:${port};lr;ftag=f1>\r\n` +
    `Via: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK-${callId};rport\r\n` +
    `Via: SIP/2.0/${transport} 127.0.0.1:9;branch=z9hG4bK-caller-${callId}\r\n` +
    `Record-Route: <sip:127.0.0.1:${port};transport=tcp;lr;r2=on>\r\n` +
    `Max-Forwards: 69\r\nFrom: <sip:13912345678@127.0.0.1>;tag=f1\r\nTo: <sip:4006123456@127.0.0.1>\r\n` +
    `Call-ID: ${callId}\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.1:9>\r\n${extra}Content-Length: 0\r\n\r\n`
  );
}

function header(msg: string, name: string): string[] {
  return msg.split('\r\n').filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
}

function messageStarting(all: string[], start: string): string {
  const m = all.find((x) => x.startsWith(start));
  assert.ok(m, `no message starting ${start}: ${all.join('\n---\n')}`);
  return m;
}

test('UDP: 180 and 200 copy every Record-Route in order; our BYE carries one Via and the route set', async () => {
  const peer = await UdpPeer.open();
  try {
    peer.send(invite('UDP', peer.port, 'rr-udp'), ep.port);
    const got = await peer.waitFor(3);
    const ringing = messageStarting(got, 'SIP/2.0 180');
    const ok = messageStarting(got, 'SIP/2.0 200');
    for (const res of [ringing, ok]) {
      assert.deepEqual(header(res, 'Record-Route'), [
        `Record-Route: <sip:127.0.0.1:${peer.port};lr;ftag=f1>`,
        `Record-Route: <sip:127.0.0.1:${peer.port};transport=tcp;lr;r2=on>`,
      ]);
    }
    const contact = header(ok, 'Contact')[0] ?? '';
    assert.doesNotMatch(contact, /transport=/, 'a UDP dialog needs no transport parameter');
    const leg = legs.find((l) => l.invite.headers.callId() === 'rr-udp');
    assert.ok(leg);
    leg.hangup();
    const [bye] = await peer.waitFor(got.length + 1).then((all) => all.filter((m) => m.startsWith('BYE ')));
    assert.ok(bye);
    assert.equal(header(bye, 'Via').length, 1, `one Via on a request we originate:\n${bye}`);
    assert.match(header(bye, 'Via')[0] ?? '', new RegExp(`^Via: SIP/2\\.0/UDP 127\\.0\\.0\\.1:${ep.port};branch=z9hG4bK`));
    assert.deepEqual(header(bye, 'Route'), [`Route: <sip:127.0.0.1:${peer.port};lr;ftag=f1>`, `Route: <sip:127.0.0.1:${peer.port};transport=tcp;lr;r2=on>`]);
  } finally {
    peer.close();
  }
});

test('TCP: the 200 Contact says transport=tcp; the BYE comes back over the connection with one Via', async () => {
  const peer = await TcpPeer.connect(ep.port);
  try {
    // No Record-Route: the dialog's requests follow the caller's own connection.
    const text = invite('TCP', peer.localPort, 'rr-tcp').replace(/Record-Route: [^\r]*\r\n/g, '');
    peer.write(text);
    const data = await peer.until((d) => d.includes('SIP/2.0 200'));
    const ok = data.slice(data.indexOf('SIP/2.0 200'));
    assert.match(header(ok, 'Contact')[0] ?? '', new RegExp(`<sip:hotline@127\\.0\\.0\\.1:${ep.port};transport=tcp>`));
    assert.deepEqual(header(ok, 'Record-Route'), []);
    const leg = legs.find((l) => l.invite.headers.callId() === 'rr-tcp');
    assert.ok(leg);
    leg.hangup();
    const all = await peer.until((d) => d.includes('BYE sip:'));
    const bye = all.slice(all.indexOf('BYE sip:'));
    assert.equal(header(bye.split('\r\n\r\n')[0] ?? '', 'Via').length, 1, bye);
    assert.match(header(bye, 'Via')[0] ?? '', /^Via: SIP\/2\.0\/TCP /);
    assert.match(header(bye, 'Contact')[0] ?? '', /;transport=tcp>/);
  } finally {
    peer.close();
  }
});

test('§8.2.6.2: the UA core answers OPTIONS with a To tag', async () => {
  const peer = await UdpPeer.open();
  try {
    peer.send(options({ via: `SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK-opt1` }), ep.port);
    const [res] = await peer.waitFor(1);
    assert.match(res ?? '', /^SIP\/2\.0 200 OK/);
    assert.match(header(res ?? '', 'To')[0] ?? '', /^To: <sip:svc@example\.com>;tag=[0-9a-f]{16}$/);
  } finally {
    peer.close();
  }
});
