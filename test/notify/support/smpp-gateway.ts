/**
 * A real SMPP server on 127.0.0.1 (node-smpp's server side) standing in for the operator's SMS
 * gateway: it accepts bind_transceiver for one system_id/password, answers submit_sm with message
 * ids, records every PDU and reassembles concatenated messages (3GPP TS 23.040 §9.2.3.24.1).
 */
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import type { Pdu, Server, Session } from 'smpp';

export interface ReceivedSms {
  to: string;
  from: string;
  /** The decoded text, parts joined in sequence order. */
  text: string;
  dataCoding: number;
  parts: number;
}

export interface GatewayOptions {
  systemId?: string;
  password?: string;
  /** A port to listen on (restarts reuse the first one); 0 → the OS picks. */
  port?: number;
  /** submit_sm status to answer for these destinations (e.g. 0x0b invalid destination). */
  refuse?: Map<string, number>;
}

export class SmppGateway {
  readonly messages: ReceivedSms[] = [];
  readonly submits: Pdu[] = [];
  binds = 0;
  enquireLinks = 0;
  private server: Server | undefined;
  private readonly parts = new Map<string, Map<number, string>>();
  private nextId = 1;
  private waiters: (() => void)[] = [];
  port = 0;

  constructor(private readonly opts: GatewayOptions = {}) {}

  async start(): Promise<void> {
    const server = smpp.createServer((session) => this.onSession(session));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port || this.opts.port || 0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the listener and every session (the gateway "goes down"). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of [...server.sessions]) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves when `n` whole messages have arrived (or rejects after `ms`). */
  async waitFor(n: number, ms = 10_000): Promise<ReceivedSms[]> {
    const deadline = Date.now() + ms;
    while (this.messages.length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} SMS, got ${this.messages.length}: ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.messages;
  }

  private onSession(session: Session): void {
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: Pdu) => {
      const ok = pdu.system_id === (this.opts.systemId ?? 'hotline') && pdu.password === (this.opts.password ?? 'secret');
      this.binds++;
      session.send(pdu.response({ command_status: ok ? 0 : smpp.ESME_RBINDFAIL, system_id: 'test-smsc' }));
      if (!ok) session.close();
    });
    session.on('enquire_link', (pdu: Pdu) => {
      this.enquireLinks++;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: Pdu) => {
      this.submits.push(pdu);
      const to = String(pdu.destination_addr);
      const refused = this.opts.refuse?.get(to);
      if (refused !== undefined) {
        session.send(pdu.response({ command_status: refused }));
        return;
      }
      session.send(pdu.response({ message_id: `m${this.nextId++}` }));
      this.collect(pdu, to);
    });
  }

  private collect(pdu: Pdu, to: string): void {
    const sm = pdu.short_message as { udh?: Buffer[]; message: string | Buffer };
    const text = typeof sm.message === 'string' ? sm.message : sm.message.toString('latin1');
    const concat = sm.udh?.find((u) => u[0] === 0x00);
    const dataCoding = Number(pdu.data_coding);
    const from = String(pdu.source_addr);
    if (!concat) {
      this.push({ to, from, text, dataCoding, parts: 1 });
      return;
    }
    const [ref, total, seq] = [concat[2] ?? 0, concat[3] ?? 0, concat[4] ?? 0];
    const key = `${to}/${ref}`;
    const got = this.parts.get(key) ?? new Map<number, string>();
    got.set(seq, text);
    this.parts.set(key, got);
    if (got.size < total) return;
    this.parts.delete(key);
    const joined = [...got.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t).join('');
    this.push({ to, from, text: joined, dataCoding, parts: total });
  }

  private push(m: ReceivedSms): void {
    this.messages.push(m);
    for (const w of this.waiters.splice(0)) w();
  }
}
