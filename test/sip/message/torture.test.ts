// RFC 4475 torture messages through parseMessage + validateRequest, judged by expectations.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMessage } from '../../../src/sip/message/parse-message.ts';
import { SipParseError } from '../../../src/sip/message/sip-parse-error.ts';
import { validateRequest } from '../../../src/sip/message/validate-request.ts';

const dir = fileURLToPath(new URL('../../../../shared/testdata/sip/rfc4475/', import.meta.url));
const expectations = JSON.parse(readFileSync(`${dir}expectations.json`, 'utf8')) as Record<'accept' | 'reject' | 'either', string[]>;

type Outcome = { kind: 'ok' } | { kind: 'refused'; status: number; reason: string; by: 'parser' | 'validate' };

function judge(name: string): Outcome {
  const buf = readFileSync(`${dir}${name}.dat`);
  let msg;
  try {
    msg = parseMessage(buf, { transport: 'udp' });
  } catch (e) {
    if (!(e instanceof SipParseError)) throw e;
    return { kind: 'refused', status: e.status, reason: e.reason, by: 'parser' };
  }
  if (msg.kind === 'response') return { kind: 'ok' };
  const problem = validateRequest(msg);
  return problem === undefined ? { kind: 'ok' } : { kind: 'refused', ...problem, by: 'validate' };
}

test('the corpus has all 49 messages and every one is classified', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.dat')).map((f) => f.slice(0, -4)).sort();
  const classified = [...expectations.accept, ...expectations.reject, ...expectations.either].sort();
  assert.equal(files.length, 49);
  assert.deepEqual(classified, files);
});

for (const name of expectations.accept) {
  test(`accept ${name}`, () => {
    const out = judge(name);
    assert.deepEqual(out, { kind: 'ok' });
  });
}

for (const name of expectations.reject) {
  test(`reject ${name}`, () => {
    const out = judge(name);
    assert.equal(out.kind, 'refused', `${name} was accepted`);
    if (out.kind === 'refused') assert.ok(out.status >= 400 && out.status < 600, `${name}: ${out.status}`);
  });
}

for (const name of expectations.either) {
  test(`either ${name} parses or is refused cleanly`, () => {
    const out = judge(name);
    if (out.kind === 'refused') assert.ok(out.status >= 400 && out.status < 600);
  });
}

test('rejections name the fault', () => {
  const status = (n: string): number | undefined => {
    const o = judge(n);
    return o.kind === 'refused' ? o.status : undefined;
  };
  assert.equal(status('badvers'), 505);
  assert.equal(status('zeromf'), 483);
  assert.equal(status('bext01'), 420);
  assert.equal(status('insuf'), 400);
  assert.equal(status('mismatch01'), 400);
  assert.equal(status('clerr'), 400);
});

test('a refused request carries what a 400 needs', () => {
  try {
    parseMessage(readFileSync(`${dir}badinv01.dat`));
    assert.fail('badinv01 parsed');
  } catch (e) {
    assert.ok(e instanceof SipParseError);
    assert.equal(e.partial?.isRequest, true);
    assert.equal(e.partial?.callId, 'badinv01.0ha0isndaksdjasdf3234nas');
    assert.equal(e.partial?.cseq, '8 INVITE');
    assert.deepEqual(e.partial?.via, ['SIP/2.0/UDP 192.0.2.15;;,;,,']);
  }
});
