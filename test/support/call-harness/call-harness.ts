/**
 * Call logic without sockets or sleeps: the platform's SIP endpoint, UA core and B2BUA on an
 * in-memory SIP network, every timer on one fake clock (SIP transactions, ring timeouts, the media
 * engine's), the embedded media engine for real (its RTP goes to a loopback sink), and the far ends
 * as scripted peers — a carrier trunk that places calls and phones that ring. Tests talk to the
 * call only through SIP messages in and out, and read the call records it writes; nothing here
 * knows how `calls/` is built inside.
 *
 *   const h = await startCallHarness({ route: (h) => h.dialPlan({ targets: [h.phone('a').target] }) });
 *   const call = await h.placeCall();               // the trunk's INVITE
 *   const ring = await h.phone('a').request('INVITE');
 *   h.clock.advance(30_000);                        // ring timeout, on fake time
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { B2bua } from '../../../src/calls/b2bua.ts';
import type { B2buaOptions } from '../../../src/calls/b2bua.ts';
import type { CallRouter, ClickToCallDecision, ClickToCallRequest, DialTarget, ForwardingStages, InboundCall, RouteDecision } from '../../../src/calls/ports.ts';
import type { CallAnswer, CallRecordEnd, CallRecordStart } from '../../../src/cdr/call-record.ts';
import { EmbeddedMediaEngine } from '../../../src/media/embedded/embedded-media-engine.ts';
import { SipEndpoint } from '../../../src/sip/endpoint/sip-endpoint.ts';
import { FakeClock } from '../../../src/kernel/fake-clock.ts';
import { EventBus } from '../../../src/events/event-bus.ts';
import type { SipRequest, SipResponse } from '../../../src/sip/message/message.ts';
import { UserAgentCore } from '../../../src/sip/ua/user-agent-core.ts';
import { InMemorySipNetwork } from './in-memory-sip.ts';
import type { SipAddress } from './in-memory-sip.ts';
import { ScriptedPeer } from './scripted-peer.ts';
import type { PeerDialog } from './scripted-peer.ts';

export { InMemorySipNetwork, ScriptedPeer };
export type { PeerDialog, SipAddress };

/** The platform's SIP address on the in-memory network (never a socket). */
export const PLATFORM: SipAddress = { host: '127.0.0.1', port: 5060 };
/** The carrier trunk's address; the router trusts it as trunk `trunk-1`. */
export const TRUNK: SipAddress = { host: '127.0.1.1', port: 5060 };
export const TENANT_ID = 'tenant-1';
export const NUMBER_400 = '4001234567';

/** A phone on the in-memory network and the dial target that rings it. */
export interface HarnessPhone extends ScriptedPeer {
  /** Rings this phone as a registered SIP user (`sip:<name>@<its address>`). */
  readonly target: DialTarget;
}

export interface CallHarnessOptions {
  /** The router's decision for each inbound call (default: reject 404). */
  route?: (h: CallHarness, call: InboundCall) => RouteDecision | Promise<RouteDecision>;
  /** The router's click-to-call decision (default: none offered). */
  clickToCall?: (h: CallHarness, req: ClickToCallRequest) => ClickToCallDecision | Promise<ClickToCallDecision>;
  /** Anything else the B2BUA takes (admit, flowFor, recordingPath, mediaTimeoutMs …). */
  b2bua?: Partial<Omit<B2buaOptions, 'ua' | 'media' | 'router' | 'clock' | 'describeCaller'>>;
  /** Wall time at the start of the fake clock (call records are dated from it). */
  startMs?: number;
}

/** The call records the B2BUA's durable events write, as a store would keep them. */
export class RecordedCalls {
  readonly opened: CallRecordStart[] = [];
  readonly answered = new Map<string, CallAnswer>();
  readonly closed = new Map<string, CallRecordEnd>();
  readonly #waiters = new Set<() => void>();

  notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** The end of the only (or the given) call, once its record is closed. */
  async closedRecord(callId?: string): Promise<CallRecordEnd> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const id = callId ?? this.opened[0]?.id;
      const end = id === undefined ? undefined : this.closed.get(id);
      if (end) return end;
      if (Date.now() > deadline) throw new Error(`the call record ${id ?? '(none opened)'} was not closed`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, deadline - Date.now());
        this.#waiters.add(wake);
      });
    }
  }
}

/** The caller's side of a call the trunk placed. */
export interface PlacedCall {
  invite: SipRequest;
  /** The final response the caller got (waits for it). */
  final(): Promise<SipResponse>;
  /** Waits for the 2xx, ACKs it and returns the dialog (for BYE, re-INVITE …). */
  answered(): Promise<PeerDialog>;
}

export class CallHarness {
  readonly clock: FakeClock;
  readonly network = new InMemorySipNetwork();
  readonly records = new RecordedCalls();
  /** The bus whose durable subscribers write `records` (tests may add their own). */
  readonly bus: EventBus;
  readonly errors: unknown[] = [];
  /** The carrier: places calls into the platform. */
  readonly trunk: ScriptedPeer;
  readonly #phones = new Map<string, HarnessPhone>();
  #nextPhoneHost = 1;
  b2bua!: B2bua;
  media!: EmbeddedMediaEngine;
  #endpoint!: SipEndpoint;

