import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';
import { EdgeGuard, quote, startsLikeRequest } from '../../../src/sip/edge/edge-guard.ts';
import type { EdgeGuardOptions } from '../../../src/sip/edge/edge-guard.ts';
import { ConnectionLimits } from '../../../src/sip/edge/connection-limits.ts';
import { isScannerUserAgent } from '../../../src/sip/edge/scanner-user-agents.ts';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import type { SipRequest } from '../../../src/sip/message/message.ts';
import type { Source } from '../../../src/sip/transport/address.ts';

const INVITE = Buffer.from('INVITE sip:4006123456@127.0.0.1 SIP/2.0\r\n');
const RESPONSE = Buffer.from('\r\nSIP/2.0 200 OK\r\n');

function guard(clock: FakeClock, over: Partial<EdgeGuardOptions> = {}): { guard: EdgeGuard; lines: string[] } {
  const lines: string[] = [];
  const g = new EdgeGuard({
    clock, rateLimit: 16, rateWindowMs: 2000, trustedRateLimit: 0, banMs: 300_000, dropScanners: true,
    authMaxFailures: 5, authUserMaxFailures: 20, authFailureWindowMs: 600_000,
    isTrusted: (a) => a === '10.0.0.1', log: (l) => lines.push(l), wallNow: () => Date.UTC(2026, 11, 7, 15, 0, 0), ...over,
  });
  return { guard: g, lines };
}

function request(ua: string): SipRequest {
  const text = `OPTIONS sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nUser-Agent: ${ua}\r\nContent-Length: 0\r\n\r\n`;
  return parseMessage(Buffer.from(text), { transport: 'udp' }) as SipRequest;
}

const src = (address: string): Source => ({ transport: 'udp', address, port: 5060 });

test('16 requests per 2 s pass; the 17th bans the address for 300 s, then it is heard again', () => {
  const clock = new FakeClock(1000);
  const { guard: g, lines } = guard(clock);
  for (let i = 0; i < 16; i++) assert.equal(g.admitPacket('192.0.2.9', INVITE), true, `request ${i + 1}`);
  assert.equal(g.admitPacket('192.0.2.9', INVITE), false);
  assert.equal(g.admitPacket('192.0.2.9', RESPONSE), false, 'a banned address loses its responses too');
  assert.equal(g.admitPacket('192.0.2.10', INVITE), true, 'others are not affected');
  assert.match(lines.join('\n'), /^2026-12-07T15:00:00\.000Z sip edge ban: source=192\.0\.2\.9 seconds=300 reason=rate detail="more than 16 requests in 2 s"$/m);
  clock.advance(299_999);
  assert.equal(g.admitPacket('192.0.2.9', INVITE), false);
  clock.advance(1);
  assert.equal(g.admitPacket('192.0.2.9', INVITE), true);
  const s = g.stats();
  assert.equal(s.bans.rate, 1);
  assert.equal(s.dropped.rate, 1);
  assert.equal(s.dropped.banned, 2);
});

test('the window restarts: 16 every 2 s for ever is fine; responses are not counted', () => {
  const clock = new FakeClock();
  const { guard: g } = guard(clock);
  for (let w = 0; w < 10; w++) {
    for (let i = 0; i < 16; i++) assert.equal(g.admitPacket('192.0.2.9', INVITE), true);
    for (let i = 0; i < 100; i++) assert.equal(g.admitPacket('192.0.2.9', RESPONSE), true);
    clock.advance(2000);
  }
  assert.equal(g.stats().bans.rate, 0);
});

test('a trusted address (a trunk) is exempt by default, and with a limit of its own is held back, never banned', () => {
  const clock = new FakeClock();
  const exempt = guard(clock).guard;
  for (let i = 0; i < 10_000; i++) assert.equal(exempt.admitPacket('10.0.0.1', INVITE), true);
  const limited = guard(clock, { trustedRateLimit: 100 }).guard;
  let passed = 0;
  for (let i = 0; i < 150; i++) if (limited.admitPacket('10.0.0.1', INVITE)) passed++;
  assert.equal(passed, 100);
  assert.equal(limited.isBanned('10.0.0.1'), false);
  clock.advance(2000);
  assert.equal(limited.admitPacket('10.0.0.1', INVITE), true);
});

