/**
 * The ACD engine's public shape: what the call side (src/acd/queue-call, the driver) and the API
 * code against. The in-memory implementation is `InMemoryAcdEngine` (in-memory-acd-engine.ts).
 *
 * The driver's loop, per call:
 *   const ticket = engine.enqueue({ tenantId, queueId, callId, callerNumber, … });
 *   ticket.onOffer((offer) => ring offer.phone for offer.ringTimeoutMs, then report:
 *       engine.offerRinging(token) on 180; engine.offerAnswered(token) on 200 — when it returns
 *       false the offer was withdrawn or expired and the driver hangs that leg up;
 *       engine.offerFailed(token, 'no_answer' | 'rejected' | 'busy' | 'failed') otherwise);
 *   ticket.onWithdraw((token) => cancel that agent's leg: another agent answered (ring_all), the
 *       caller left, the call overflowed, or the agent went away);
 *   ticket.onOverflow((reason) => route per queueSettings(…).overflow; the ticket is gone already);
 *   engine.leave(ticket.id, 'abandoned' | 'overflow' | 'callback' | 'answered') when the caller
 *       hangs up while waiting, the driver overflows on its own, or the caller chose a callback;
 *   engine.callHeld/callUnheld(token) as the agent holds; engine.callEnded(token) when the agent's
 *       call is over (wrap-up follows per the queue's mode).
 *
 * Handlers are called synchronously after the engine's state is consistent (so they may call back
 * into the engine at once). An offer or overflow made before its handler was registered is kept
 * and handed over at registration: enqueue may offer at once.
 *
 * Shape kept stable for queuecalls: members are only ever added. Refinements on the brief's sketch:
 * `onWithdraw`, `requestCallback`, `callHeld/callUnheld` and `Offer.callback`/`agentDisplayName` added.
 */
import type { AgentPhone, QueueSettings } from './acd-model.ts';
import type { AgentState, AgentStatus } from './agent-state.ts';

export type { AgentPhone, QueueSettings } from './acd-model.ts';

export interface QueueEntryRequest {
  tenantId: string;
  queueId: string;
  callId: string;
  /** E.164 where it parsed (call memory keys on it). */
  callerNumber: string;
  /** The caller's province (phone attribution) for region-aware routing. */
  callerRegion?: string;
  /** Higher goes first (default 0). */
  priority?: number;
  /** Offer this agent (user id) first; without it the engine's own call memory decides (queue's sticky window). */
  stickyAgentId?: string;
  /** When the caller started waiting (a call moved from another queue keeps its time). Default: now. */
  enteredAt?: Date;
  /**
   * A caller who is not on the line and waits for a callback (a queue's overflow to `callback`):
   * the ticket keeps its place, never overflows, and its offer carries `callback`.
   */
  callback?: CallbackRequest;
  /**
   * An agent transferred the caller here from a call (the desk's transfer to a queue): waits like
   * any caller, from now; the queue's events say `transferIn` so wait figures can tell them apart.
   */
  transferIn?: { fromUserId?: string };
}

/** Who to call back: the caller's number, and the tenant's 400 number they called (shown to them). */
export interface CallbackRequest {
  number: string;
  number400?: string;
}

export interface Offer {
  token: string;
  ticketId: string;
  callId: string;
  tenantId: string;
  queueId: string;
  agentId: string;
  userId: string;
  agentDisplayName: string;
  phone: AgentPhone;
  ringTimeoutMs: number;
  /** After this the engine withdraws the offer on its own (ring time plus a setup grace). */
  deadline: Date;
  /** Set when the caller asked for a callback: call the agent, then this number. */
  callback?: CallbackRequest;
}

export type OfferFailure = 'no_answer' | 'rejected' | 'busy' | 'failed';
export type WithdrawReason = 'answered_elsewhere' | 'caller_left' | 'overflow' | 'agent_away' | 'expired';
export type LeaveReason = 'abandoned' | 'overflow' | 'callback' | 'answered';

export interface QueueTicket {
  readonly id: string;
  /** 1 = next in line in its queue (0 once it left the queue). */
  position(): number;
  /** undefined until the queue has answered calls to estimate from. */
  estimatedWaitSeconds(): number | undefined;
  onOffer(handler: (o: Offer) => void): void;
  /** The ticket has left the queue; route per queueSettings(…).overflow. */
  onOverflow(handler: (reason: 'timeout' | 'no_agents') => void): void;
  /** An offer made to this ticket is withdrawn: hang up / cancel that agent's leg. */
  onWithdraw(handler: (token: string, reason: WithdrawReason) => void): void;
}

export type Actor = 'agent' | 'supervisor';

export interface AgentSnapshot {
  tenantId: string;
  userId: string;
  agentId: string;
  displayName: string;
  phone: AgentPhone;
  status: AgentStatus;
  /** When the agent entered the current state. */
  since: Date;
  missedOffers: number;
  callsAnswered: number;
  talkTimeMs: number;
  queueIds: string[];
  /** In a timed wrap-up: when it ends (the desk's after-call-work countdown). */
  wrapUpEndsAt?: Date;
}

export interface QueueFigures {
  queueId: string;
  name: string;
  waiting: number;
  longestWaitSeconds: number;
  /** Member agents per state. */
  agents: Record<AgentState, number>;
}

/** A registration lapsed (or came back): the agents on that phone are made not ready. */
export interface PhoneReachability {
  isReachable(tenantId: string, phone: AgentPhone): boolean;
}

export interface AcdEngine {
  // ---- the call side (the driver)
  enqueue(req: QueueEntryRequest): QueueTicket;
  offerRinging(token: string): void;
  /** false: the offer was withdrawn or expired — the driver must hang that leg up. */
  offerAnswered(token: string): boolean;
  /** The next agent is tried; after the queue's maxMissedOffers in a row the agent is made not ready. */
  offerFailed(token: string, reason: OfferFailure): void;
  callHeld(token: string): void;
  callUnheld(token: string): void;
  /** The agent's call ended → wrap-up per the queue's mode. */
  callEnded(token: string): void;
  leave(ticketId: string, reason: LeaveReason): void;
  /**
   * The caller asked to be called back and hangs up: the ticket keeps its place (it no longer
   * times out, nor overflows when nobody is logged in); its offer carries `callback`.
   */
  requestCallback(ticketId: string, number: string, number400?: string): void;
  queueSettings(tenantId: string, queueId: string): QueueSettings | undefined;

  // ---- the agent side (API): AcdError on refusal
  logIn(tenantId: string, userId: string, actor: Actor, notReadyReason?: string): AgentSnapshot;
  setReady(tenantId: string, userId: string, actor: Actor): AgentSnapshot;
  setNotReady(tenantId: string, userId: string, reason: string, actor: Actor): AgentSnapshot;
  logOut(tenantId: string, userId: string, actor: Actor): AgentSnapshot;
  /** The registrar reports a SIP user's registration ended (expired or removed). */
  registrationLost(tenantId: string, username: string): void;
  /** The registrar reports a SIP user registered (again): a ready agent on that phone may be offered calls. */
  phoneReachable(tenantId: string, username: string): void;
  /** The agent's desk is gone (issue 14): not ready `desk_closed`; false when nothing changed (logged out, on a call, already so). */
  deskClosed(tenantId: string, userId: string): boolean;

  // ---- reading
  agent(tenantId: string, userId: string): AgentSnapshot | undefined;
  agents(tenantId: string): AgentSnapshot[];
  queueFigures(tenantId: string, queueId?: string): QueueFigures[];
}

export { InMemoryAcdEngine, type InMemoryAcdEngineOptions } from './in-memory-acd-engine.ts';
