import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registrar } from '../../../src/sip/registrar/registrar.ts';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import type { SipRequest } from '../../../src/sip/message/message.ts';
import { formatUri } from '../../../src/sip/message/uri.ts';
import { SipParseError } from '../../../src/sip/message/sip-parse-error.ts';

const AOR = 'sip:1001@hotline.test';
const SRC = { transport: 'udp' as const, address: '198.51.100.7', port: 40123 };

function clock(): { now(): number; advance(s: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (s) => { t += s * 1000; } };
}

function register(opts: { contacts?: string[]; expires?: number | string; callId?: string; cseq?: number }): SipRequest {
  const lines = [
    'REGISTER sip:hotline.test SIP/2.0', 'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKr;rport',
    'From: <sip:1001@hotline.test>;tag=t', 'To: <sip:1001@hotline.test>', `Call-ID: ${opts.callId ?? 'call-1'}`,
    `CSeq: ${opts.cseq ?? 1} REGISTER`, 'Max-Forwards: 70',
    ...(opts.contacts ?? []).map((c) => `Contact: ${c}`),
    ...(opts.expires === undefined ? [] : [`Expires: ${opts.expires}`]),
    'Content-Length: 0', '', '',
  ];
  return parseMessage(Buffer.from(lines.join('\r\n'))) as SipRequest;
}

function uris(r: Registrar, aor = AOR): string[] {
  return r.lookup(aor).map((b) => formatUri(b.contact.uri));
}

test('a REGISTER binds its Contact with the source it came from; the 200 lists bindings with expires', () => {
  const c = clock();
  const r = new Registrar({ clock: c });
  const changes: string[] = [];
  r.onChange = (aor) => changes.push(aor);
  const res = r.handle(register({ contacts: ['<sip:1001@10.0.0.2:5060;transport=udp>;expires=600'] }), SRC, AOR);
  assert.equal(res.status, 200);
  assert.equal(res.contacts.length, 1);
  assert.equal(res.contacts[0]?.expires, 600);
  assert.equal(res.contacts[0]?.contact.params.get('expires'), '600');
  const [b] = r.lookup(AOR);
  assert.deepEqual(b?.source, SRC);
  assert.equal(b?.callId, 'call-1');
  assert.equal(b?.expires, 600);
  assert.equal(r.bindingCount(), 1);
  assert.deepEqual(changes, [AOR]);
});

test('expiry: Contact param beats Expires header beats the default; max shortens', () => {
  const r = new Registrar({ clock: clock(), defaultExpires: 1800, maxExpires: 3600 });
  r.handle(register({ contacts: ['<sip:a@h1>;expires=120', '<sip:a@h2>', '<sip:a@h3>;expires=99999'], expires: 300 }), SRC, AOR);
  const byUri = new Map(r.lookup(AOR).map((b) => [formatUri(b.contact.uri), b.expires]));
  assert.deepEqual(Object.fromEntries(byUri), { 'sip:a@h1': 120, 'sip:a@h2': 300, 'sip:a@h3': 3600 });
  r.handle(register({ contacts: ['<sip:a@h4>'], callId: 'other' }), SRC, AOR);
  assert.equal(r.lookup(AOR).find((b) => formatUri(b.contact.uri) === 'sip:a@h4')?.expires, 1800);
});

test('too brief an interval gets 423 with Min-Expires and changes nothing', () => {
  const r = new Registrar({ clock: clock(), minExpires: 60 });
  const res = r.handle(register({ contacts: ['<sip:a@h1>', '<sip:a@h2>;expires=30'], expires: 600 }), SRC, AOR);
  assert.deepEqual(res, { status: 423, reason: 'Interval Too Brief', contacts: [], minExpires: 60 });
  assert.equal(r.bindingCount(), 0);
});

