/**
 * The ACD engine in one process's memory: queues of waiting calls (tickets), agents and their state
 * machine (agent-state.ts), offers as reservations with a token and a deadline, routing by the
 * queue's strategy (strategies/). Its records are in acd-engine-records.ts, who gets which call is
 * decided by the pure readings in call-selection.ts, the sticky agent's memory is caller-memory.ts;
 * this class holds the changes of state, the timers and the hand-off to the driver. Configuration (queues, agents, memberships, not-ready reasons) is
 * put in by a loader (acd-loader.ts) from the store and by the API as it changes; every agent
 * transition and queue happening goes out through the event sink (stored and put on the bus by the
 * platform).
 *
 * Consistency rules kept here:
 * - an agent holds at most one offer or call (`AgentRec.offer`); offers are made only to `ready`
 *   agents, so no agent is ever offered two calls;
 * - every offer ends: answered, failed (reported), withdrawn (another answered, the caller left,
 *   overflow, the agent went away) or expired at its deadline — nobody stays reserved;
 * - state is changed first, then routing runs, then the driver's handlers are called (`#settle`),
 *   so a handler may call back into the engine at once.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../kernel/clock.ts';
import type { AcdEvent, AcdEventSink, AgentCause } from './acd-events.ts';
import type {
  AcdEngine,
  Actor,
  AgentSnapshot,
  LeaveReason,
  Offer,
  OfferFailure,
  PhoneReachability,
  QueueEntryRequest,
  QueueFigures,
  QueueTicket,
  WithdrawReason,
} from './acd-engine.ts';
import {
  type AgentRec,
  agentSnapshot,
  anyoneLoggedIn,
  indexPhone,
  lineOrder,
  type OfferRec,
  position,
  queueFigures,
  type TenantRec,
  type TicketRec,
  unindexPhone,
} from './acd-engine-records.ts';
import { AcdError } from './acd-error.ts';
import { type AgentProfile, DEFAULT_NOT_READY_REASONS, type Membership, type QueueSettings } from './acd-model.ts';
import { type AgentInput, type AgentStatus, type Landing, nextAgentStatus, sameStatus } from './agent-state.ts';
import { bestCallFor, betterWork, eligible, offerOrder, widenDelayMs } from './call-selection.ts';
import { CallerMemory } from './caller-memory.ts';
import { DriverHandoff } from './driver-handoff.ts';
import { STRATEGIES } from './strategies/strategies.ts';

/** Added to the ring time for an offer's deadline: dialling the phone takes a moment. */
const OFFER_SETUP_GRACE_MS = 5_000;
/** Weight of the newest call in a queue's average handle time. */
const HANDLE_TIME_SMOOTHING = 0.2;

export interface InMemoryAcdEngineOptions {
  clock: Clock;
  /** Where every agent transition and queue event goes (store + bus); must not throw or call back. */
  sink?: AcdEventSink;
  /** Whether an agent's phone can be rung now (registrations); default: always. */
  reachability?: PhoneReachability;
  /** [0, 1) for the random strategies; seeded in tests. */
  random?: () => number;
  /** A driver's handler threw: for the log. */
  onHandlerError?(err: unknown): void;
}

export class InMemoryAcdEngine implements AcdEngine {
  readonly #clock: Clock;
  readonly #sink: AcdEventSink;
  readonly #reachability: PhoneReachability | undefined;
  readonly #random: () => number;
  readonly #onHandlerError: (err: unknown) => void;
  readonly #tenants = new Map<string, TenantRec>();
  readonly #tickets = new Map<string, TicketRec>();
  readonly #offers = new Map<string, OfferRec>();
  readonly #callMemory: CallerMemory;
  #seq = 0;
  // Routing and handler calls wait here until the state change that caused them is complete.
  readonly #pendingTickets = new Set<TicketRec>();
  readonly #pendingAgents = new Set<AgentRec>();
  readonly #handoff = new DriverHandoff((token) => this.#isLive(token));
  #settling = false;

  constructor(opts: InMemoryAcdEngineOptions) {
    this.#clock = opts.clock;
    this.#callMemory = new CallerMemory(opts.clock);
    this.#sink = opts.sink ?? (() => undefined);
    this.#reachability = opts.reachability;
    this.#random = opts.random ?? Math.random;
    this.#onHandlerError = opts.onHandlerError ?? ((err) => process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'AcdHandlerError'));
  }

  // ------------------------------------------------------------------ configuration