test('scanner User-Agents are dropped and their address banned; phones pass; the check can be turned off', () => {
  const clock = new FakeClock();
  const { guard: g, lines } = guard(clock);
  assert.equal(g.admitRequest(request('friendly-scanner'), src('192.0.2.7')), false);
  assert.equal(g.isBanned('192.0.2.7'), true);
  assert.match(lines[0] ?? '', /sip edge ban: source=192\.0\.2\.7 seconds=300 reason=scanner detail="User-Agent \?friendly-scanner\?"$/);
  assert.equal(g.admitRequest(request('Linphone/5.2.0 (belle-sip/5.2.0)'), src('192.0.2.8')), true);
  for (const ua of ['sipvicious', 'SIPVicious 0.3', 'sipcli/v1.8', 'VaxSIPUserAgent/3.1', 'pplsip']) assert.equal(isScannerUserAgent(ua), true, ua);
  for (const ua of ['baresip v1.0.0 (x86_64/linux)', 'sipsak 0.9.8', 'SIPp', 'Yealink SIP-T46S', 'MicroSIP/3.21']) assert.equal(isScannerUserAgent(ua), false, ua);
  assert.equal(guard(clock, { dropScanners: false }).guard.admitRequest(request('friendly-scanner'), src('192.0.2.7')), true);
});

test('auth failures: one fail2ban line each; the 5th from an address bans it; success forgives the address', () => {
  const clock = new FakeClock();
  const { guard: g, lines } = guard(clock);
  for (let i = 0; i < 4; i++) g.authFailed('1001', 'REGISTER', src('192.0.2.5'));
  assert.equal(g.isBanned('192.0.2.5'), false);
  g.authSucceeded('1001', src('192.0.2.5'));
  for (let i = 0; i < 4; i++) g.authFailed('1001', 'REGISTER', src('192.0.2.5'));
  assert.equal(g.isBanned('192.0.2.5'), false, 'the count started again after the success');
  g.authFailed('1001', 'REGISTER', src('192.0.2.5'));
  assert.equal(g.isBanned('192.0.2.5'), true);
  const failures = lines.filter((l) => l.includes('sip auth failed'));
  assert.equal(failures.length, 9);
  assert.equal(failures[0], '2026-12-07T15:00:00.000Z sip auth failed: user="1001" source=192.0.2.5 port=5060 transport=udp method=REGISTER failures=1');
  // The documented fail2ban failregex (docs/security.md) finds the address in every line.
  const failregex = /^\S+ sip auth failed: user="[^"]*" source=(\S+) /;
  for (const l of failures) assert.equal(failregex.exec(l)?.[1], '192.0.2.5');
  assert.match(lines.join('\n'), /sip edge ban: source=192\.0\.2\.5 seconds=300 reason=auth/);
  // A trunk is never banned for failures.
  for (let i = 0; i < 10; i++) g.authFailed('x', 'INVITE', src('10.0.0.1'));
  assert.equal(g.isBanned('10.0.0.1'), false);
});

test('a user guessed at from many addresses is locked for new addresses only, and only for the ban time', () => {
  const clock = new FakeClock();
  const { guard: g, lines } = guard(clock);
  g.authSucceeded('1001', src('198.51.100.20'));
  for (let i = 0; i < 20; i++) g.authFailed('1001', 'REGISTER', src(`203.0.113.${i}`));
  assert.match(lines.join('\n'), /sip auth user locked: user="1001" seconds=300 failures=20/);
  assert.equal(g.authLocked('1001', src('203.0.113.200')), true, 'an address that never authenticated');
  assert.equal(g.authLocked('1001', src('198.51.100.20')), false, 'the phone itself keeps working');
  assert.equal(g.authLocked('1002', src('203.0.113.200')), false);
  assert.equal(g.stats().lockedUsers, 1);
  clock.advance(300_000);
  assert.equal(g.authLocked('1001', src('203.0.113.200')), false, 'not for ever');
});

test('log values cannot inject lines or quotes; the request check reads four bytes', () => {
  assert.equal(quote('a"b\\c\r\nsip auth failed: user="x" source=1.2.3.4'), '"a?b?c??sip auth failed: user=?x? source=1.2.3.4"');
  assert.equal(quote('x'.repeat(100)).length, 66);
  assert.equal(startsLikeRequest(INVITE), true);
  assert.equal(startsLikeRequest(RESPONSE), false);
  assert.equal(startsLikeRequest(Buffer.from('SIP')), true);
});

test('connection limits: per source and in total, released on close', () => {
  const limits = new ConnectionLimits(3, 2);
  assert.equal(limits.tryOpen('a'), true);
  assert.equal(limits.tryOpen('a'), true);
  assert.equal(limits.tryOpen('a'), false);
  assert.equal(limits.tryOpen('b'), true);
  assert.equal(limits.tryOpen('c'), false);
  limits.closed('a');
  assert.equal(limits.tryOpen('c'), true);
  assert.equal(limits.open, 3);
  assert.equal(limits.refused, 2);
});