test('Expires 0 removes a binding; * with Expires: 0 removes all', () => {
  const r = new Registrar({ clock: clock() });
  r.handle(register({ contacts: ['<sip:a@h1>', '<sip:a@h2>'], cseq: 1 }), SRC, AOR);
  assert.deepEqual(uris(r).sort(), ['sip:a@h1', 'sip:a@h2']);
  r.handle(register({ contacts: ['<sip:a@h1>;expires=0'], cseq: 2 }), SRC, AOR);
  assert.deepEqual(uris(r), ['sip:a@h2']);
  const res = r.handle(register({ contacts: ['*'], expires: 0, cseq: 3 }), SRC, AOR);
  assert.equal(res.status, 200);
  assert.deepEqual(res.contacts, []);
  assert.equal(r.bindingCount(), 0);
});

test('* without Expires: 0, or mixed with addresses, is a 400', () => {
  const r = new Registrar({ clock: clock() });
  r.handle(register({ contacts: ['<sip:a@h1>'] }), SRC, AOR);
  assert.equal(r.handle(register({ contacts: ['*'], cseq: 5 }), SRC, AOR).status, 400);
  assert.equal(r.handle(register({ contacts: ['*'], expires: 10, cseq: 6 }), SRC, AOR).status, 400);
  // Mixed with addresses it does not even parse (a 400 from the parser).
  assert.throws(() => register({ contacts: ['*, <sip:a@h2>'], expires: 0, cseq: 7 }), SipParseError);
  assert.equal(r.bindingCount(), 1);
});

test('Call-ID/CSeq rule: same Call-ID needs a higher CSeq, another Call-ID replaces', () => {
  const r = new Registrar({ clock: clock() });
  r.handle(register({ contacts: ['<sip:a@h1>'], cseq: 5 }), SRC, AOR);
  const stale = r.handle(register({ contacts: ['<sip:a@h1>;expires=0'], cseq: 5 }), SRC, AOR);
  assert.equal(stale.status, 500);
  assert.equal(r.handle(register({ contacts: ['<sip:a@h1>;expires=0'], cseq: 4 }), SRC, AOR).status, 500);
  assert.equal(r.bindingCount(), 1);
  const moved = { transport: 'tcp' as const, address: '203.0.113.9', port: 5099 };
  assert.equal(r.handle(register({ contacts: ['<sip:a@h1>'], callId: 'rebooted', cseq: 1 }), moved, AOR).status, 200);
  assert.deepEqual(r.lookup(AOR)[0]?.source, moved);
  assert.equal(r.handle(register({ contacts: ['*'], expires: 0, callId: 'rebooted', cseq: 1 }), SRC, AOR).status, 500);
  assert.equal(r.handle(register({ contacts: ['*'], expires: 0, callId: 'other', cseq: 1 }), SRC, AOR).status, 200);
});

test('a failing contact aborts the whole request (all or nothing)', () => {
  const r = new Registrar({ clock: clock() });
  r.handle(register({ contacts: ['<sip:a@h1>'], cseq: 5 }), SRC, AOR);
  const res = r.handle(register({ contacts: ['<sip:a@h2>', '<sip:a@h1>;expires=0'], cseq: 3 }), SRC, AOR);
  assert.equal(res.status, 500);
  assert.deepEqual(uris(r), ['sip:a@h1']);
});

test('contacts are matched by URI equivalence (§19.1.4)', () => {
  const r = new Registrar({ clock: clock() });
  r.handle(register({ contacts: ['<sip:a@HOST;transport=UDP>'], cseq: 1 }), SRC, AOR);
  r.handle(register({ contacts: ['<sip:a@host;transport=udp>;expires=120'], cseq: 2 }), SRC, AOR);
  assert.equal(r.bindingCount(), 1);
  assert.equal(r.lookup(AOR)[0]?.expires, 120);
});

test('no Contact is a query: lists bindings, changes nothing', () => {
  const c = clock();
  const r = new Registrar({ clock: c });
  r.handle(register({ contacts: ['<sip:a@h1>;expires=100'] }), SRC, AOR);
  let changes = 0;
  r.onChange = () => changes++;
  c.advance(40);
  const res = r.handle(register({ cseq: 2 }), SRC, AOR);
  assert.equal(res.status, 200);
  assert.equal(res.contacts[0]?.expires, 60);
  assert.equal(changes, 0);
  assert.deepEqual(r.handle(register({ cseq: 3 }), SRC, 'sip:nobody@hotline.test').contacts, []);
});

