// The subscriber side of bench/event-feed.ts, in its own process so the platform's CPU is measured
// alone: opens N feed connections with the session cookie, and for every event message notes the
// delivery latency (receipt wall time − the envelope's `time`, both on this machine's clock).
// Prints one JSON line (count, p50, p99, max in ms) when told "report" on stdin.
import WebSocket from 'ws';

const [port, cookie, countArg] = process.argv.slice(2);
const count = Number(countArg);
const latencies: number[] = [];
let events = 0;
let open = 0;

for (let i = 0; i < count; i++) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/events`, { headers: { cookie: cookie ?? '' } });
  ws.on('open', () => {
    open++;
    if (open === count) process.stdout.write('ready\n');
  });
  ws.on('message', (data: Buffer) => {
    const now = Date.now();
    const text = data.toString('utf8');
    if (!text.startsWith('{"kind":"event"')) return;
    // The envelope's time, without parsing the whole message (1000 clients × every event).
    const at = text.indexOf('"time":"');
    if (at < 0) return;
    events++;
    latencies.push(now - Date.parse(text.slice(at + 8, at + 32)));
  });
  ws.on('error', (err) => process.stderr.write(`client ${i}: ${err.message}\n`));
}

process.stdin.on('data', (d) => {
  if (!d.toString().includes('report')) return;
  const sorted = latencies.sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? null;
  process.stdout.write(`${JSON.stringify({ events, p50: q(0.5), p99: q(0.99), max: sorted.at(-1) ?? null })}\n`, () => process.exit(0));
});
