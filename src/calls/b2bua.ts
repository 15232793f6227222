/**
 * The B2BUA's front door: out-of-dialog requests from trunks and phones. An INVITE to a known 400
 * number becomes a Call; REGISTER goes to the registration service; the rest is refused properly.
 */
import type { ServerTransaction } from '../sip/endpoint/sip-endpoint-types.ts';
import { createResponse } from '../sip/message/create-response.ts';
import type { SipRequest } from '../sip/message/message.ts';
import { parseNameAddr } from '../sip/message/name-addr.ts';
import type { Clock } from '../kernel/clock.ts';
import type { UasApplication, UserAgentCore } from '../sip/ua/user-agent-core.ts';
import { ALLOWED_METHODS } from '../sip/ua/user-agent-core.ts';
import type { MediaEngine } from '../media/media-engine.ts';
import { randomUUID } from 'node:crypto';
import type { CallRecordEnd, CallRecordStart } from '../cdr/call-record.ts';
import type { CallerInfo } from '../phone/caller-info.ts';
import type { CallRouter, CallSource, ClickToCallRequest, RouteDecision } from './call-router.ts';
import { Call } from './call.ts';
import { CallReporter } from './call-reporter.ts';
import type { CallDeps } from './call.ts';
import { driveClickToCall } from './click-to-call.ts';
import { driveOriginated } from './originated-call.ts';
import { InboundLeg } from './inbound-leg.ts';
import { ringsThroughTrunk } from './user-call-caps.ts';
import type { UserCallCaps } from './user-call-caps.ts';
import type { CallFlowHooks, CallRefusal, RequestAuthenticator, TenantCallGuard } from './ports.ts';
import type { CallEventSink, DurableCallEventSink } from './call-events.ts';
import type { CallControl, ControlledCall, OriginateRefusal, OriginateRequest } from './call-control.ts';
import type { TransferTargets } from './transfer-targets.ts';
import type { CallDriverRegistry, DrivenCall } from './call-driver.ts';
import { announceThenReject } from './refusal-announcement.ts';
import type { RefusalAnnouncements } from './refusal-announcement.ts';
import { findReplacedLeg } from './replaces-transfer.ts';
import { replaceLeg, replaceRefusal } from './replace-leg.ts';
import { parseReplaces } from '../sip/message/replaces.ts';
import type { Replaces } from '../sip/message/replaces.ts';

export interface B2buaOptions {
  ua: UserAgentCore;
  media: MediaEngine;
  router: CallRouter;
  clock: Clock;
  describeCaller(raw: string): Promise<CallerInfo>;
  authenticator?: RequestAuthenticator;
  /** REGISTER handling (agents' phones); absent → 405. */
  registrations?: { handle(tx: ServerTransaction): void };
  /** Lets the caller's tenant know who the user belongs to when an authenticated user calls. */
  userTenant?(username: string): Promise<string | null>;
  onError?(err: unknown): void;
  /** Last check before ringing (e.g. the prepaid balance); a refusal is recorded and answered. */
  admit?(tenantId: string, number400: string): Promise<CallRefusal | undefined>;
  /** Where an answered call's recording goes; absent → calls are not recorded. */
  recordingPath?(callId: string, startedAt: Date): string | undefined;
  /** The number's flow (R7, R9, R10, R13: src/flows), read per call; absent → straight to the phones. */
  flowFor?(call: { tenantId: string; number400: string; callerNumber: string }): Promise<CallFlowHooks | undefined>;
  /** Caps on calls by authenticated SIP users that ring through a trunk (user-call-caps.ts); absent → none. */
  userCalls?: UserCallCaps;
  /** Per-tenant caps and fraud detection on calls that ring through a trunk; absent → none. */
  tenantCalls?: TenantCallGuard;
  /** An answered call either side of which sends no RTP this long is ended (HOTLINE_MEDIA_TIMEOUT); absent → never. */
  mediaTimeoutMs?: number;
  /** Where transfers (REFER, the API) may go; absent → every transfer is refused. */
  transferTargets?: TransferTargets;
  /** Where calls' typed events go (src/events' bus); absent → none are made. */
  events?: CallEventSink;
  /**
   * Where calls' durable events go (the bus's durable subscribers: the call record, then missed-call
   * alerts and cap usage); absent → no records are written.
   */
  durableEvents?: DurableCallEventSink;
  /** Drivers a route decision or a flow may hand a call to by name (call-driver.ts); absent → none. */
  drivers?: CallDriverRegistry;
  /** What a refused caller hears over early media before the final response (R6, R8, R3); absent → the bare response. */
  refusalAnnouncements?: RefusalAnnouncements;
}

