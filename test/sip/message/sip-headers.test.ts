import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipHeaders } from '../../../src/sip/message/sip-headers.ts';
import { parseNameAddr } from '../../../src/sip/message/name-addr.ts';
import { SipParseError } from '../../../src/sip/message/sip-parse-error.ts';

test('case-insensitive, compact forms normalised, order kept', () => {
  const h = new SipHeaders([['v', 'SIP/2.0/UDP a;branch=z9hG4bK1'], ['f', '<sip:a@b>;tag=1'], ['CALL-ID', 'x@y'], ['X-Custom', 'v']]);
  assert.deepEqual(h.names(), ['Via', 'From', 'Call-ID', 'X-Custom']);
  assert.equal(h.get('from'), '<sip:a@b>;tag=1');
  assert.equal(h.get('i'), 'x@y');
  assert.equal(h.callId(), 'x@y');
  assert.ok(h.has('x-custom'));
});

test('getAll splits comma-joined list headers and concatenates repeats, not inside quotes or <>', () => {
  const h = new SipHeaders();
  h.append('Contact', '"Doe, John" <sip:a,b@h;x=1>, <sip:c@d>');
  h.append('m', '<sip:e@f>');
  assert.deepEqual(h.getAll('contact'), ['"Doe, John" <sip:a,b@h;x=1>', '<sip:c@d>', '<sip:e@f>']);
  h.append('WWW-Authenticate', 'Digest realm="a", nonce="b"');
  assert.deepEqual(h.getAll('www-authenticate'), ['Digest realm="a", nonce="b"']);
  const c = h.contact();
  assert.ok(c !== '*');
  assert.equal(c.length, 3);
  assert.equal(c[0]?.displayName, 'Doe, John');
});

test('set replaces in place, remove removes all, append adds at the end', () => {
  const h = new SipHeaders([['X-A', '1'], ['X-B', '2'], ['x-a', '3']]);
  h.set('x-A', '9');
  assert.deepEqual(h.entries().map((e) => [e.name, e.value]), [['x-A', '9'], ['X-B', '2']]);
  h.remove('x-b');
  assert.deepEqual(h.names(), ['x-A']);
  h.set('Subject', 'x');
  assert.deepEqual(h.names(), ['x-A', 'Subject']);
  h.prepend('Via', 'SIP/2.0/UDP h;branch=z9hG4bK1');
  assert.deepEqual(h.names(), ['Via', 'x-A', 'Subject']);
});

test('typed accessors return copies; setters update the text', () => {
  const h = new SipHeaders([['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/TCP b;branch=z9hG4bK2'], ['To', '<sip:x@y>']]);
  const vias = h.via();
  assert.equal(vias.length, 2);
  vias[0]?.params.set('received', '1.2.3.4');
  assert.equal(h.via()[0]?.params.has('received'), false);
  h.setVia(vias);
  assert.deepEqual(h.getAll('via'), ['SIP/2.0/UDP a;branch=z9hG4bK1;received=1.2.3.4', 'SIP/2.0/TCP b;branch=z9hG4bK2']);
  const to = h.to();
  to.params.set('tag', 'abc');
  assert.equal(h.to().params.has('tag'), false);
  h.setTo(to);
  assert.equal(h.get('to'), '<sip:x@y>;tag=abc');
  assert.equal(h.to().params.get('tag'), 'abc');
});

test('setVia on a message without Via puts it at the top', () => {
  const h = new SipHeaders([['To', '<sip:x@y>']]);
  h.setVia([{ transport: 'UDP', host: 'h', port: 5060, params: new Map([['branch', 'z9hG4bKx']]) }]);
  assert.deepEqual(h.names(), ['Via', 'To']);
});

test('CSeq, Max-Forwards, Expires, Route, Record-Route, Contact *', () => {
  const h = new SipHeaders([['CSeq', '0009 INVITE'], ['Max-Forwards', '0068'], ['Expires', '99999999999999999'],
    ['Route', '<sip:p1;lr>, <sip:p2;lr>'], ['Record-Route', '<sip:rr;lr>'], ['Contact', '*']]);
  assert.deepEqual(h.cseq(), { seq: 9, method: 'INVITE' });
  assert.equal(h.maxForwards(), 68);
  assert.equal(h.expires(), 2 ** 32 - 1);
  assert.equal(h.route().length, 2);
  assert.equal(h.recordRoute()[0]?.uri.kind, 'sip');
  assert.equal(h.contact(), '*');
  h.setCSeq({ seq: 10, method: 'BYE' });
  h.setMaxForwards(70);
  h.setRoute([parseNameAddr('<sip:p3;lr>')]);
  h.setContact([parseNameAddr('<sip:me@192.0.2.1>')]);
  assert.equal(h.get('cseq'), '10 BYE');
  assert.equal(h.maxForwards(), 70);
  assert.deepEqual(h.getAll('route'), ['<sip:p3;lr>']);
  assert.equal(h.get('contact'), '<sip:me@192.0.2.1>');
  assert.equal(new SipHeaders().maxForwards(), undefined);
  assert.deepEqual(new SipHeaders().contact(), []);
  assert.deepEqual(new SipHeaders().route(), []);
});

test('clone is independent', () => {
  const h = new SipHeaders([['To', '<sip:x@y>']]);
  const c = h.clone();
  c.set('To', '<sip:z@y>');
  assert.equal(h.get('to'), '<sip:x@y>');
  assert.equal(formatUriUser(c.to()), 'z');
});

test('missing mandatory headers throw SipParseError from accessors', () => {
  const h = new SipHeaders();
  assert.throws(() => h.from(), SipParseError);
  assert.throws(() => h.callId(), SipParseError);
  assert.throws(() => h.cseq(), SipParseError);
});

test('validateFrequent refuses repeated single-value headers and bad values', () => {
  assert.throws(() => new SipHeaders([['To', '<sip:a@b>'], ['t', '<sip:c@d>']]).validateFrequent(), SipParseError);
  assert.throws(() => new SipHeaders([['Max-Forwards', '256']]).validateFrequent(), SipParseError);
  assert.throws(() => new SipHeaders([['CSeq', '2147483648 INVITE']]).validateFrequent(), SipParseError);
  assert.throws(() => new SipHeaders([['Contact', '*, <sip:a@b>']]).validateFrequent(), SipParseError);
  assert.throws(() => new SipHeaders([['Call-ID', 'a b']]).validateFrequent(), SipParseError);
  new SipHeaders([['CSeq', '2147483647 INVITE'], ['Allow', 'INVITE, ACK']]).validateFrequent();
});

function formatUriUser(n: ReturnType<SipHeaders['to']>): string | undefined {
  return n.uri.kind === 'sip' ? n.uri.user : undefined;
}