  /** Adds or replaces a queue's settings. */
  putQueue(settings: QueueSettings): void {
    const tenant = this.#tenant(settings.tenantId);
    const q = tenant.queues.get(settings.id);
    if (q) q.settings = settings;
    else tenant.queues.set(settings.id, { settings, members: new Set(), waiting: [], lastOffered: undefined, avgHandleMs: undefined });
    for (const member of tenant.agents.values()) if (member.memberships.has(settings.id)) tenant.queues.get(settings.id)!.members.add(member);
    this.#settle();
  }

  /** Removes a queue: its waiting calls overflow ('no_agents'). */
  removeQueue(tenantId: string, queueId: string): void {
    const tenant = this.#tenants.get(tenantId);
    const q = tenant?.queues.get(queueId);
    if (!tenant || !q) return;
    for (const t of [...q.waiting]) this.#overflow(t, 'no_agents');
    for (const a of q.members) a.memberships.delete(queueId);
    tenant.queues.delete(queueId);
    this.#settle();
  }

  /** Adds or replaces an agent (profile and memberships); their state is kept. */
  putAgent(profile: AgentProfile, memberships: readonly Membership[]): void {
    const tenant = this.#tenant(profile.tenantId);
    let a = tenant.agents.get(profile.userId);
    const now = this.#clock.now();
    if (!a) {
      a = {
        profile,
        memberships: new Map(),
        status: { state: 'logged_out' },
        since: now,
        sinceWall: this.#clock.wallNow(),
        idleSince: now,
        missedOffers: 0,
        callsAnswered: 0,
        talkTimeMs: 0,
        offer: undefined,
        wrapUpTimer: undefined,
        wrapUpEndsWall: undefined,
      };
      tenant.agents.set(profile.userId, a);
    }
    unindexPhone(tenant, a);
    a.profile = profile;
    indexPhone(tenant, a);
    const left = [...a.memberships.keys()].filter((id) => !memberships.some((m) => m.queueId === id));
    for (const id of left) tenant.queues.get(id)?.members.delete(a);
    a.memberships = new Map(memberships.map((m) => [m.queueId, m]));
    for (const m of memberships) tenant.queues.get(m.queueId)?.members.add(a);
    for (const id of left) this.#overflowIfNobody(tenant, id);
    this.#pendingAgents.add(a);
    this.#settle();
  }

  /** Removes an agent (user deleted or no longer an agent): logged out first. */
  removeAgent(tenantId: string, userId: string): void {
    const tenant = this.#tenants.get(tenantId);
    const a = tenant?.agents.get(userId);
    if (!tenant || !a) return;
    if (a.status.state !== 'logged_out') this.#logOut(a, 'supervisor');
    this.putAgent(a.profile, []);
    unindexPhone(tenant, a);
    tenant.agents.delete(userId);
    this.#settle();
  }

  /** The tenant's not-ready reason codes agents may give (the platform's own are always allowed). */
  putNotReadyReasons(tenantId: string, codes: readonly string[]): void {
    this.#tenant(tenantId).reasons = new Set(codes);
  }

  /**
   * After a restart: the agent's last stored status. Logged-out, ready and not-ready agents stay
   * so; an agent who was offered a call, on a call or in wrap-up lost that call with the process
   * and becomes ready (cause `restart`) — nobody is left reserved.
   */
  restore(tenantId: string, userId: string, last: AgentStatus, since?: Date): void {
    const a = this.#tenants.get(tenantId)?.agents.get(userId);
    if (!a) return;
    a.status = last;
    if (since) a.sinceWall = since.getTime();
    const ready: Landing = { state: 'ready' };
    if (last.state === 'reserved' || last.state === 'ringing') this.#apply(a, { kind: 'offer_lost', token: last.token, then: ready }, 'restart');
    else if (last.state === 'talking' || last.state === 'held') this.#apply(a, { kind: 'call_end', token: last.token, then: ready }, 'restart');
    else if (last.state === 'wrap_up') this.#apply(a, { kind: 'wrap_up_end' }, 'restart');
    this.#pendingAgents.add(a);
    this.#settle();
  }

  // ------------------------------------------------------------------ the call side

