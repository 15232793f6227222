/**
 * SMS out through the operator's SMS gateway over SMPP 3.4: one bind_transceiver session, kept
 * alive with enquire_link, re-established with exponential backoff whenever it drops, and
 * submit_sm per message part (UCS2 for Chinese, concatenation UDH for long texts).
 *
 * Connection states: `connecting` (TCP + bind in flight) → `bound` → (drop) `backoff` → `connecting`
 * …; `closed` is final.
 */
import smpp from 'smpp';
import type { Pdu, Session } from 'smpp';
import type { Clock, TimerHandle } from '../kernel/clock.ts';
import { systemClock } from '../kernel/clock.ts';
import { splitSms } from './sms-segments.ts';
import { SendError } from './send-error.ts';
import type { MessageSender } from './send-error.ts';

export type SmppState = 'connecting' | 'bound' | 'backoff' | 'closed';

export interface SmppSenderOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  /** The sender shown on the phone (a 106… service code, or alphanumeric where allowed). */
  sourceAddress: string;
  systemType?: string;
  clock?: Clock;
  /** enquire_link period (default 30 s); an unanswered one within `responseTimeoutMs` drops the link. */
  enquireLinkMs?: number;
  responseTimeoutMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  log?: (line: string) => void;
}

/** SMPP 3.4 §5.2.5 TON / §5.2.6 NPI. */
const TON_UNKNOWN = 0x00;
const TON_INTERNATIONAL = 0x01;
const TON_ALPHANUMERIC = 0x05;
const NPI_UNKNOWN = 0x00;
const NPI_ISDN = 0x01;

/** Command statuses that will not change on retry (SMPP 3.4 §5.1.3): the destination is wrong. */
const PERMANENT = new Set([0x0b /* RINVDSTADR */, 0x50 /* RINVDSTTON */, 0x51 /* RINVDSTNPI */]);

interface Pending {
  resolve(pdu: Pdu): void;
  reject(err: Error): void;
  timer: TimerHandle;
}

export class SmppSender implements MessageSender {
  private stateNow: SmppState = 'connecting';
  private session: Session | undefined;
  private failures = 0;
  private timer: TimerHandle | undefined;
  private keepalive: TimerHandle | undefined;
  private readonly pending = new Set<Pending>();
  private readonly readyListeners = new Set<() => void>();
  private reference = Math.floor(Math.random() * 256);
  private readonly clock: Clock;

  constructor(private readonly opts: SmppSenderOptions) {
    this.clock = opts.clock ?? systemClock;
    this.connect();
  }

  get state(): SmppState {
    return this.stateNow;
  }

  get ready(): boolean {
    return this.stateNow === 'bound';
  }

  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Submits every part; resolves with the gateway's message ids joined by commas. */
  async send(message: { to: string; body: string }): Promise<string> {
    const session = this.session;
    if (this.stateNow !== 'bound' || !session) throw new SendError('transient', `SMS gateway not bound (${this.stateNow})`);
    this.reference = (this.reference + 1) & 0xff;
    let parts;
    try {
      parts = splitSms(message.body, this.reference);
    } catch (err) {
      throw new SendError('permanent', (err as Error).message);
    }
    const ids: string[] = [];
    for (const part of parts) {
      const resp = await this.request(session, 'submit_sm', {
        service_type: '',
        source_addr_ton: /^\+?\d+$/.test(this.opts.sourceAddress) ? TON_UNKNOWN : TON_ALPHANUMERIC,
        source_addr_npi: NPI_UNKNOWN,
        source_addr: this.opts.sourceAddress,
        dest_addr_ton: TON_INTERNATIONAL,
        dest_addr_npi: NPI_ISDN,
        destination_addr: message.to.replace(/^\+/, ''),
        esm_class: part.esmClass,
        data_coding: part.dataCoding,
        registered_delivery: 0,
        short_message: part.shortMessage,
      });
      if (resp.command_status !== 0) {
        const kind = PERMANENT.has(resp.command_status) ? 'permanent' : 'transient';
        throw new SendError(kind, `submit_sm refused with status 0x${resp.command_status.toString(16)}`);
      }
      ids.push(String(resp.message_id ?? ''));
    }
    return ids.join(',');
  }

