/**
 * A bounded raw-UDP INVITE sender for the edge tests and bench/sip-flood: `rate` INVITEs per second
 * for `seconds` from one local address (a loopback alias such as 127.0.0.7), each a new call as a
 * flooder sends them (SIPp-like, with SDP), counting what it sent and what came back.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';

export interface FloodOptions {
  /** Local address to send from (any 127.x.y.z works on Linux loopback). */
  from: string;
  host: string;
  port: number;
  rate: number;
  seconds: number;
  /** The Request-URI user (default a 400 number). */
  service?: string;
  /** Extra header lines (e.g. `User-Agent: friendly-scanner`). */
  headers?: string[];
  /** How long to keep listening for answers after the last INVITE (ms, default 2000). */
  linger?: number;
}

export interface FloodResult {
  sent: number;
  bytesSent: number;
  received: number;
  bytesReceived: number;
  /** Answers by status code. */
  statuses: Map<number, number>;
}

export function invite(n: number, from: string, localPort: number, host: string, port: number, service: string, headers: string[] = []): Buffer {
  const sdp = `v=0\r\no=flood 53655765 2353687637 IN IP4 ${from}\r\ns=-\r\nc=IN IP4 ${from}\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n`;
  return Buffer.from(
    `INVITE sip:${service}@${host}:${port} SIP/2.0\r\n` +
      `Via: SIP/2.0/UDP ${from}:${localPort};branch=z9hG4bK-flood-${n};rport\r\n` +
      `From: <sip:13912345678@${from}:${localPort}>;tag=flood${n}\r\n` +
      `To: <sip:${service}@${host}:${port}>\r\n` +
      `Call-ID: flood-${n}@${from}\r\n` +
      `CSeq: 1 INVITE\r\n` +
      `Contact: <sip:13912345678@${from}:${localPort}>\r\n` +
      `Max-Forwards: 70\r\n` +
      headers.map((h) => `${h}\r\n`).join('') +
      `Content-Type: application/sdp\r\n` +
      `Content-Length: ${Buffer.byteLength(sdp)}\r\n\r\n${sdp}`,
  );
}

export async function floodInvites(opts: FloodOptions): Promise<FloodResult> {
  const sock = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(0, opts.from, () => resolve());
  });
  const result: FloodResult = { sent: 0, bytesSent: 0, received: 0, bytesReceived: 0, statuses: new Map() };
  sock.on('message', (m) => {
    result.received++;
    result.bytesReceived += m.length;
    const status = Number(/^SIP\/2\.0 (\d{3})/.exec(m.toString('latin1', 0, 16))?.[1] ?? 0);
    result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
  });
  sock.on('error', () => undefined);
  const localPort = sock.address().port;
  const total = Math.round(opts.rate * opts.seconds);
  const started = performance.now();
  // Paced in 10 ms ticks: as many as the elapsed time allows, never more than `total`.
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * opts.rate));
      while (result.sent < due) {
        const bytes = invite(result.sent, opts.from, localPort, opts.host, opts.port, opts.service ?? '4006123456', opts.headers);
        result.sent++;
        result.bytesSent += bytes.length;
        sock.send(bytes, opts.port, opts.host);
      }
      if (result.sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 10);
  });
  await new Promise((r) => setTimeout(r, opts.linger ?? 2000));
  sock.close();
  return result;
}

/**
 * The same flood from a child process (so that sending does not share the event loop of a
 * platform running in the test's own process): resolves with the child's counts.
 */
export function floodInvitesInChild(opts: FloodOptions): Promise<FloodResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HOTLINE_FLOOD: JSON.stringify(opts) } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`flood child exited ${code}: ${out}`));
      const r = JSON.parse(out) as Omit<FloodResult, 'statuses'> & { statuses: [number, number][] };
      resolve({ ...r, statuses: new Map(r.statuses) });
    });
  });
}

// Run as a script by floodInvitesInChild.
if (process.env.HOTLINE_FLOOD !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await floodInvites(JSON.parse(process.env.HOTLINE_FLOOD) as FloodOptions);
  process.stdout.write(JSON.stringify({ ...r, statuses: [...r.statuses] }));
}
