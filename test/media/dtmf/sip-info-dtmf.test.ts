import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSipInfoDtmf, parseDtmfRelay, parseDtmf } from '../../../src/media/dtmf/sip-info-dtmf.ts';
import { DtmfError } from '../../../src/media/dtmf/dtmf-error.ts';

test('application/dtmf-relay bodies', () => {
  assert.deepEqual(parseSipInfoDtmf('application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n'), { digit: '5', durationMs: 160 });
  assert.deepEqual(parseDtmfRelay('signal = #\nduration= 250'), { digit: '#', durationMs: 250 });
  assert.deepEqual(parseDtmfRelay('Signal=10\r\nDuration=100'), { digit: '*', durationMs: 100 });
  assert.deepEqual(parseDtmfRelay('Signal=11'), { digit: '#', durationMs: 250 });
  assert.deepEqual(parseSipInfoDtmf('Application/DTMF-Relay; charset=utf-8', 'Signal=d\r\n'), { digit: 'D', durationMs: 250 });
});

test('application/dtmf bodies', () => {
  assert.deepEqual(parseSipInfoDtmf('application/dtmf', '7\r\n'), { digit: '7', durationMs: 250 });
  assert.deepEqual(parseDtmf(' * '), { digit: '*', durationMs: 250 });
  assert.deepEqual(parseDtmf('11'), { digit: '#', durationMs: 250 });
});

test('bad bodies throw DtmfError with a code, never anything else', () => {
  const bad: Array<[string, string, string]> = [
    ['application/dtmf-relay', 'Duration=160', 'bad-body'],
    ['application/dtmf-relay', 'Signal=55', 'bad-body'],
    ['application/dtmf-relay', 'Signal=x', 'bad-body'],
    ['application/dtmf-relay', 'Signal=1\nDuration=-3', 'bad-body'],
    ['application/dtmf', '', 'bad-body'],
    ['text/plain', 'Signal=1', 'unsupported-type'],
  ];
  for (const [type, body, code] of bad) {
    assert.throws(() => parseSipInfoDtmf(type, body), (e: unknown) => e instanceof DtmfError && e.code === code, body);
  }
});

test('fuzz: random bodies either parse to a digit or throw DtmfError', () => {
  let seed = 7;
  const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const alphabet = 'Signal=Duration0123456789*#ABCDx \r\n=;\u0000\u00ff中';
  for (let i = 0; i < 3000; i++) {
    const body = Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]).join('');
    for (const type of ['application/dtmf-relay', 'application/dtmf']) {
      try {
        const r = parseSipInfoDtmf(type, body);
        assert.match(r.digit, /^[0-9*#A-DF]$/);
        assert.ok(Number.isInteger(r.durationMs) && r.durationMs >= 0);
      } catch (e) {
        assert.ok(e instanceof DtmfError, String(e));
      }
    }
  }
});