  async close(): Promise<void> {
    if (this.stateNow === 'closed') return;
    this.stateNow = 'closed';
    this.clearTimers();
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    // SMPP 3.4 §4.2: an ESME should unbind before closing; do not wait long for a gateway that is gone.
    await new Promise<void>((resolve) => {
      const t = this.clock.setTimeout(() => resolve(), 500);
      const sent = session.unbind(() => {
        this.clock.clearTimeout(t);
        resolve();
      });
      if (!sent) {
        this.clock.clearTimeout(t);
        resolve();
      }
    });
    this.failPending(new SendError('transient', 'SMPP sender closed'));
    // A socket destroyed a moment ago (a failed bind) may already have emitted 'close'.
    await new Promise<void>((resolve) => {
      if (session.socket.destroyed) {
        resolve();
        return;
      }
      const t = this.clock.setTimeout(() => resolve(), 1000);
      session.destroy(() => {
        this.clock.clearTimeout(t);
        resolve();
      });
    });
  }

  private connect(): void {
    if (this.stateNow === 'closed') return;
    this.stateNow = 'connecting';
    const session = smpp.connect({ host: this.opts.host, port: this.opts.port });
    this.session = session;
    // One line per outage, not one per reconnect attempt while the gateway stays down.
    session.on('error', (err: Error) => {
      if (this.failures === 0) this.opts.log?.(`SMPP ${this.opts.host}:${this.opts.port}: ${err.message} (reconnecting with backoff)`);
    });
    session.on('close', () => this.dropped(session));
    session.on('connect', () => void this.bind(session));
    // The gateway's own requests get their responses (SMPP 3.4 §4.6, §4.11, §4.12).
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('deliver_sm', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
  }

  private async bind(session: Session): Promise<void> {
    try {
      const resp = await this.request(session, 'bind_transceiver', {
        system_id: this.opts.systemId,
        password: this.opts.password,
        system_type: this.opts.systemType ?? '',
        interface_version: 0x34,
      });
      if (resp.command_status !== 0) throw new Error(`bind_transceiver refused with status 0x${resp.command_status.toString(16)}`);
    } catch (err) {
      this.opts.log?.(`SMPP bind failed: ${(err as Error).message}`);
      session.destroy();
      return;
    }
    if (this.session !== session || this.stateNow === 'closed') return;
    this.stateNow = 'bound';
    this.failures = 0;
    this.scheduleEnquireLink(session);
    for (const l of [...this.readyListeners]) l();
  }

  private scheduleEnquireLink(session: Session): void {
    this.keepalive = this.clock.setTimeout(() => {
      this.request(session, 'enquire_link', {})
        .then(() => {
          if (this.session === session && this.stateNow === 'bound') this.scheduleEnquireLink(session);
        })
        .catch(() => {
          this.opts.log?.('SMPP enquire_link unanswered: dropping the link');
          session.destroy();
        });
    }, this.opts.enquireLinkMs ?? 30_000);
  }

  private dropped(session: Session): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.clearTimers();
    this.failPending(new SendError('transient', 'SMPP link dropped'));
    if (this.stateNow === 'closed') return;
    this.stateNow = 'backoff';
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 1000, maxMs: 60_000 };
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures, 16));
    this.failures++;
    this.timer = this.clock.setTimeout(() => this.connect(), delay);
  }

  /** Sends a request PDU and waits for its response (or the response timeout). */
  private request(session: Session, command: 'bind_transceiver' | 'submit_sm' | 'enquire_link', fields: Record<string, unknown>): Promise<Pdu> {
    return new Promise<Pdu>((resolve, reject) => {
      const entry: Pending = {
        resolve: (pdu) => {
          this.pending.delete(entry);
          this.clock.clearTimeout(entry.timer);
          resolve(pdu);
        },
        reject: (err) => {
          this.pending.delete(entry);
          this.clock.clearTimeout(entry.timer);
          reject(err);
        },
        timer: this.clock.setTimeout(() => entry.reject(new SendError('transient', `${command} unanswered`)), this.opts.responseTimeoutMs ?? 10_000),
      };
      this.pending.add(entry);
      const sent = session[command](fields, (pdu: Pdu) => entry.resolve(pdu));
      if (!sent) entry.reject(new SendError('transient', 'SMPP socket not writable'));
    });
  }

  private failPending(err: Error): void {
    for (const p of [...this.pending]) p.reject(err);
  }

  private clearTimers(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    if (this.keepalive) this.clock.clearTimeout(this.keepalive);
    this.timer = undefined;
    this.keepalive = undefined;
  }
}
