// A raw peer on loopback for transport tests: a UDP socket and TCP connections that send text and
// collect what comes back.
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

export class UdpPeer {
  readonly received: string[] = [];
  #waiters: (() => void)[] = [];

  private constructor(readonly socket: UdpSocket) {
    socket.on('message', (m) => {
      this.received.push(m.toString('latin1'));
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  static async open(): Promise<UdpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    return new UdpPeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(text: string | Buffer, port: number): void {
    this.socket.send(typeof text === 'string' ? Buffer.from(text, 'latin1') : text, port, '127.0.0.1');
  }

  /** Waits until `count` datagrams have arrived in total, or rejects after `ms` (a safety net, not an assertion on time). */
  async waitFor(count: number, ms = 3000): Promise<string[]> {
    const started = Date.now();
    while (this.received.length < count) {
      if (Date.now() - started > ms) throw new Error(`expected ${count} datagrams, got ${this.received.length}: ${this.received.join('\n---\n')}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.received;
  }

  close(): void {
    this.socket.close();
  }
}

export class TcpPeer {
  data = '';
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d) => (this.data += d.toString('latin1')));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static async connect(port: number): Promise<TcpPeer> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    return new TcpPeer(socket);
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  write(text: string | Buffer): void {
    this.socket.write(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  }

  /** Waits until the collected text satisfies `pred`, or rejects after `ms`. */
  async until(pred: (data: string, closed: boolean) => boolean, ms = 3000): Promise<string> {
    const started = Date.now();
    while (!pred(this.data, this.closed)) {
      if (Date.now() - started > ms) throw new Error(`condition not met; got: ${JSON.stringify(this.data)} closed=${this.closed}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.data;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Responses in a text stream, split at start lines. */
export function statusLines(data: string): string[] {
  return data.split('\r\n').filter((l) => l.startsWith('SIP/2.0 '));
}

export function options(opts: { via: string; callId?: string; uri?: string; body?: string; extra?: string; method?: string }): string {
  const body = opts.body ?? '';
  const method = opts.method ?? 'OPTIONS';
  return (
    `${method} ${opts.uri ?? 'sip:svc@127.0.0.1'} SIP/2.0\r\n` +
    `Via: ${opts.via}\r\n` +
    `Max-Forwards: 70\r\n` +
    `From: <sip:peer@example.com>;tag=f1\r\n` +
    `To: <sip:svc@example.com>\r\n` +
    `Call-ID: ${opts.callId ?? 'c-' + Math.random().toString(36).slice(2)}\r\n` +
    `CSeq: 1 ${method}\r\n` +
    (opts.extra ?? '') +
    `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n` +
    body
  );
}

/**
 * A SIP endpoint's WebSocket transport on a loopback HTTP server (as the platform mounts it at
 * /sip), and a peer that sends one SIP message per WebSocket message (RFC 7118 §5.2).
 */
export async function serveSipWebSocket(ep: { acceptWebSocket(ws: WebSocket, remote: { address: string; port: number }, secure: boolean): boolean }): Promise<{ port: number; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('sip') ? 'sip' : false) });
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => ep.acceptWebSocket(ws, { address: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 }, false));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () => {
      for (const c of wss.clients) c.terminate();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export class WsPeer {
  readonly received: string[] = [];
  closed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => this.received.push(d.toString('utf8')));
    ws.on('close', () => (this.closed = true));
    ws.on('error', () => undefined);
  }

  static async connect(port: number, protocol = 'sip'): Promise<WsPeer> {
    const { WebSocket: Ws } = await import('ws');
    const ws = new Ws(`ws://127.0.0.1:${port}/sip`, protocol);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new WsPeer(ws as unknown as WebSocket);
  }

  /** The local TCP port of the connection (the endpoint's view of our source port). */
  get localPort(): number {
    return (this.ws as unknown as { _socket: { localPort: number } })._socket.localPort;
  }

  send(text: string | Buffer): void {
    this.ws.send(text);
  }

  async until(pred: (received: string[], closed: boolean) => boolean, ms = 3000): Promise<string[]> {
    const started = Date.now();
    while (!pred(this.received, this.closed)) {
      if (Date.now() - started > ms) throw new Error(`condition not met; got: ${JSON.stringify(this.received)} closed=${this.closed}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.received;
  }

  close(): void {
    this.ws.terminate();
  }
}
