import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import { validateRequest } from '../../../src/sip/message/validate-request.ts';
import type { SipRequest } from '../../../src/sip/message/message.ts';
import { generateBranch, generateCallId, generateTag } from '../../../src/sip/message/identifiers.ts';

function req(lines: string[], body = ''): SipRequest {
  return parseMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`)) as SipRequest;
}
const BASE = ['Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@b>;tag=1', 'To: <sip:c@d>', 'Call-ID: x', 'Max-Forwards: 70'];

test('a complete request is fine', () => {
  assert.equal(validateRequest(req(['OPTIONS sip:c@d SIP/2.0', ...BASE, 'CSeq: 1 OPTIONS'])), undefined);
});

test('each mandatory header missing gives 400', () => {
  for (const drop of ['Via', 'From', 'To', 'Call-ID']) {
    const r = req(['OPTIONS sip:c@d SIP/2.0', ...BASE.filter((l) => !l.startsWith(drop)), 'CSeq: 1 OPTIONS']);
    assert.deepEqual(validateRequest(r), { status: 400, reason: `Missing ${drop} header` });
  }
  assert.equal(validateRequest(req(['OPTIONS sip:c@d SIP/2.0', ...BASE]))?.reason, 'Missing CSeq header');
});

test('CSeq method must match, ACK and CANCEL too', () => {
  assert.equal(validateRequest(req(['ACK sip:c@d SIP/2.0', ...BASE, 'CSeq: 1 INVITE']))?.status, 400);
  assert.equal(validateRequest(req(['CANCEL sip:c@d SIP/2.0', ...BASE, 'CSeq: 1 CANCEL'])), undefined);
});

test('Max-Forwards 0 gives 483 unless allowed', () => {
  const r = req(['OPTIONS sip:c@d SIP/2.0', ...BASE.slice(0, 4), 'Max-Forwards: 0', 'CSeq: 1 OPTIONS']);
  assert.deepEqual(validateRequest(r), { status: 483, reason: 'Too Many Hops' });
  assert.equal(validateRequest(r, { refuseZeroMaxForwards: false }), undefined);
});

test('Require: unknown option tags give 420 listing them, ignored for ACK/CANCEL', () => {
  const r = req(['INVITE sip:c@d SIP/2.0', ...BASE, 'CSeq: 1 INVITE', 'Require: 100rel, timer']);
  assert.deepEqual(validateRequest(r), { status: 420, reason: 'Bad Extension', unsupported: ['100rel', 'timer'] });
  assert.deepEqual(validateRequest(r, { supported: ['timer'] })?.unsupported, ['100rel']);
  assert.equal(validateRequest(req(['ACK sip:c@d SIP/2.0', ...BASE, 'CSeq: 1 ACK', 'Require: foo'])), undefined);
});

test('URI scheme, URI length, Date, Content-Length, Expires', () => {
  const tel = req(['OPTIONS tel:+861 SIP/2.0', ...BASE, 'CSeq: 1 OPTIONS']);
  assert.equal(validateRequest(tel), undefined);
  assert.equal(validateRequest(tel, { schemes: ['sip', 'sips'] })?.status, 416);
  const long = req([`OPTIONS sip:${'x'.repeat(300)}@d SIP/2.0`, ...BASE, 'CSeq: 1 OPTIONS']);
  assert.equal(validateRequest(long, { maxRequestUriLength: 256 })?.status, 414);
  assert.equal(validateRequest(req(['OPTIONS sip:c@d SIP/2.0', ...BASE, 'CSeq: 1 OPTIONS', 'Date: Sat, 13 Nov 2010 23:29:00 GMT'])), undefined);
  assert.equal(validateRequest(req(['OPTIONS sip:c@d SIP/2.0', ...BASE, 'CSeq: 1 OPTIONS', 'Date: Sat, 13 Nov 2010 23:29:00 PST']))?.status, 400);
  const r = req(['OPTIONS sip:c@d SIP/2.0', ...BASE, 'CSeq: 1 OPTIONS', 'Content-Length: 3'], 'abc');
  assert.equal(validateRequest(r), undefined);
  r.body = Buffer.from('ab');
  assert.equal(validateRequest(r)?.reason, 'Content-Length mismatch');
  assert.equal(validateRequest(req(['REGISTER sip:d SIP/2.0', ...BASE, 'CSeq: 1 REGISTER', 'Expires: soon']))?.status, 400);
});

test('identifiers: branch cookie, uniqueness', () => {
  const b = new Set(Array.from({ length: 1000 }, generateBranch));
  assert.equal(b.size, 1000);
  for (const x of b) assert.match(x, /^z9hG4bK[0-9a-f]{32}$/);
  assert.match(generateTag(), /^[0-9a-f]{16}$/);
  assert.notEqual(generateCallId(), generateCallId());
});
