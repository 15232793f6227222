/**
 * Decides where a call to a 400 number goes: gathers the inputs (the number's bound phones and
 * policy, the caller's attribution, the time in the tenant's zone, call memory, when phones last
 * finished a call), lets the pure `evaluatePolicy` decide, and turns its plan into dial targets.
 * Call control only executes the plan.
 */
import type { CallRouter, CallSource, ClickToCallDecision, ClickToCallRequest, DialTarget, InboundCall, RouteDecision } from '../calls/ports.ts';
import { tryNormalizeNumber } from '../numbers/number-format.ts';
import type { CallerInfo } from '../phone/caller-info.ts';
import type { Trunk } from '../trunks/trunk.ts';
import type { BoundPhone } from './bound-phone.ts';
import { DistributionState } from './distribution-state.ts';
import type { PolicyDecision } from './evaluate-policy.ts';
import { evaluatePolicy } from './evaluate-policy.ts';
import { localTime } from './local-time.ts';
import type { NumberPolicy } from './number-policy.ts';
import { answeringKey, forwardingE164 } from './phone-ref.ts';
import { OutboundGate } from './outbound-gate.ts';
import { callTypeOf } from '../cdr/call-type.ts';
import type { TenantOutbound } from '../fraud/outbound-store.ts';
import { pstnTarget } from './pstn-target.ts';

/** A registered contact of a SIP user: where to send the INVITE (the REGISTER's source, for NAT). */
export interface UserContact {
  uri: string;
  target: { transport: 'udp' | 'tcp' | 'ws' | 'wss'; host: string; port: number };
}

/** What routing reads; the composition root wires the domain stores and the registrar in. */
export interface RoutingDirectory {
  trunkForAddress(address: string): Trunk | undefined;
  /** The trunk that carries calls out to the PSTN. */
  outboundTrunk(preferred?: string): Trunk | undefined;
  findActiveNumber(number: string): Promise<{ tenantId: string } | undefined>;
  boundPhones(tenantId: string, number: string): Promise<BoundPhone[]>;
  /**
   * The registered contacts of `username` as a SIP user of `tenantId`: none when the name is not
   * one of that tenant's SIP users (a SIP target resolves only within the tenant that owns the number).
   */
  locateUser(tenantId: string, username: string): Promise<UserContact[]>;
  /** The call types the rate plan of a call to this number rates (empty: no plan). */
  ratedCallTypes(tenantId: string, number400: string): Promise<ReadonlySet<string>>;
  /** The tenant's outbound rules (allowed countries, suspension), read per call. */
  tenantOutbound(tenantId: string): Promise<TenantOutbound>;
  numberPolicy(tenantId: string, number: string): Promise<NumberPolicy | undefined>;
  /** The tenant's IANA zone (Asia/Shanghai by default). */
  tenantTimeZone(tenantId: string): Promise<string>;
  /** Call memory: the answering number of this caller's last answered call since `since`. */
  lastAnsweredBy(tenantId: string, number: string, callerE164: string, since: Date): Promise<string | undefined>;
  /** Last call end (ms) per answering number, for longest-idle. */
  lastCallEnds(tenantId: string, number: string): Promise<ReadonlyMap<string, number>>;
  describeCaller(raw: string): Promise<CallerInfo>;
}

export interface NumberRouterOptions {
  ringTimeoutMs: number;
  /** Wall-clock time for time plans and the memory window (tests inject a fixed day). */
  now?: () => Date;
  /**
   * Refuse PSTN targets whose call type the number's rate plan does not rate (an unrated call out
   * through the trunk would be free: toll fraud). HOTLINE_REFUSE_UNRATED_CALLS; default off here,
   * on in the platform.
   */
  refuseUnrated?: boolean;
  /** Round-robin cursors and percentage decks (in memory; see DistributionState). */
  state?: DistributionState;
}

const DAY_MS = 86_400_000;
/** The name the ACD's queue driver is registered under (src/acd/queue-call/queue-call-driver.ts). */
export const QUEUE_DRIVER = 'queue';

export class NumberRouter implements CallRouter {
  private readonly state: DistributionState;
  private readonly now: () => Date;

