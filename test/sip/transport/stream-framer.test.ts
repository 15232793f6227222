import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamFramer, readContentLength } from '../../../src/sip/transport/stream-framer.ts';
import type { StreamFrame } from '../../../src/sip/transport/stream-framer.ts';

const msg = (body: string, cl: string | null = String(Buffer.byteLength(body))): string =>
  'OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n' +
  (cl === null ? '' : `Content-Length: ${cl}\r\n`) + '\r\n' + body;

const texts = (frames: StreamFrame[]): string[] =>
  frames.map((f) => (f.kind === 'message' || f.kind === 'truncated' ? f.data.toString('latin1') : f.kind === 'ping' ? '<ping>' : `<error ${f.reason}>`));

test('frames a message delivered one byte at a time', () => {
  const framer = new StreamFramer(65536);
  const m = msg('hello');
  const out: StreamFrame[] = [];
  for (const ch of Buffer.from(m)) out.push(...framer.push(Buffer.from([ch])));
  assert.deepEqual(texts(out), [m]);
  assert.equal(framer.buffered, 0);
});

test('frames pipelined messages in one chunk and keeps a trailing partial one', () => {
  const framer = new StreamFramer(65536);
  const a = msg('a-body');
  const b = msg('');
  const c = msg('ccc');
  const out = framer.push(Buffer.from(a + b + c.slice(0, 20)));
  assert.deepEqual(texts(out), [a, b]);
  assert.deepEqual(texts(framer.push(Buffer.from(c.slice(20)))), [c]);
});

test('skips CRLF keepalives before a start line and answers double-CRLF pings', () => {
  const framer = new StreamFramer(65536);
  const a = msg('x');
  assert.deepEqual(texts(framer.push(Buffer.from('\r\n' + a))), [a]);
  assert.deepEqual(texts(framer.push(Buffer.from('\r\n\r\n'))), ['<ping>']);
  // A ping split across reads is still a ping.
  assert.deepEqual(texts(framer.push(Buffer.from('\r\n'))), []);
  assert.deepEqual(texts(framer.push(Buffer.from('\r\n'))), ['<ping>']);
  assert.deepEqual(texts(framer.push(Buffer.from('\r\n' + a))), [a]);
});

test('compact l: form and folded headers are read', () => {
  assert.deepEqual(readContentLength('X sip:a SIP/2.0\r\nl: 12'), { kind: 'value', value: 12 });
  assert.deepEqual(readContentLength('X sip:a SIP/2.0\r\ncontent-length :\r\n  7'), { kind: 'value', value: 7 });
  assert.deepEqual(readContentLength('X sip:a SIP/2.0\r\nContent-Type: a/b'), { kind: 'absent' });
  assert.deepEqual(readContentLength('X sip:a SIP/2.0\r\nContent-Length: 3\r\nl: 3'), { kind: 'value', value: 3 });
});

test('a missing Content-Length frames as an empty body', () => {
  const framer = new StreamFramer(65536);
  const a = msg('', null);
  assert.deepEqual(texts(framer.push(Buffer.from(a))), [a]);
});

test('negative, non-numeric and conflicting Content-Length end the stream with an error', () => {
  for (const [cl, reason] of [['-999', 'bad-content-length'], ['1x', 'bad-content-length'], ['18446744073709551616', 'bad-content-length']] as const) {
    const framer = new StreamFramer(65536);
    const out = framer.push(Buffer.from(msg('body', cl)));
    assert.equal(out.length, 1);
    assert.equal(out[0]?.kind, 'error');
    assert.equal(out[0]?.kind === 'error' && out[0].reason, reason);
    assert.deepEqual(framer.push(Buffer.from(msg('x'))), [], 'nothing is framed after an error');
  }
  const framer = new StreamFramer(65536);
  const conflicting = 'OPTIONS sip:a SIP/2.0\r\nContent-Length: 13\r\nContent-Length: 5\r\n\r\nbody';
  assert.deepEqual(texts(framer.push(Buffer.from(conflicting))), ['<error conflicting-content-length>']);
});

test('a message over the limit is an error, whether announced or endless headers', () => {
  const framer = new StreamFramer(1000);
  assert.deepEqual(texts(framer.push(Buffer.from(msg('', '5000')))), ['<error too-large>']);
  const endless = new StreamFramer(1000);
  const out = endless.push(Buffer.from('OPTIONS sip:a SIP/2.0\r\n' + 'X-A: b\r\n'.repeat(200)));
  assert.deepEqual(texts(out), ['<error too-large>']);
  const exact = new StreamFramer(Buffer.byteLength(msg('abc')));
  assert.deepEqual(texts(exact.push(Buffer.from(msg('abc')))), [msg('abc')]);
});

test('end() reports an unfinished message, and nothing for trailing keepalives', () => {
  const framer = new StreamFramer(65536);
  assert.deepEqual(texts(framer.push(Buffer.from(msg('abc', '10')))), []);
  const out = framer.end();
  assert.equal(out.length, 1);
  assert.equal(out[0]?.kind, 'truncated');
  assert.equal(out[0]?.kind === 'truncated' && out[0].data.toString('latin1'), msg('abc', '10'));
  const idle = new StreamFramer(65536);
  idle.push(Buffer.from(msg('') + '\r\n'));
  assert.deepEqual(idle.end(), []);
});
