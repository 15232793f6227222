/**
 * Issue 2: the 49 RFC 4475 torture messages sent to the whole running platform (B2BUA, registrar,
 * routing, database behind it) over UDP and TCP: no `accept` message gets 400, every `reject`
 * request gets a 4xx/5xx refusal, responses get nothing, and an OPTIONS right after each one is
 * still answered 200.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { startHarness } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';

const DIR = new URL('../../../shared/testdata/sip/rfc4475/', import.meta.url);
const expectations = JSON.parse(readFileSync(new URL('expectations.json', DIR), 'utf8')) as Record<'accept' | 'reject' | 'either', string[]>;
const corpus = (['accept', 'reject', 'either'] as const).flatMap((cls) => expectations[cls].map((name) => ({ name, cls, bytes: readFileSync(new URL(`${name}.dat`, DIR)) })));
const isResponse = (b: Buffer) => b.toString('latin1', 0, 4) === 'SIP/';
const statusOf = (text: string) => Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1] ?? 0);
const callIdOf = (text: string) => /^(?:Call-ID|i)[ \t]*:[ \t]*([^\r\n]*)/im.exec(text)?.[1]?.trim();
/** Replies to this message only (a late reply to the previous one must not count). */
const repliesTo = (bytes: Buffer, replies: string[]) => {
  const id = callIdOf(bytes.toString('latin1'));
  return replies.filter((t) => id === undefined || callIdOf(t) === id);
};

function options(n: number, transport: 'UDP' | 'TCP', port: number): Buffer {
  return Buffer.from(
    `OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK-probe-${transport}-${n}\r\n` +
      `Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p${n}\r\nTo: <sip:probe@127.0.0.1>\r\nCall-ID: probe-${transport}-${n}\r\n` +
      `CSeq: ${n} OPTIONS\r\nContent-Length: 0\r\n\r\n`,
  );
}

/** Every final status the platform sent for a message, and whether the OPTIONS after it got 200. */
interface Outcome {
  statuses: number[];
  optionsOk: boolean;
}

describe('RFC 4475 torture messages against the running platform', () => {
  let h: Harness;
  before(async () => {
    // A parsing test, not a flood: 98 messages and their probes from one address would be banned by the edge guard's rate limit (test/sip-edge covers that).
    h = await startHarness({ env: { HOTLINE_SIP_RATE_LIMIT: '0' } });
  });
  after(async () => {
    await h?.stop();
  });

  async function overUdp(): Promise<Map<string, Outcome>> {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const inbox: string[] = [];
    sock.on('message', (m) => inbox.push(m.toString('latin1')));
    const out = new Map<string, Outcome>();
    let n = 0;
    for (const m of corpus) {
      inbox.length = 0;
      sock.send(m.bytes, h.platform.sipPort, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 150));
      const statuses = repliesTo(m.bytes, inbox).map(statusOf).filter((s) => s >= 200);
      n++;
      inbox.length = 0;
      sock.send(options(n, 'UDP', sock.address().port), h.platform.sipPort, '127.0.0.1');
      let optionsOk = false;
      for (let i = 0; i < 40 && !optionsOk; i++) {
        await new Promise((r) => setTimeout(r, 25));
        optionsOk = inbox.some((t) => statusOf(t) === 200 && t.includes(`probe-UDP-${n}`));
      }
      out.set(m.name, { statuses, optionsOk });
    }
    sock.close();
    return out;
  }

  async function overTcp(): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>();
    let n = 100;
    for (const m of corpus) {
      // A fresh connection per message: a malformed one may leave the stream unframeable.
      const s = connect(h.platform.sipPort, '127.0.0.1');
      await new Promise<void>((r) => s.once('connect', () => r()));
      let text = '';
      s.on('data', (d: Buffer) => (text += d.toString('latin1')));
      s.on('error', () => undefined);
      // Half-close: the end of the stream tells the framer no more bytes follow (clerr claims a
      // longer body than it carries).
      s.end(m.bytes);
      await new Promise((r) => setTimeout(r, 200));
      const statuses = repliesTo(m.bytes, text.split(/(?=^SIP\/2\.0 )/m)).map(statusOf).filter((x) => x >= 200);
      s.destroy();
      n++;
      const p = connect(h.platform.sipPort, '127.0.0.1');
      await new Promise<void>((r) => p.once('connect', () => r()));
      let ptext = '';
      p.on('data', (d: Buffer) => (ptext += d.toString('latin1')));
      p.write(options(n, 'TCP', p.localPort ?? 0));
      let optionsOk = false;
      for (let i = 0; i < 40 && !optionsOk; i++) {
        await new Promise((r) => setTimeout(r, 25));
        optionsOk = ptext.includes(`probe-TCP-${n}`) && statusOf(ptext) === 200;
      }
      p.destroy();
      out.set(m.name, { statuses, optionsOk });
    }
    return out;
  }

  for (const transport of ['udp', 'tcp'] as const) {
    test(`over ${transport.toUpperCase()}`, async () => {
      const results = transport === 'udp' ? await overUdp() : await overTcp();
      const problems: string[] = [];
      for (const m of corpus) {
        const r = results.get(m.name);
        if (!r) continue;
        if (!r.optionsOk) problems.push(`${m.name}: OPTIONS afterwards was not answered 200`);
        if (isResponse(m.bytes)) {
          if (r.statuses.length > 0) problems.push(`${m.name}: a response was answered (${r.statuses.join(',')})`);
          continue;
        }
        if (m.cls === 'accept' && r.statuses.includes(400)) problems.push(`${m.name}: accept message got 400`);
        if (m.cls === 'reject' && !r.statuses.some((s) => s >= 400 && s < 600)) problems.push(`${m.name}: reject message got ${r.statuses.join(',') || 'no answer'}`);
      }
      assert.deepEqual(problems, [], `${problems.join('\n')}\n${h.logs()}`);
    });
  }
});