  constructor(
    private readonly dir: RoutingDirectory,
    private readonly opts: NumberRouterOptions,
  ) {
    this.state = opts.state ?? new DistributionState();
    this.now = opts.now ?? (() => new Date());
  }

  trunkForAddress(address: string): CallSource | undefined {
    const t = this.dir.trunkForAddress(address);
    return t ? { kind: 'trunk', trunkId: t.id, name: t.name, maxConcurrentCalls: t.maxConcurrentCalls } : undefined;
  }

  async route(call: InboundCall): Promise<RouteDecision> {
    const number = tryNormalizeNumber(call.dialled);
    if (!number) return { kind: 'reject', status: 404, reason: 'Not Found' };
    const owner = await this.dir.findActiveNumber(number);
    if (!owner) return { kind: 'reject', status: 404, reason: 'Not Found' };
    const tenantId = owner.tenantId;
    // A SIP user may only test-call its own tenant's numbers (toll fraud, S4).
    if (call.source.kind === 'user' && call.source.tenantId !== tenantId) return { kind: 'reject', status: 403, reason: 'Forbidden' };
    const [phones, policy] = await Promise.all([this.dir.boundPhones(tenantId, number), this.dir.numberPolicy(tenantId, number)]);
    const decision = await this.decide(tenantId, number, phones, policy ?? {}, call.caller);
    const base = { kind: 'dial' as const, tenantId, number400: number };
    if (decision.kind === 'refuse') {
      // Still a call to the number: call control records it (blocked / closed) and refuses it.
      return { ...base, targets: [], strategy: 'sequential', ringTimeoutMs: 0, refusal: { status: decision.status, reason: decision.reason, outcome: decision.outcome } };
    }
    // C9: the chosen group is a queue: the ACD's driver takes the call (registered as 'queue').
    if (decision.kind === 'queue') return { ...base, targets: [], strategy: 'sequential', ringTimeoutMs: this.opts.ringTimeoutMs, handoff: { driver: QUEUE_DRIVER, params: { queue: decision.queue } } };
    // No bound phone, or a chosen group none of whose phones is still bound.
    if (phones.length === 0 || decision.phones.length === 0) return { kind: 'reject', status: 480, reason: 'No Bound Phone' };
    const preferredTrunk = call.source.kind === 'trunk' ? call.source.trunkId : undefined;
    // An agent test-calling its own number: its own phone cannot answer itself, so it is not rung.
    const caller = call.source.kind === 'user' ? call.source.username : undefined;
    const phonesToRing = decision.phones.filter((p) => !(p.kind === 'sip' && p.target === caller));
    if (phonesToRing.length === 0) return { kind: 'reject', status: 480, reason: 'No Other Bound Phone' };
    const gate = new OutboundGate(() => this.dir.tenantOutbound(tenantId));
    const targets = (await Promise.all(phonesToRing.map((p) => this.target(tenantId, p, preferredTrunk, gate)))).filter((t): t is DialTarget => t !== undefined);
    const rated = await this.ratedFilter(tenantId, number);
    const ratedTargets = targets.filter(rated);
    if (ratedTargets.length === 0) {
      if (targets.length > 0) return { kind: 'reject', status: 403, reason: 'Not Rated' };
      return gate.refusal ? { kind: 'reject', ...gate.refusal } : { kind: 'reject', status: 503, reason: 'No Route' };
    }
    const plan: RouteDecision = { ...base, targets: ratedTargets, strategy: decision.strategy, ringTimeoutMs: decision.ringTimeoutMs };
    // Carriers refuse an internal extension as the calling number: PSTN legs of an agent's call
    // show the 400 number it dialled, a number the tenant owns.
    if (call.source.kind === 'user') plan.pstnCallerId = number;
    if (decision.forwarding) {
      const f = decision.forwarding;
      const pstn = async (numbers: readonly string[]) =>
        (await Promise.all(numbers.map((n) => this.target(tenantId, { kind: 'pstn', target: forwardingE164(n) }, preferredTrunk, gate)))).filter((t): t is DialTarget => t !== undefined).filter(rated);
      plan.forwarding = { onBusy: await pstn(f.onBusy), onNoAnswer: await pstn(f.onNoAnswer), maxForwards: f.maxForwards, ringTimeoutMs: f.ringTimeoutMs };
    }
    return plan;
  }

