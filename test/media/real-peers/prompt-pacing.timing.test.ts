/**
 * Issue 3: a prompt played to a SIPp caller arrives as a well-paced stream — the inter-packet gap
 * is within 20 ± 2 ms at the 99th percentile. Timing-sensitive: scripts/test.mjs runs `*.timing`
 * files alone, after the rest, so other tests do not share the cores. The arrivals are
 * timestamped in another process, where the caller's media lands.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMediaUas } from '../../support/media-uas.ts';
import type { MediaUas } from '../../support/media-uas.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../../support/sipp-process.ts';
import { WAIT_FOR_BYE, uacScenario } from '../../support/sipp-media-scenarios.ts';

let uas: MediaUas;
before(async () => {
  const base = 48600 + (process.pid % 20) * 20;
  uas = await startMediaUas({ rtpPorts: `${base}-${base + 19}` });
});
after(async () => {
  await uas?.close();
});

test('a prompt played to the caller arrives as a well-paced stream (gap within 20 ± 2 ms at p99)', async () => {
  const probePort = await freeUdpPort();
  const probe = spawn(process.execPath, [fileURLToPath(new URL('./rtp-probe.mjs', import.meta.url)), String(probePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  probe.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => setTimeout(r, 300));
  const sipp = startSipp({ scenario: uacScenario({ mediaPort: String(probePort), afterAck: WAIT_FOR_BYE }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${uas.port}`, service: 'prompt' });
  const call = await uas.nextCall();
  const prompt = fileURLToPath(new URL('../../../assets/prompts/zh-CN/welcome.wav', import.meta.url));
  const outcome = await call.media.play({ kind: 'sequence', items: [{ kind: 'file', path: prompt }, { kind: 'file', path: prompt }] });
  assert.equal(outcome, 'finished');
  call.hangup();
  await call.ended;
  const run = await sipp.done;
  assert.equal(run.exitCode, 0, run.errors);
  probe.kill('SIGTERM');
  await new Promise((r) => probe.once('exit', r));
  const arrivals = (JSON.parse(out) as { t: number[] }).t;
  assert.ok(arrivals.length > 100, `only ${arrivals.length} packets arrived`);
  const deviations = arrivals
    .slice(1)
    .map((t, i) => Math.abs(t - (arrivals[i] ?? t) - 20))
    .sort((a, b) => a - b);
  const p99 = deviations[Math.min(deviations.length - 1, Math.floor(0.99 * deviations.length))] ?? Infinity;
  assert.ok(p99 <= 2, `|gap − 20 ms| at p99 is ${p99.toFixed(2)} ms over ${deviations.length} gaps`);
  await call.media.destroy();
});