  enqueue(req: QueueEntryRequest): QueueTicket {
    const tenant = this.#tenants.get(req.tenantId);
    const q = tenant?.queues.get(req.queueId);
    if (!tenant || !q) throw new AcdError('QUEUE_NOT_FOUND', `no queue ${req.queueId} in this tenant`);
    const now = this.#clock.now();
    const enteredAt = req.enteredAt ? now - Math.max(0, this.#clock.wallNow() - req.enteredAt.getTime()) : now;
    const t: TicketRec = {
      id: randomUUID(),
      tenantId: req.tenantId,
      queue: q,
      callId: req.callId,
      callerNumber: req.callerNumber,
      callerRegion: req.callerRegion,
      priority: req.priority ?? 0,
      stickyUserId: req.stickyAgentId ?? this.#callMemory.remembered(req.tenantId, req.callerNumber, q.settings.stickyWindowSeconds),
      enteredAt,
      seq: ++this.#seq,
      state: 'waiting',
      offers: new Map(),
      tried: new Set(),
      callback: req.callback ? { ...req.callback } : undefined,
      ...(req.transferIn ? { transferIn: { ...req.transferIn } } : {}),
      overflowTimer: undefined,
      widenTimer: undefined,
      progressiveTimer: undefined,
      offerHandler: undefined,
      overflowHandler: undefined,
      withdrawHandler: undefined,
      undeliveredOffers: [],
      pendingOverflow: undefined,
      deliveredOffers: new Set(),
    };
    this.#tickets.set(t.id, t);
    const at = q.waiting.findIndex((w) => lineOrder(t, w) < 0);
    if (at < 0) q.waiting.push(t);
    else q.waiting.splice(at, 0, t);
    this.#emit({ type: 'queue.entered', tenantId: t.tenantId, queueId: q.settings.id, ticketId: t.id, callId: t.callId, callerNumber: t.callerNumber, priority: t.priority, position: position(t), ...transferInFacts(t) });
    if (t.callback) {
      // Not on the line: waits for its turn however long it takes.
      this.#emit({ type: 'callback.requested', ...this.#scope(t), number: t.callback.number, keepsPlace: true, waitedSeconds: this.#waited(t) });
      this.#pendingTickets.add(t);
    } else if (q.settings.overflowWhenNoAgents && !anyoneLoggedIn(q)) this.#overflow(t, 'no_agents');
    else {
      if (q.settings.maxWaitSeconds !== null) {
        const left = q.settings.maxWaitSeconds * 1000 - (now - enteredAt);
        t.overflowTimer = this.#clock.setTimeout(() => {
          t.overflowTimer = undefined;
          this.#overflow(t, 'timeout');
          this.#settle();
        }, left);
      }
      this.#pendingTickets.add(t);
    }
    this.#settle();
    return this.#handoff.ticketView(t, () => this.#settle());
  }

  offerRinging(token: string): void {
    const o = this.#offers.get(token);
    if (!o || o.answeredAt !== undefined) return;
    this.#apply(o.agent, { kind: 'ring', token }, 'offer_ringing', o);
    this.#settle();
  }

  offerAnswered(token: string): boolean {
    const o = this.#offers.get(token);
    if (!o || o.answeredAt !== undefined || o.ticket.state !== 'waiting') return false;
    const { agent, ticket } = o;
    const now = this.#clock.now();
    this.#clearDeadline(o);
    o.answeredAt = now;
    agent.missedOffers = 0;
    agent.callsAnswered++;
    this.#apply(agent, { kind: 'answer', token }, 'offer_answered', o);
    ticket.offers.delete(token);
    for (const other of [...ticket.offers.values()]) this.#withdraw(other, 'answered_elsewhere');
    this.#removeTicket(ticket, 'answered');
    this.#callMemory.remember(ticket.tenantId, ticket.callerNumber, agent.profile.userId);
    this.#emit({ type: 'queue.answered', ...this.#scope(ticket), userId: agent.profile.userId, agentId: agent.profile.agentId, token, waitedSeconds: this.#waited(ticket), ...transferInFacts(ticket) });
    this.#settle();
    return true;
  }

  offerFailed(token: string, reason: OfferFailure): void {
    const o = this.#offers.get(token);
    if (!o || o.answeredAt !== undefined) return;
    this.#missed(o, reason);
    this.#settle();
  }

  callHeld(token: string): void {
    const o = this.#offers.get(token);
    if (!o || o.answeredAt === undefined) return;
    this.#tryApply(o.agent, { kind: 'hold', token }, 'hold', o);
    this.#settle();
  }

  callUnheld(token: string): void {
    const o = this.#offers.get(token);
    if (!o || o.answeredAt === undefined) return;
    this.#tryApply(o.agent, { kind: 'unhold', token }, 'unhold', o);
    this.#settle();
  }

  callEnded(token: string): void {
    const o = this.#offers.get(token);
    if (!o) return;
    if (o.answeredAt === undefined) {
      // The driver ended an offer it never reported answered: treat as not answered.
      this.#missed(o, 'failed');
      this.#settle();
      return;
    }
    this.#offers.delete(token);
    const { agent } = o;
    const queue = o.ticket.queue;
    const talkMs = this.#clock.now() - o.answeredAt;
    agent.talkTimeMs += talkMs;
    queue.avgHandleMs = queue.avgHandleMs === undefined ? talkMs : queue.avgHandleMs * (1 - HANDLE_TIME_SMOOTHING) + talkMs * HANDLE_TIME_SMOOTHING;
    if (agent.offer === o) agent.offer = undefined;
    const onThisCall = 'token' in agent.status && agent.status.token === token;
    if (!onThisCall) return this.#settle(); // a supervisor logged the agent out during the call
    const s = queue.settings;
    const landing: Landing = !this.#reachable(agent)
      ? { state: 'not_ready', reason: 'registration_lost' }
      : s.wrapUpMode === 'none' || (s.wrapUpMode === 'timed' && s.wrapUpSeconds <= 0)
        ? { state: 'ready' }
        : { state: 'wrap_up' };
    // The countdown's end is known before the change is announced: the event and the snapshot carry it (the desk shows it).
    if (landing.state === 'wrap_up' && s.wrapUpMode === 'timed') agent.wrapUpEndsWall = this.#clock.wallNow() + s.wrapUpSeconds * 1000;
    this.#apply(agent, { kind: 'call_end', token, then: landing }, 'call_ended', o);
    // Free again (or once the wrap-up ends): calls already waiting are theirs to take.
    this.#pendingAgents.add(agent);
    if (landing.state === 'wrap_up' && s.wrapUpMode === 'timed') {
      agent.wrapUpTimer = this.#clock.setTimeout(() => {
        agent.wrapUpTimer = undefined;
        agent.wrapUpEndsWall = undefined;
        if (agent.status.state !== 'wrap_up') return;
        this.#apply(agent, { kind: 'wrap_up_end' }, 'wrap_up_timer');
        this.#pendingAgents.add(agent);
        this.#settle();
      }, s.wrapUpSeconds * 1000);
    }
    this.#settle();
  }

  leave(ticketId: string, reason: LeaveReason): void {
    const t = this.#tickets.get(ticketId);
    if (!t || t.state !== 'waiting' || reason === 'answered') return;
    const withdraw: WithdrawReason = reason === 'overflow' ? 'overflow' : 'caller_left';
    for (const o of [...t.offers.values()]) this.#withdraw(o, withdraw);
    this.#removeTicket(t, 'gone');
    const scope = this.#scope(t);
    const waitedSeconds = this.#waited(t);
    if (reason === 'abandoned') this.#emit({ type: 'queue.abandoned', ...scope, waitedSeconds });
    else if (reason === 'overflow') this.#emit({ type: 'queue.overflowed', ...scope, reason: 'driver', waitedSeconds });
    else this.#emit({ type: 'callback.requested', ...scope, number: t.callerNumber, keepsPlace: false, waitedSeconds });
    this.#settle();
  }

  requestCallback(ticketId: string, number: string, number400?: string): void {
    const t = this.#tickets.get(ticketId);
    if (!t || t.state !== 'waiting') return;
    t.callback = number400 === undefined ? { number } : { number, number400 };
    // The caller hung up keeping their place: no timeout any more.
    if (t.overflowTimer) this.#clock.clearTimeout(t.overflowTimer);
    t.overflowTimer = undefined;
    this.#emit({ type: 'callback.requested', ...this.#scope(t), number, keepsPlace: true, waitedSeconds: this.#waited(t) });
    this.#settle();
  }

  queueSettings(tenantId: string, queueId: string): QueueSettings | undefined {
    return this.#tenants.get(tenantId)?.queues.get(queueId)?.settings;
  }

  // ------------------------------------------------------------------ the agent side

  logIn(tenantId: string, userId: string, actor: Actor, notReadyReason?: string): AgentSnapshot {
    const a = this.#agentOrThrow(tenantId, userId);
    if (notReadyReason !== undefined) this.#checkReason(tenantId, notReadyReason);
    if (a.status.state === 'logged_out') {
      a.missedOffers = 0;
      a.callsAnswered = 0;
      a.talkTimeMs = 0;
      a.idleSince = this.#clock.now();
      const reason = notReadyReason ?? (this.#reachable(a) ? undefined : 'registration_lost');
      this.#apply(a, reason === undefined ? { kind: 'log_in' } : { kind: 'log_in', reason }, actor);
      this.#pendingAgents.add(a);
    }
    this.#settle();
    return agentSnapshot(a);
  }

  setReady(tenantId: string, userId: string, actor: Actor): AgentSnapshot {
    const a = this.#agentOrThrow(tenantId, userId);
    if (a.status.state !== 'ready' && !this.#reachable(a)) throw new AcdError('PHONE_UNREACHABLE', 'the agent’s phone is not registered; register it first');
    const wasReady = a.status.state === 'ready';
    this.#apply(a, { kind: 'set_ready' }, actor);
    if (!wasReady) {
      a.missedOffers = 0;
      a.idleSince = this.#clock.now();
      this.#clearWrapUp(a);
    }
    this.#pendingAgents.add(a);
    this.#settle();
    return agentSnapshot(a);
  }

  setNotReady(tenantId: string, userId: string, reason: string, actor: Actor): AgentSnapshot {
    const a = this.#agentOrThrow(tenantId, userId);
    this.#checkReason(tenantId, reason);
    const r = nextAgentStatus(a.status, { kind: 'set_not_ready', reason });
    if (!r.ok) throw new AcdError('STATE_REFUSED', `cannot go not ready: ${r.why}`, { state: a.status.state });
    this.#dropOffer(a, 'agent_away');
    this.#clearWrapUp(a);
    this.#apply(a, { kind: 'set_not_ready', reason }, actor);
    this.#settle();
    return agentSnapshot(a);
  }

  logOut(tenantId: string, userId: string, actor: Actor): AgentSnapshot {
    const a = this.#agentOrThrow(tenantId, userId);
    if (actor === 'agent' && (a.status.state === 'talking' || a.status.state === 'held')) {
      throw new AcdError('STATE_REFUSED', 'finish the call before logging out', { state: a.status.state });
    }
    this.#logOut(a, actor);
    this.#settle();
    return agentSnapshot(a);
  }

  registrationLost(tenantId: string, username: string): void {
    for (const a of this.#tenants.get(tenantId)?.agentsByUsername.get(username) ?? []) this.#lose(a, 'registration_lost');
    this.#settle();
  }

  /**
   * The agent's desk is gone (issue 14: its event feed and browser softphone closed past the grace):
   * not ready `desk_closed`. False when nothing changed — logged out, already not ready for it, or
   * on a call (the call goes on; the desk asks again when it ended).
   */
  deskClosed(tenantId: string, userId: string): boolean {
    const a = this.#tenants.get(tenantId)?.agents.get(userId);
    const changed = a !== undefined && this.#lose(a, 'desk_closed');
    this.#settle();
    return changed;
  }

  /** The agent's phone or desk went away: the table decides (logged out: refused; on a call or already not ready for it: no change). */
  #lose(a: AgentRec, reason: 'registration_lost' | 'desk_closed'): boolean {
    const input = { kind: 'phone_lost', reason } as const;
    const next = nextAgentStatus(a.status, input);
    if (!next.ok || sameStatus(next.status, a.status)) return false;
    this.#dropOffer(a, 'agent_away');
    this.#clearWrapUp(a);
    this.#apply(a, input, reason);
    return true;
  }

  phoneReachable(tenantId: string, username: string): void {
    for (const a of this.#tenants.get(tenantId)?.agentsByUsername.get(username) ?? []) this.#pendingAgents.add(a);
    this.#settle();
  }

  // ------------------------------------------------------------------ reading

  /** The tenants the engine holds anything of. */
  tenantIds(): string[] {
    return [...this.#tenants.keys()];
  }

  agent(tenantId: string, userId: string): AgentSnapshot | undefined {
    const a = this.#tenants.get(tenantId)?.agents.get(userId);
    return a ? agentSnapshot(a) : undefined;
  }

  agents(tenantId: string): AgentSnapshot[] {
    return [...(this.#tenants.get(tenantId)?.agents.values() ?? [])].map((a) => agentSnapshot(a));
  }

  queueFigures(tenantId: string, queueId?: string): QueueFigures[] {
    const tenant = this.#tenants.get(tenantId);
    if (!tenant) return [];
    const now = this.#clock.now();
    const queues = queueId === undefined ? [...tenant.queues.values()] : [tenant.queues.get(queueId)].filter((q) => q !== undefined);
    return queues.map((q) => queueFigures(q, now));
  }

  /** Offers out and calls up (tests and the live projection). */
  offerCount(): number {
    return this.#offers.size;
  }

  /** Tickets still waiting across all tenants. */
  waitingCount(): number {
    return this.#tickets.size; // a ticket leaves the map as it stops waiting
  }

  // ------------------------------------------------------------------ routing

  /** Runs pending routing, then hands pending effects to the driver; re-entrant calls join the loop. */
  #settle(): void {
    if (this.#settling) return;
    this.#settling = true;
    try {
      for (;;) {
        const agent = this.#pendingAgents.values().next();
        if (!agent.done) {
          this.#pendingAgents.delete(agent.value);
          this.#routeAgent(agent.value);
          continue;
        }
        const ticket = this.#pendingTickets.values().next();
        if (!ticket.done) {
          this.#pendingTickets.delete(ticket.value);
          this.#routeTicket(ticket.value);
          continue;
        }
        const effect = this.#handoff.next();
        if (!effect) break;
        try {
          effect();
        } catch (err) {
          this.#onHandlerError(err);
        }
      }
    } finally {
      this.#settling = false;
    }
  }

  /** An agent may have become free: the best waiting call across their queues is routed. */
  #routeAgent(a: AgentRec): void {
    for (let guard = 0; guard < 64 && this.#available(a); guard++) {
      const best = bestCallFor(this.#tenants.get(a.profile.tenantId), a, this.#clock.now());
      if (!best || !this.#routeTicket(best)) return;
    }
  }

  /** Offers a waiting call to the agent(s) its queue's strategy picks; false when nobody could take it. */
  #routeTicket(t: TicketRec): boolean {
    if (t.state !== 'waiting' || t.offers.size > 0) return false;
    const ranked = this.#ranked(t);
    if (ranked.length === 0) {
      this.#scheduleWiden(t);
      return false;
    }
    const q = t.queue;
    const fanOut = STRATEGIES[q.settings.strategy].fanOut;
    const picks = fanOut === 'all' ? ranked : ranked.slice(0, 1);
    for (const c of picks) this.#makeOffer(t, c);
    if (fanOut === 'progressive') this.#scheduleProgressive(t);
    return true;
  }

  /** The agents free and allowed to take this call now, in the order the strategy offers them. */
  #ranked(t: TicketRec): AgentRec[] {
    const q = t.queue;
    const tenant = this.#tenants.get(t.tenantId);
    const now = this.#clock.now();
    const free: { a: AgentRec; m: Membership }[] = [];
    for (const a of q.members) {
      const m = a.memberships.get(q.settings.id);
      if (!m || !this.#available(a) || !eligible(a, t, m, now)) continue;
      const better = betterWork(tenant, a, m, now);
      if (better) {
        this.#pendingTickets.add(better);
        continue;
      }
      free.push({ a, m });
    }
    return offerOrder(t, free, tenant, now, this.#random);
  }

  /** When the candidates of a call widen next, route it again. */
  #scheduleWiden(t: TicketRec): void {
    if (t.widenTimer) this.#clock.clearTimeout(t.widenTimer);
    t.widenTimer = undefined;
    const delay = widenDelayMs(t, this.#clock.now());
    if (delay === undefined) return;
    t.widenTimer = this.#clock.setTimeout(() => {
      t.widenTimer = undefined;
      this.#pendingTickets.add(t);
      this.#settle();
    }, delay);
  }

  /** ring_progressively: one more agent every step while nobody answered. */
  #scheduleProgressive(t: TicketRec): void {
    if (t.progressiveTimer) this.#clock.clearTimeout(t.progressiveTimer);
    t.progressiveTimer = this.#clock.setTimeout(
      () => {
        t.progressiveTimer = undefined;
        if (t.state !== 'waiting') return;
        if (t.offers.size === 0) this.#pendingTickets.add(t);
        else {
          const next = this.#ranked(t)[0];
          if (next) this.#makeOffer(t, next);
          this.#scheduleProgressive(t);
        }
        this.#settle();
      },
      Math.max(1, t.queue.settings.progressiveStepSeconds) * 1000,
    );
  }

  #makeOffer(t: TicketRec, a: AgentRec): void {
    const q = t.queue;
    const token = randomUUID();
    const ringTimeoutMs = q.settings.ringSeconds * 1000;
    const o: OfferRec = { token, ticket: t, agent: a, deadlineTimer: undefined, answeredAt: undefined };
    this.#apply(a, { kind: 'offer', token }, 'offer', o);
    a.offer = o;
    t.offers.set(token, o);
    this.#offers.set(token, o);
    q.lastOffered = a.profile.agentId;
    if (t.widenTimer) this.#clock.clearTimeout(t.widenTimer);
    t.widenTimer = undefined;
    const deadlineMs = ringTimeoutMs + OFFER_SETUP_GRACE_MS;
    o.deadlineTimer = this.#clock.setTimeout(() => {
      o.deadlineTimer = undefined;
      if (this.#offers.get(token) !== o || o.answeredAt !== undefined) return;
      this.#handoff.withdraw(t, token, 'expired');
      this.#missed(o, 'no_answer');
      this.#settle();
    }, deadlineMs);
    const offer: Offer = {
      token,
      ticketId: t.id,
      callId: t.callId,
      tenantId: t.tenantId,
      queueId: q.settings.id,
      agentId: a.profile.agentId,
      userId: a.profile.userId,
      agentDisplayName: a.profile.displayName,
      phone: a.profile.phone,
      ringTimeoutMs,
      deadline: new Date(this.#clock.wallNow() + deadlineMs),
      ...(t.callback ? { callback: { ...t.callback } } : {}),
    };
    this.#emit({ type: 'queue.offered', ...this.#scope(t), userId: a.profile.userId, agentId: a.profile.agentId, phone: a.profile.phone, token, waitedSeconds: this.#waited(t) });
    this.#handoff.offer(t, offer);
  }

  /** An offer not answered: the agent is freed (or made not ready after too many), the call routed again. */
  #missed(o: OfferRec, reason: OfferFailure): void {
    const { agent, ticket, token } = o;
    const queue = ticket.queue;
    this.#forgetOffer(o);
    ticket.tried.add(agent.profile.userId);
    agent.missedOffers++;
    const tooMany = agent.missedOffers >= Math.max(1, queue.settings.maxMissedOffers);
    const landing: Landing = !this.#reachable(agent)
      ? { state: 'not_ready', reason: 'registration_lost' }
      : tooMany
        ? { state: 'not_ready', reason: 'missed_offers' }
        : { state: 'ready' };
    const cause: AgentCause = landing.state === 'not_ready' ? (landing.reason === 'missed_offers' ? 'missed_offers' : 'registration_lost') : reason;
    this.#tryApply(agent, { kind: 'offer_lost', token, then: landing }, cause, o);
    this.#pendingAgents.add(agent);
    if (ticket.state === 'waiting' && ticket.offers.size === 0) this.#pendingTickets.add(ticket);
  }

  /** Takes back an offer that is still out (not the agent's fault: no missed count). */
  #withdraw(o: OfferRec, reason: WithdrawReason): void {
    this.#forgetOffer(o);
    this.#handoff.withdraw(o.ticket, o.token, reason);
    const then: Landing = this.#reachable(o.agent) ? { state: 'ready' } : { state: 'not_ready', reason: 'registration_lost' };
    this.#tryApply(o.agent, { kind: 'offer_lost', token: o.token, then }, 'withdrawn', o);
    this.#pendingAgents.add(o.agent);
  }

  /** The agent is going away (not ready, log out, phone lost) while an offer is out: its bookkeeping goes, the state change follows. */
  #dropOffer(a: AgentRec, reason: WithdrawReason): void {
    const o = a.offer;
    if (!o || o.answeredAt !== undefined) return;
    this.#forgetOffer(o);
    this.#handoff.withdraw(o.ticket, o.token, reason);
    if (o.ticket.state === 'waiting' && o.ticket.offers.size === 0) this.#pendingTickets.add(o.ticket);
  }

  #forgetOffer(o: OfferRec): void {
    this.#clearDeadline(o);
    this.#offers.delete(o.token);
    o.ticket.offers.delete(o.token);
    if (o.agent.offer === o) o.agent.offer = undefined;
  }

  #clearDeadline(o: OfferRec): void {
    if (o.deadlineTimer) this.#clock.clearTimeout(o.deadlineTimer);
    o.deadlineTimer = undefined;
  }

  #overflow(t: TicketRec, reason: 'timeout' | 'no_agents'): void {
    if (t.state !== 'waiting') return;
    for (const o of [...t.offers.values()]) this.#withdraw(o, 'overflow');
    this.#removeTicket(t, 'gone');
    this.#emit({ type: 'queue.overflowed', ...this.#scope(t), reason, waitedSeconds: this.#waited(t) });
    this.#handoff.overflow(t, reason);
  }

  /** With nobody logged in any more, a queue that says so overflows its waiting calls. */
  #overflowIfNobody(tenant: TenantRec, queueId: string): void {
    const q = tenant.queues.get(queueId);
    if (!q || !q.settings.overflowWhenNoAgents || anyoneLoggedIn(q)) return;
    // A callback waits for the next agent to log in: its caller is not on the line.
    for (const t of [...q.waiting]) if (!t.callback) this.#overflow(t, 'no_agents');
  }

  #removeTicket(t: TicketRec, state: 'answered' | 'gone'): void {
    t.state = state;
    const i = t.queue.waiting.indexOf(t);
    if (i >= 0) t.queue.waiting.splice(i, 1);
    this.#tickets.delete(t.id);
    this.#pendingTickets.delete(t);
    for (const timer of [t.overflowTimer, t.widenTimer, t.progressiveTimer]) if (timer) this.#clock.clearTimeout(timer);
    t.overflowTimer = t.widenTimer = t.progressiveTimer = undefined;
  }

  #logOut(a: AgentRec, actor: Actor): void {
    if (a.status.state === 'logged_out') return;
    this.#dropOffer(a, 'agent_away');
    this.#clearWrapUp(a);
    this.#apply(a, { kind: 'log_out' }, actor);
    const tenant = this.#tenants.get(a.profile.tenantId)!;
    for (const id of a.memberships.keys()) this.#overflowIfNobody(tenant, id);
  }

  // ------------------------------------------------------------------ helpers

  /** Applies one input through the table; a refusal is the caller's bug or the API's 409. */
  #apply(a: AgentRec, input: AgentInput, cause: AgentCause, o?: OfferRec): void {
    const r = nextAgentStatus(a.status, input);
    if (!r.ok) throw new AcdError('STATE_REFUSED', r.why, { state: a.status.state, input: input.kind });
    if (sameStatus(r.status, a.status)) return;
    const previous = a.status;
    a.status = r.status;
    a.since = this.#clock.now();
    a.sinceWall = this.#clock.wallNow();
    if (r.status.state === 'ready') a.idleSince = a.since;
    this.#emit({
      type: 'agent.state_changed',
      tenantId: a.profile.tenantId,
      userId: a.profile.userId,
      agentId: a.profile.agentId,
      previous: previous.state,
      state: r.status.state,
      ...(r.status.state === 'not_ready' ? { reason: r.status.reason } : {}),
      ...(previous.state === 'not_ready' ? { previousReason: previous.reason } : {}),
      cause,
      ...(r.status.state === 'wrap_up' && a.wrapUpEndsWall !== undefined ? { wrapUpEndsAt: new Date(a.wrapUpEndsWall).toISOString() } : {}),
      ...(o ? { token: o.token, callId: o.ticket.callId, queueId: o.ticket.queue.settings.id } : {}),
      at: new Date(a.sinceWall).toISOString(),
    });
  }

  /** For inputs the driver reports late or twice: a refusal is ignored, not thrown at the driver. */
  #tryApply(a: AgentRec, input: AgentInput, cause: AgentCause, o?: OfferRec): void {
    if (nextAgentStatus(a.status, input).ok) this.#apply(a, input, cause, o);
  }

  #emit(event: AcdEvent): void {
    try {
      this.#sink(event);
    } catch (err) {
      this.#onHandlerError(err);
    }
  }

  #clearWrapUp(a: AgentRec): void {
    if (a.wrapUpTimer) this.#clock.clearTimeout(a.wrapUpTimer);
    a.wrapUpTimer = undefined;
    a.wrapUpEndsWall = undefined;
  }

  #available(a: AgentRec): boolean {
    return a.status.state === 'ready' && a.offer === undefined && this.#reachable(a);
  }

  #reachable(a: AgentRec): boolean {
    return this.#reachability?.isReachable(a.profile.tenantId, a.profile.phone) ?? true;
  }

  #isLive(token: string): boolean {
    const o = this.#offers.get(token);
    return o !== undefined && o.answeredAt === undefined;
  }

  #waited(t: TicketRec): number {
    return Math.round((this.#clock.now() - t.enteredAt) / 1000);
  }

  #scope(t: TicketRec): { tenantId: string; queueId: string; ticketId: string; callId: string } {
    return { tenantId: t.tenantId, queueId: t.queue.settings.id, ticketId: t.id, callId: t.callId };
  }

  #tenant(tenantId: string): TenantRec {
    let t = this.#tenants.get(tenantId);
    if (!t) {
      t = { queues: new Map(), agents: new Map(), agentsByUsername: new Map(), reasons: new Set(DEFAULT_NOT_READY_REASONS.map((r) => r.code)) };
      this.#tenants.set(tenantId, t);
    }
    return t;
  }

  #agentOrThrow(tenantId: string, userId: string): AgentRec {
    const a = this.#tenants.get(tenantId)?.agents.get(userId);
    if (!a) throw new AcdError('AGENT_NOT_FOUND', 'no such agent in this tenant');
    return a;
  }

  #checkReason(tenantId: string, reason: string): void {
    if (!this.#tenant(tenantId).reasons.has(reason)) throw new AcdError('REASON_NOT_FOUND', `no not-ready reason "${reason}" in this tenant`);
  }
}

/** A transferred-in caller's queue events say so (wait figures count them apart). */
function transferInFacts(t: TicketRec): { transferIn?: { fromUserId?: string } } {
  return t.transferIn ? { transferIn: { ...t.transferIn } } : {};
}