  /**
   * C25 click-to-call: the agent's registered phone and the customer's number through the trunk,
   * checked as any call out (the tenant's destination rules and suspension, the rate plan).
   */
  async clickToCall(req: ClickToCallRequest): Promise<ClickToCallDecision> {
    const owner = await this.dir.findActiveNumber(req.number400);
    if (!owner || owner.tenantId !== req.tenantId) return { kind: 'reject', status: 404, reason: 'Not One Of Your Numbers' };
    const contacts = await this.dir.locateUser(req.tenantId, req.agent);
    if (contacts.length === 0) return { kind: 'reject', status: 480, reason: 'Agent Phone Not Registered' };
    const e164 = forwardingE164(req.customer);
    const gate = new OutboundGate(() => this.dir.tenantOutbound(req.tenantId));
    const customer = await this.target(req.tenantId, { kind: 'pstn', target: e164 }, undefined, gate);
    if (!customer) return gate.refusal ? { kind: 'reject', ...gate.refusal } : { kind: 'reject', status: 503, reason: 'No Route' };
    if (!(await this.ratedFilter(req.tenantId, req.number400))(customer)) return { kind: 'reject', status: 403, reason: 'Not Rated' };
    return { kind: 'click-to-call', tenantId: req.tenantId, number400: req.number400, agent: { kind: 'sip', username: req.agent, contacts }, customer, customerNumber: e164, ringTimeoutMs: this.opts.ringTimeoutMs };
  }

  /** Keeps SIP targets and the PSTN targets the rate plan rates (all, unless refuseUnrated). */
  private async ratedFilter(tenantId: string, number: string): Promise<(t: DialTarget) => boolean> {
    if (!this.opts.refuseUnrated) return () => true;
    const rated = new Map<string, boolean>();
    const known = await this.dir.ratedCallTypes(tenantId, number);
    return (t) => {
      if (t.kind === 'sip') return true;
      let ok = rated.get(t.number);
      if (ok === undefined) rated.set(t.number, (ok = known.has(callTypeOf('pstn', t.number))));
      return ok;
    };
  }

  /** The policy decision alone (the API's "what would happen" and the benchmark use it too). */
  async decide(tenantId: string, number: string, phones: BoundPhone[], policy: NumberPolicy, rawCaller: string): Promise<PolicyDecision> {
    const at = this.now();
    const caller = await this.dir.describeCaller(rawCaller);
    const usesIdle = [policy.default, ...Object.values(policy.groups ?? {})].some((g) => g?.distribution?.strategy === 'longest-idle');
    const [timeZone, lastAnsweredBy, ends] = await Promise.all([
      policy.schedule ? this.dir.tenantTimeZone(tenantId) : Promise.resolve('Asia/Shanghai'),
      policy.memory && caller.valid ? this.dir.lastAnsweredBy(tenantId, number, caller.number, new Date(at.getTime() - policy.memory.days * DAY_MS)) : Promise.resolve(undefined),
      usesIdle ? this.dir.lastCallEnds(tenantId, number) : Promise.resolve(new Map<string, number>()),
    ]);
    const lastCallEnd = new Map<string, number>();
    for (const p of phones) {
      const end = ends.get(answeringKey(p));
      if (end !== undefined) lastCallEnd.set(p.target, end);
    }
    return evaluatePolicy({
      policy,
      phones,
      caller,
      rawCaller,
      now: localTime(at, timeZone),
      lastAnsweredBy,
      lastCallEnd,
      state: this.state,
      key: `${tenantId}/${number}`,
      defaultRingTimeoutMs: this.opts.ringTimeoutMs,
    });
  }

  private async target(tenantId: string, p: BoundPhone, preferredTrunk: string | undefined, gate: OutboundGate): Promise<DialTarget | undefined> {
    if (p.kind === 'sip') return { kind: 'sip', username: p.target, contacts: await this.dir.locateUser(tenantId, p.target) };
    if (!(await gate.allows(p.target))) return undefined;
    const trunk = this.dir.outboundTrunk(preferredTrunk);
    // Carriers take national numbers in the Request-URI: 13800138000, 01012345678.
    return trunk ? pstnTarget(trunk, answeringKey(p)) : undefined;
  }
}