  private constructor(
    private readonly opts: CallHarnessOptions,
    private readonly rtpSink: Socket,
  ) {
    this.clock = new FakeClock(0, { wallStart: opts.startMs ?? Date.UTC(2026, 0, 5, 2, 0, 0) });
    this.trunk = new ScriptedPeer(this.network, TRUNK, 'carrier', this.mediaPort);
    this.bus = new EventBus({ now: () => this.clock.wallNow() });
  }

  static async start(opts: CallHarnessOptions = {}): Promise<CallHarness> {
    const sink = createSocket('udp4');
    sink.on('message', () => undefined);
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', () => resolve()));
    const h = new CallHarness(opts, sink);
    await h.#boot();
    return h;
  }

  get mediaPort(): number {
    return this.rtpSink.address().port;
  }

  async #boot(): Promise<void> {
    const clock = this.clock;
    const base = 40000 + 200 * Math.floor(Math.random() * 100);
    this.media = new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports: `${base}-${base + 199}`, clock, log: () => undefined });
    this.#endpoint = await SipEndpoint.over(this.network.transport(PLATFORM), { address: PLATFORM.host, clock });
    this.#endpoint.onInternalError = (err) => this.errors.push(err);
    const ua = new UserAgentCore(this.#endpoint, { userAgent: 'Hotline' });
    const router: CallRouter = {
      trunkForAddress: (address) => (address === TRUNK.host ? { kind: 'trunk', trunkId: 'trunk-1', name: 'carrier' } : undefined),
      route: async (call) => (this.opts.route ? this.opts.route(this, call) : { kind: 'reject', status: 404, reason: 'Not Found' }),
      ...(this.opts.clickToCall ? { clickToCall: async (req: ClickToCallRequest) => this.opts.clickToCall!(this, req) } : {}),
    };
    const records = this.records;
    this.b2bua = new B2bua({
      ua,
      media: this.media,
      router,
      clock,
      describeCaller: async (raw) => ({ number: raw, valid: false, kind: 'unknown' }),
      durableEvents: this.bus.durableSink,
      onError: (err) => this.errors.push(err),
      ...this.opts.b2bua,
    });
    this.bus.subscribeDurable('records', (d) => {
      if (d.type === 'call.created') records.opened.push(d.facts);
      else if (d.type === 'call.bridged') records.answered.set(d.event.callId, d.facts);
      else if (d.type === 'call.ended') {
        records.closed.set(d.event.callId, d.facts.end);
        records.notify();
      }
    });
    ua.application = this.b2bua;
  }

  /** A phone named `name` (made on first use) on its own address. */
  phone(name: string): HarnessPhone {
    let phone = this.#phones.get(name);
    if (!phone) {
      const address = { host: `127.0.2.${this.#nextPhoneHost++}`, port: 5060 };
      const peer = new ScriptedPeer(this.network, address, name, this.mediaPort);
      const target: DialTarget = { kind: 'sip', username: name, contacts: [{ uri: `sip:${name}@${address.host}:${address.port}`, target: { transport: 'udp', ...address } }] };
      phone = Object.assign(peer, { target });
      this.#phones.set(name, phone);
    }
    return phone;
  }

  /** A dial plan for tenant-1's 400 number (sequential, 30 s ring timeout unless told). */
  dialPlan(plan: { targets: DialTarget[]; strategy?: 'sequential' | 'simultaneous'; ringTimeoutMs?: number; forwarding?: ForwardingStages }): RouteDecision {
    return {
      kind: 'dial',
      tenantId: TENANT_ID,
      number400: NUMBER_400,
      targets: plan.targets,
      strategy: plan.strategy ?? 'sequential',
      ringTimeoutMs: plan.ringTimeoutMs ?? 30_000,
      ...(plan.forwarding ? { forwarding: plan.forwarding } : {}),
    };
  }

  /** The trunk places a call to the 400 number. */
  placeCall(opts: { caller?: string; dialled?: string } = {}): PlacedCall {
    const trunk = this.trunk;
    const invite = trunk.invite(PLATFORM, { caller: opts.caller ?? '13912345678', dialled: opts.dialled ?? NUMBER_400 });
    let final: Promise<SipResponse> | undefined;
    const finalResponse = (): Promise<SipResponse> => (final ??= trunk.finalResponse('INVITE'));
    return {
      invite,
      final: finalResponse,
      answered: async () => {
        const ok = await finalResponse();
        if (ok.status !== 200) throw new Error(`the caller got ${ok.status} ${ok.reason}, not 200`);
        const dialog = trunk.dialogAsCaller(invite, ok);
        trunk.ack(dialog);
        return dialog;
      },
    };
  }

  /** Lets every message in flight arrive (and what they cause, short of timers). */
  settle(): Promise<void> {
    return this.network.settle();
  }

  async close(): Promise<void> {
    await this.b2bua.hangupAll(1000);
    await this.#endpoint.close();
    await this.media.close();
    await new Promise<void>((resolve) => this.rtpSink.close(() => resolve()));
  }
}

export const startCallHarness = (opts?: CallHarnessOptions): Promise<CallHarness> => CallHarness.start(opts);