test('expired bindings are never returned and are purged with onChange', () => {
  const c = clock();
  const r = new Registrar({ clock: c });
  r.handle(register({ contacts: ['<sip:a@h1>;expires=100', '<sip:a@h2>;expires=200'] }), SRC, AOR);
  const changes: string[] = [];
  r.onChange = (aor) => changes.push(aor);
  c.advance(99);
  assert.equal(r.lookup(AOR).length, 2);
  c.advance(1);
  assert.deepEqual(uris(r), ['sip:a@h2']);
  assert.deepEqual(changes, [AOR]);
  c.advance(100);
  assert.equal(r.purgeExpired(), 1);
  assert.equal(r.bindingCount(), 0);
  assert.deepEqual(r.lookup(AOR), []);
});

test('lookup orders by q, then by most recent refresh; results are copies', () => {
  const c = clock();
  const r = new Registrar({ clock: c });
  r.handle(register({ contacts: ['<sip:a@low>;q=0.1', '<sip:a@old>'], cseq: 1 }), SRC, AOR);
  c.advance(1);
  r.handle(register({ contacts: ['<sip:a@new>;q=1.0'], cseq: 2 }), SRC, AOR);
  assert.deepEqual(uris(r), ['sip:a@new', 'sip:a@old', 'sip:a@low']);
  const [first] = r.lookup(AOR);
  first?.contact.params.set('x', 'y');
  assert.equal(r.lookup(AOR)[0]?.contact.params.has('x'), false);
});

test('bad input gives 4xx, never an exception; bindings per AOR are bounded', () => {
  const r = new Registrar({ clock: clock(), maxBindingsPerAor: 2 });
  assert.equal(r.handle(register({ contacts: ['<sip:a@h1>;expires=soon'] }), SRC, AOR).status, 400);
  assert.equal(r.handle(register({ contacts: ['<sip:a@h1>'], expires: 'never' }), SRC, AOR).status, 400);
  assert.equal(r.handle(register({ contacts: ['<sip:a@h1>', '<sip:a@h2>', '<sip:a@h3>'] }), SRC, AOR).status, 403);
  assert.equal(r.bindingCount(), 0);
  const huge = r.handle(register({ contacts: ['<sip:a@h1>;expires=280297596632815'] }), SRC, AOR);
  assert.equal(huge.contacts[0]?.expires, 7200);
});

test('AORs are independent', () => {
  const r = new Registrar({ clock: clock() });
  r.handle(register({ contacts: ['<sip:a@h1>'] }), SRC, AOR);
  r.handle(register({ contacts: ['<sip:b@h1>'] }), SRC, 'sip:1002@hotline.test');
  assert.deepEqual(uris(r), ['sip:a@h1']);
  assert.deepEqual(uris(r, 'sip:1002@hotline.test'), ['sip:b@h1']);
  assert.equal(r.bindingCount(), 2);
});

test('dropSource: a closed WebSocket takes the bindings registered through it, and only those', () => {
  const r = new Registrar({ clock: clock() });
  const browser = { transport: 'ws' as const, address: '127.0.0.1', port: 51000 };
  r.handle(register({ contacts: ['<sip:x1@ab12.invalid;transport=ws>'] }), browser, AOR);
  r.handle(register({ contacts: ['<sip:1001@10.0.0.2:5060>'], callId: 'desk' }), SRC, AOR);
  r.handle(register({ contacts: ['<sip:x2@cd34.invalid;transport=ws>'], callId: 'other' }), { ...browser, port: 51001 }, 'sip:1002@hotline.test');
  const changes: string[] = [];
  r.onChange = (aor) => changes.push(aor);
  assert.equal(r.dropSource(browser), 1);
  assert.deepEqual(uris(r), ['sip:1001@10.0.0.2:5060']);
  assert.deepEqual(uris(r, 'sip:1002@hotline.test'), ['sip:x2@cd34.invalid;transport=ws']);
  assert.deepEqual(changes, [AOR]);
  assert.equal(r.dropSource(browser), 0);
});