/** The 503's reason when a call's record cannot be opened (it is refused, never run unrecorded). */
const RECORD_UNAVAILABLE = 'Call Record Unavailable';

/** RFC 3261 §8.2.1: methods we recognise but do not serve get 405; unknown ones 501. */
const KNOWN_METHODS = new Set(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER', 'INFO', 'UPDATE', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'MESSAGE', 'REFER']);

export class B2bua implements UasApplication, CallControl {
  private readonly calls = new Map<string, Call>();
  /** hangupAll: told when a call's record is closed (its durable subscribers ran). */
  private readonly recordClosed = new Map<string, () => void>();
  private readonly starts = new Map<string, CallRecordStart>();
  /** Calls up per source trunk, for the trunk's concurrency cap. */
  private readonly trunkCalls = new Map<string, number>();

  constructor(private readonly opts: B2buaOptions) {}

  get activeCalls(): number {
    return this.calls.size;
  }

  find(tenantId: string, callId: string): ControlledCall | undefined {
    const call = this.calls.get(callId);
    return call && call.tenantId === tenantId ? call : undefined;
  }

  onRequest(tx: ServerTransaction): void {
    const req = tx.request;
    if (req.method === 'INVITE') {
      this.handleInvite(tx).catch((err: unknown) => {
        this.opts.onError?.(err);
        tx.respond(createResponse(req, 500, 'Internal Error'));
      });
      return;
    }
    if (req.method === 'REGISTER' && this.opts.registrations) {
      this.opts.registrations.handle(tx);
      return;
    }
    const res = createResponse(req, KNOWN_METHODS.has(req.method) ? 405 : 501);
    res.headers.set('Allow', ALLOWED_METHODS);
    tx.respond(res);
  }

  /**
   * Ends every call (shutdown) and resolves once their records are closed, so the database is not
   * closed under them; after `withinMs` it resolves anyway (a record left open is closed as
   * interrupted at the next start).
   */
  async hangupAll(withinMs = 5000): Promise<void> {
    const closing = [...this.calls.values()].map((call) => new Promise<void>((resolve) => this.recordClosed.set(call.id, resolve)));
    for (const call of [...this.calls.values()]) call.hangup();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closing), new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)))]);
    clearTimeout(timer);
    this.recordClosed.clear();
  }

  private async handleInvite(tx: ServerTransaction): Promise<void> {
    const req = tx.request;
    // §16.3 / §8.2: a request whose Max-Forwards reached zero goes no further.
    if (req.headers.maxForwards() === 0) {
      tx.respond(createResponse(req, 483));
      return;
    }
    const source = await this.identify(tx);
    if (!source || tx.cancelled) return;
    const replaces = req.headers.get('Replaces');
    if (replaces !== undefined) return this.inviteWithReplaces(tx, source, replaces);
    if (source.kind === 'trunk' && source.maxConcurrentCalls != null && (this.trunkCalls.get(source.trunkId) ?? 0) >= source.maxConcurrentCalls) {
      // The carrier sends more than its contract: refuse before any work (it may retry elsewhere).
      const res = createResponse(req, 503, 'Trunk Capacity Reached');
      res.headers.set('Retry-After', '5');
      tx.respond(res);
      return;
    }
    const raw = callerNumber(req);
    const decision = await this.opts.router.route({ dialled: dialledNumber(req), caller: raw, source });
    if (tx.cancelled) return;
    if (decision.kind === 'reject') {
      tx.respond(createResponse(req, decision.status, decision.reason));
      return;
    }
    const caller = await this.opts.describeCaller(raw);
    const startedAt = new Date(this.opts.clock.wallNow());
    const refusal = await this.opts.admit?.(decision.tenantId, decision.number400);
    if (refusal) return this.refuse(tx, refusal, { id: randomUUID(), tenantId: decision.tenantId, number400: decision.number400, sipCallId: req.headers.callId(), caller: { ...caller }, startedAt, ...(source.kind === 'trunk' ? { trunkId: source.trunkId } : {}) });
    const flow = await this.opts.flowFor?.({ tenantId: decision.tenantId, number400: decision.number400, callerNumber: caller.number });
    if (tx.cancelled) return;
    // A SIP user's calls through the trunk are capped (checked and counted in the same tick).
    const cappedUser = source.kind === 'user' && this.opts.userCalls !== undefined && ringsThroughTrunk(decision) ? source.username : undefined;
    const overUserCap = cappedUser === undefined ? undefined : this.opts.userCalls?.refusal(cappedUser);
    if (overUserCap) return this.refuse(tx, overUserCap, { id: randomUUID(), tenantId: decision.tenantId, number400: decision.number400, sipCallId: req.headers.callId(), caller: { ...caller }, startedAt });
    const guardTenant = this.opts.tenantCalls !== undefined && ringsThroughTrunk(decision);
    const overTenantCap = guardTenant ? this.opts.tenantCalls?.refusal(decision.tenantId) : undefined;
    if (overTenantCap) return this.refuse(tx, overTenantCap, { id: randomUUID(), tenantId: decision.tenantId, number400: decision.number400, sipCallId: req.headers.callId(), caller: { ...caller }, startedAt });
    const leg = new InboundLeg(this.opts.ua, tx);
    const call = new Call({
      ...this.callDeps(startedAt),
      caller: { number: caller.number, ...(source.kind === 'user' ? { username: source.username } : {}) },
      ...(flow ? { flow } : {}),
    }, leg, decision, raw);
    leg.attach(call);
    this.calls.set(call.id, call);
    if (cappedUser !== undefined) this.opts.userCalls?.started(cappedUser, call.id);
    if (guardTenant) this.opts.tenantCalls?.started(decision.tenantId, call.id, decision);
    const start: CallRecordStart = {
      id: call.id,
      tenantId: decision.tenantId,
      number400: decision.number400,
      sipCallId: req.headers.callId(),
      caller: { number: caller.number, kind: caller.kind },
      startedAt,
    };
    if (source.kind === 'trunk') {
      start.trunkId = source.trunkId;
      this.trunkCalls.set(source.trunkId, (this.trunkCalls.get(source.trunkId) ?? 0) + 1);
    }
    if (caller.areaCode) start.caller.areaCode = caller.areaCode;
    if (caller.province) start.caller.province = caller.province;
    if (caller.city) start.caller.city = caller.city;
    this.starts.set(call.id, start);
    try {
      await call.report.callCreated({ direction: 'inbound', number400: decision.number400, callerNumber: caller.number }, start);
    } catch (err) {
      // No record, no call (money and records are never lost): the caller is told we cannot serve now.
      this.opts.onError?.(err);
      this.release(call);
      return this.unavailable(leg);
    }
    if (tx.cancelled) {
      call.onCancel();
      return;
    }
    await call.start();
  }

  /** 503 with the platform's announcement first: the call's record could not be opened. */
  private async unavailable(leg: InboundLeg): Promise<void> {
    const announcement = this.opts.refusalAnnouncements?.('unavailable');
    if (!announcement || leg.tx.cancelled) return void leg.tx.respond(createResponse(leg.tx.request, 503, RECORD_UNAVAILABLE));
    await announceThenReject({ media: this.opts.media, clock: this.opts.clock, ...(this.opts.onError ? { onError: this.opts.onError } : {}) }, leg, announcement, 503, RECORD_UNAVAILABLE);
  }

  /** What every call of this B2BUA gets: its ports, its record's callbacks, its recording path. */
  private callDeps(startedAt: Date): CallDeps {
    const recordingPath = this.opts.recordingPath;
    return {
      ua: this.opts.ua,
      media: this.opts.media,
      clock: this.opts.clock,
      ...(this.opts.mediaTimeoutMs ? { mediaTimeoutMs: this.opts.mediaTimeoutMs } : {}),
      ...(this.opts.transferTargets ? { transferTargets: this.opts.transferTargets } : {}),
      onError: (err) => this.opts.onError?.(err),
      ...(this.opts.events ? { events: this.opts.events } : {}),
      ...(this.opts.durableEvents ? { durableEvents: this.opts.durableEvents } : {}),
      ...(this.opts.drivers ? { drivers: this.opts.drivers } : {}),
      findReplacedLeg: (replaces) => findReplacedLeg(this.calls.values(), this.opts.ua, replaces),
      ...(this.opts.refusalAnnouncements ? { refusalAnnouncements: this.opts.refusalAnnouncements } : {}),
      onEnded: (c, recorded) => this.ended(c, recorded),
      ...(recordingPath ? { recordingPath: (c: Call) => recordingPath(c.id, startedAt) } : {}),
    };
  }

  /**
   * C25 click-to-call: an outbound-only call (no inbound leg). The router resolves the agent's
   * phone and the customer's number (the outbound checks of calls out: destination rules,
   * suspension, rating); admission (balance, caps) and the tenant's toll-fraud guard apply as to
   * any call through the trunk; the record is opened before anything rings.
   */
  async clickToCall(req: ClickToCallRequest): Promise<{ callId: string } | { refused: OriginateRefusal }> {
    const decision = this.opts.router.clickToCall ? await this.opts.router.clickToCall(req) : { kind: 'reject' as const, status: 501, reason: 'Click-to-call is not available' };
    if (decision.kind === 'reject') return { refused: { status: decision.status, reason: decision.reason } };
    const plan: Extract<RouteDecision, { kind: 'dial' }> = { kind: 'dial', tenantId: decision.tenantId, number400: decision.number400, targets: [decision.customer], strategy: 'sequential', ringTimeoutMs: decision.ringTimeoutMs };
    return this.placeOutbound(plan, decision.customerNumber, 'click-to-call', (call) => driveClickToCall(call, decision), decision.customerNumber);
  }

  /**
   * An outbound-only call a driver runs (the ACD's callbacks, C10): the same admission and trunk
   * guard as click-to-call, the record opened with the customer as its party; `drive` rings the
   * legs through the call's verbs, and a call it lets go unbridged is ended (driveOriginated).
   */
  originate(req: OriginateRequest, drive: (call: DrivenCall) => Promise<void>): Promise<{ callId: string } | { refused: OriginateRefusal }> {
    const plan: Extract<RouteDecision, { kind: 'dial' }> = { kind: 'dial', tenantId: req.tenantId, number400: req.number400, targets: [req.customer], strategy: 'sequential', ringTimeoutMs: req.ringTimeoutMs };
    return this.placeOutbound(plan, req.customerNumber, 'originated', (call) => driveOriginated(call, drive));
  }

  /** `shownCaller`: the caller number call.created shows (click-to-call: the number as the agent typed it; else the customer as described). */
  private async placeOutbound(plan: Extract<RouteDecision, { kind: 'dial' }>, customerNumber: string, kind: string, drive: (call: Call) => Promise<void>, shownCaller?: string): Promise<{ callId: string } | { refused: OriginateRefusal }> {
    const admission = await this.opts.admit?.(plan.tenantId, plan.number400);
    if (admission) return { refused: { status: admission.status, reason: admission.reason } };
    const guarded = this.opts.tenantCalls !== undefined && ringsThroughTrunk(plan);
    const overCap = guarded ? this.opts.tenantCalls?.refusal(plan.tenantId) : undefined;
    if (overCap) return { refused: { status: overCap.status, reason: overCap.reason } };
    const startedAt = new Date(this.opts.clock.wallNow());
    const customer = await this.opts.describeCaller(customerNumber);
    const call = new Call({ ...this.callDeps(startedAt), caller: { number: customer.number } }, undefined, plan, customer.number);
    this.calls.set(call.id, call);
    if (guarded) this.opts.tenantCalls?.started(plan.tenantId, call.id, plan);
    const { number, kind: numberKind, areaCode, province, city } = customer;
    const start: CallRecordStart = {
      id: call.id,
      tenantId: plan.tenantId,
      number400: plan.number400,
      sipCallId: `${kind}-${call.id}`,
      caller: { number, kind: numberKind, ...(areaCode ? { areaCode } : {}), ...(province ? { province } : {}), ...(city ? { city } : {}) },
      startedAt,
    };
    this.starts.set(call.id, start);
    try {
      await call.report.callCreated({ direction: 'outbound', number400: plan.number400, callerNumber: shownCaller ?? call.callerNumber }, start);
    } catch (err) {
      this.opts.onError?.(err);
      this.release(call);
      return { refused: { status: 503, reason: RECORD_UNAVAILABLE } };
    }
    drive(call).catch((err: unknown) => this.opts.onError?.(err));
    return { callId: call.id };
  }

  /** The refusal is recorded (outcome, final status) and published (call.created, call.ended) before the caller hears it. */
  private async refuse(tx: ServerTransaction, refusal: CallRefusal, start: CallRecordStart): Promise<void> {
    const { number, kind, areaCode, province, city } = start.caller;
    start.caller = { number, kind, ...(areaCode ? { areaCode } : {}), ...(province ? { province } : {}), ...(city ? { city } : {}) };
    // No Call exists for it, but its record, feeds, live views and webhooks still learn of the refused call.
    const report = new CallReporter(this.opts.events, start.tenantId, start.id, this.opts.onError, this.opts.durableEvents);
    try {
      await report.callCreated({ direction: 'inbound', number400: start.number400, callerNumber: start.caller.number }, start);
      const end: CallRecordEnd = { endedAt: new Date(this.opts.clock.wallNow()), outcome: refusal.outcome, sipStatus: refusal.status, sipReason: refusal.reason, endedBy: 'platform', attempts: [] };
      await report.callEnded('setup', { outcome: refusal.outcome, sipStatus: refusal.status, reason: refusal.reason, endedBy: 'platform' }, end);
    } catch (err) {
      // Refused either way: the caller still hears why.
      this.opts.onError?.(err);
    }
    const announcement = this.opts.refusalAnnouncements?.(refusal.outcome);
    if (!announcement || tx.cancelled) return void tx.respond(createResponse(tx.request, refusal.status, refusal.reason));
    // R8: the caller hears why (over its cap, out of balance) before the final response.
    await announceThenReject({ media: this.opts.media, clock: this.opts.clock, ...(this.opts.onError ? { onError: this.opts.onError } : {}) }, new InboundLeg(this.opts.ua, tx), announcement, refusal.status, refusal.reason);
  }

  /**
   * RFC 3891 §3: an INVITE with Replaces takes the place of a confirmed dialog of ours — the
   * answered phone's leg of a live call, taken over by another phone of the same tenant
   * (replace-leg.ts). None matches, only an early one, or it is another tenant's call, or the
   * INVITE does not come from an authenticated SIP user of the call's tenant: 481, never a
   * takeover (and nothing said about whose dialog it was). A confirmed match with `early-only`:
   * 486 (§3). A leg that cannot be replaced now (the caller's, a held or consulting call): 486.
   */
  private async inviteWithReplaces(tx: ServerTransaction, source: CallSource, value: string): Promise<void> {
    let replaces: Replaces;
    try {
      replaces = parseReplaces(value);
    } catch {
      tx.respond(createResponse(tx.request, 400, 'Bad Replaces'));
      return;
    }
    const found = findReplacedLeg(this.calls.values(), this.opts.ua, { ...replaces, earlyOnly: false });
    if (!found || source.kind !== 'user' || source.tenantId !== found.call.tenantId) {
      tx.respond(createResponse(tx.request, 481, 'Call/Transaction Does Not Exist'));
      return;
    }
    if (replaces.earlyOnly) {
      tx.respond(createResponse(tx.request, 486, 'Busy Here'));
      return;
    }
    const leg = new InboundLeg(this.opts.ua, tx);
    const refusal = replaceRefusal(found.call, found.leg, leg);
    if (refusal) return void tx.respond(createResponse(tx.request, refusal.status, refusal.reason));
    await replaceLeg(found.call, found.leg, leg, source.username);
  }

  private async identify(tx: ServerTransaction): Promise<CallSource | undefined> {
    const trunk = this.opts.router.trunkForAddress(tx.source.address);
    if (trunk) return trunk;
    // Requests from unknown sources are refused unless they authenticate (S4: toll fraud).
    if (!this.opts.authenticator) {
      tx.respond(createResponse(tx.request, 403, 'Unknown Source'));
      return undefined;
    }
    const user = await this.opts.authenticator.authenticate(tx, 'proxy');
    if (!user) return undefined;
    const tenantId = (await this.opts.userTenant?.(user.username)) ?? null;
    return { kind: 'user', username: user.username, tenantId };
  }

  /** The call is over; `recorded` settles once its record is closed (and what follows the close ran). */
  private ended(call: Call, recorded: Promise<void>): void {
    this.release(call);
    recorded.catch((err: unknown) => this.opts.onError?.(err)).finally(() => this.recordClosed.get(call.id)?.());
  }

  /** The call no longer counts: not live, not against its user's, tenant's or trunk's caps. */
  private release(call: Call): void {
    this.calls.delete(call.id);
    this.opts.userCalls?.ended(call.id);
    this.opts.tenantCalls?.ended(call.id);
    const start = this.starts.get(call.id);
    this.starts.delete(call.id);
    if (start?.trunkId) {
      const n = (this.trunkCalls.get(start.trunkId) ?? 1) - 1;
      if (n > 0) this.trunkCalls.set(start.trunkId, n);
      else this.trunkCalls.delete(start.trunkId);
    }
  }
}

/** The 400 number is the Request-URI user; some trunks put it in To instead. */
export function dialledNumber(req: SipRequest): string {
  const ruser = req.uri.kind === 'sip' ? req.uri.user : undefined;
  if (ruser && /\d{5,}/.test(ruser)) return ruser;
  const to = req.headers.to().uri;
  return to.kind === 'sip' ? (to.user ?? '') : to.value;
}

/** The real caller: P-Asserted-Identity when the trunk asserts it, else the From user. */
export function callerNumber(req: SipRequest): string {
  const pai = req.headers.get('P-Asserted-Identity');
  if (pai) {
    try {
      const uri = parseNameAddr(pai).uri;
      const asserted = uri.kind === 'sip' ? uri.user : uri.scheme === 'tel' ? uri.value.split(';')[0] : undefined;
      if (asserted) return asserted;
    } catch {
      // An unparseable assertion is ignored; From still names the caller.
    }
  }
  const from = req.headers.from().uri;
  return from.kind === 'sip' ? (from.user ?? 'anonymous') : from.value;
}

