/**
 * Issue 13's bench: N callers waiting in a queue at once, each hearing the hold music. SIPp places
 * the calls through the trunk (one INVITE per caller, its SDP naming a UDP socket of this process
 * as the caller's RTP port, from an injection file); nobody is logged in, so every caller waits
 * for `--hold` seconds and hangs up. Per caller this process measures the RTP it receives: the
 * interarrival jitter (RFC 3550 §6.4.1, ms) and loss (sequence gaps). Prints p50/p99/max jitter
 * over callers and the loss.
 *
 *   node --import tsx bench/queue-waiting.ts --callers 500 --rate 50 --hold 30
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { startHarness, tenantWithNumber } from '../test/support/platform-harness.ts';
import { runSipp, freePort } from '../test/support/sipp.ts';
import { QUEUE_DEFAULTS } from '../src/acd/acd-model.ts';
import { setNumberPolicy } from '../src/routing/number-policy-store.ts';
import { cdata, inDialog, inviteWithSdp, scenario } from '../test/support/sipp-scenarios.ts';

const { values } = parseArgs({ options: { callers: { type: 'string', default: '50' }, rate: { type: 'string', default: '25' }, hold: { type: 'string', default: '15' }, workers: { type: 'string', default: '2' } } });
const CALLERS = Number(values.callers);
const RATE = Number(values.rate);
const HOLD_S = Number(values.hold);
const NUMBER = '4006123456';

interface Stream {
  socket: Socket;
  port: number;
  packets: number;
  /** Expected packets of the segments before the current one (a new SSRC or a sequence jump: a new play). */
  expectedBefore: number;
  ssrc: number | undefined;
  firstSeq: number | undefined;
  maxSeq: number;
  jitter: number;
  lastTransit: number | undefined;
}

async function stream(): Promise<Stream> {
  const socket = createSocket('udp4');
  const s: Stream = { socket, port: 0, packets: 0, expectedBefore: 0, ssrc: undefined, firstSeq: undefined, maxSeq: 0, jitter: 0, lastTransit: undefined };
  socket.on('message', (m) => {
    if (m.length < 12) return;
    const seq = m.readUInt16BE(2);
    const ts = m.readUInt32BE(4);
    const ssrc = m.readUInt32BE(8);
    const arrival = (performance.now() * 8) >>> 0; // in 8 kHz timestamp units
    s.packets++;
    const jump = s.firstSeq !== undefined && Math.abs(((seq - (s.maxSeq & 0xffff) + 0x18000) % 0x10000) - 0x8000) > 1000;
    if (s.ssrc !== ssrc || jump) {
      // A new source or a new play (RFC 3550 §8): a new segment, its own sequence and timestamps.
      if (s.firstSeq !== undefined) s.expectedBefore += s.maxSeq - s.firstSeq + 1;
      s.ssrc = ssrc;
      s.firstSeq = undefined;
      s.lastTransit = undefined;
    }
    if (s.firstSeq === undefined) {
      s.firstSeq = seq;
      s.maxSeq = seq;
    }
    const ext = seq < (s.maxSeq & 0xffff) - 30000 ? (s.maxSeq & ~0xffff) + 0x10000 + seq : (s.maxSeq & ~0xffff) + seq;
    if (ext > s.maxSeq) s.maxSeq = ext;
    const transit = (arrival - ts) | 0;
    if (s.lastTransit !== undefined) s.jitter += (Math.abs(transit - s.lastTransit) - s.jitter) / 16;
    s.lastTransit = transit;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  s.port = socket.address().port;
  return s;
}

const h = await startHarness({ env: { HOTLINE_MEDIA_WORKERS: values.workers, HOTLINE_RTP_PORTS: '40000-44999' } });
try {
  const trunkPort = await freePort('udp');
  await h.provision({ trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: trunkPort, transport: 'udp' } }], tenants: [tenantWithNumber(NUMBER, [])] });
  const tenantId = (await h.platform.database.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
  h.platform.acd.engine.putQueue({ ...QUEUE_DEFAULTS, id: 'wait', tenantId, name: 'wait', overflowWhenNoAgents: false, maxWaitSeconds: null, announceEverySeconds: 0 });
  await setNumberPolicy(h.platform.database.db, tenantId, NUMBER, { default: { queue: 'wait' } }, { queues: new Set(['wait']) });
  const streams = await Promise.all(Array.from({ length: CALLERS }, () => stream()));
  const xml = scenario('queue-waiter', `<send retrans="500">${cdata(inviteWithSdp('[field0]'))}</send>
<recv response="100" optional="true"/>
<recv response="180" optional="true"/>
<recv response="183" optional="true"/>
<recv response="200" rrs="true" timeout="30000"/>
<send>${cdata(inDialog('ACK', 1))}</send>
<pause milliseconds="${HOLD_S * 1000}"/>
<send retrans="500">${cdata(inDialog('BYE', 2))}</send>
<recv response="200" crlf="true"/>`);
  const started = Date.now();
  const result = await runSipp({ scenario: xml, remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, calls: CALLERS, rate: RATE, limit: CALLERS, keys: { caller: '13912345678' }, injection: `SEQUENTIAL\n${streams.map((s) => s.port).join('\n')}\n`, timeoutSeconds: Math.ceil(CALLERS / RATE + HOLD_S + 60) });
  const jitters = streams.filter((s) => s.packets > 0).map((s) => s.jitter / 8).sort((a, b) => a - b);
  const expected = streams.reduce((n, s) => n + s.expectedBefore + (s.firstSeq === undefined ? 0 : s.maxSeq - s.firstSeq + 1), 0);
  const received = streams.reduce((n, s) => n + s.packets, 0);
  const pct = (p: number) => jitters[Math.min(jitters.length - 1, Math.floor((p / 100) * jitters.length))] ?? NaN;
  console.log(`callers ${CALLERS} (rate ${RATE}/s, each waiting ${HOLD_S} s with music), media workers ${values.workers}; SIPp: ${result.stats?.successful ?? '?'} ok, ${result.stats?.failed ?? '?'} failed; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`callers that heard music: ${jitters.length}/${CALLERS}`);
  console.log(`jitter (RFC 3550, per caller at the end) p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${(jitters.at(-1) ?? NaN).toFixed(2)} ms`);
  console.log(`RTP packets received ${received}, expected by sequence ${expected}, lost ${expected - received} (${expected > 0 ? ((100 * (expected - received)) / expected).toFixed(3) : '0'} %)`);
  for (const s of streams) s.socket.close();
} finally {
  await h.stop();
}
