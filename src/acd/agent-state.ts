/**
 * An agent's state machine as a pure transition table: (status, input) → the next status or a
 * refusal. The engine feeds it and stores every step it takes with its cause and time; replaying a
 * stored log through this table must give the agent's current status (the property test checks it).
 *
 *   logged_out ─log_in→ ready ⇄ not_ready(reason)
 *   ready ─offer→ reserved ─ring→ ringing ─answer→ talking ⇄ held ─call_end→ wrap_up ─wrap_up_end→ ready
 *   reserved/ringing ─offer_lost→ ready or not_ready (missed offers, registration lost)
 *   every logged-in state ─log_out→ logged_out (talking/held: only when a supervisor forces it)
 */

export const AGENT_STATES = ['logged_out', 'ready', 'not_ready', 'reserved', 'ringing', 'talking', 'held', 'wrap_up'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export type AgentStatus =
  | { state: 'logged_out' | 'ready' | 'wrap_up' }
  | { state: 'not_ready'; reason: string }
  /** An offer is out (reserved: the phone is being dialled; ringing), or its call is up. */
  | { state: 'reserved' | 'ringing' | 'talking' | 'held'; token: string };

/** Where an agent goes when an offer ends without an answer, or a call ends. */
export type Landing = { state: 'ready' } | { state: 'wrap_up' } | { state: 'not_ready'; reason: string };

export type AgentInput =
  | { kind: 'log_in'; reason?: string }
  | { kind: 'set_ready' }
  | { kind: 'set_not_ready'; reason: string }
  | { kind: 'log_out' }
  | { kind: 'offer'; token: string }
  | { kind: 'ring'; token: string }
  | { kind: 'answer'; token: string }
  | { kind: 'offer_lost'; token: string; then: Landing }
  | { kind: 'hold'; token: string }
  | { kind: 'unhold'; token: string }
  | { kind: 'call_end'; token: string; then: Landing }
  | { kind: 'wrap_up_end' }
  /** The phone (registration_lost, the default) or the whole desk (desk_closed) went away. */
  | { kind: 'phone_lost'; reason?: 'registration_lost' | 'desk_closed' };

export type TransitionResult = { ok: true; status: AgentStatus } | { ok: false; why: string };

const ok = (status: AgentStatus): TransitionResult => ({ ok: true, status });
const refuse = (why: string): TransitionResult => ({ ok: false, why });
const notReady = (reason: string): AgentStatus => ({ state: 'not_ready', reason });
const land = (l: Landing): AgentStatus => (l.state === 'not_ready' ? notReady(l.reason) : { state: l.state });

function sameOffer(status: AgentStatus, token: string): boolean {
  return 'token' in status && status.token === token;
}

type Handler = (status: AgentStatus, input: AgentInput) => TransitionResult;

/** One handler per state: what each input does there. */
const TABLE: Record<AgentState, Handler> = {
  logged_out(_s, input) {
    if (input.kind === 'log_in') return ok(input.reason !== undefined ? notReady(input.reason) : { state: 'ready' });
    return refuse('the agent is logged out');
  },
  ready(s, input) {
    if (input.kind === 'set_ready') return ok(s);
    if (input.kind === 'offer') return ok({ state: 'reserved', token: input.token });
    return idle(s, input) ?? refuse(`${input.kind} while ready`);
  },
  not_ready(s, input) {
    if (input.kind === 'set_ready') return ok({ state: 'ready' });
    return idle(s, input) ?? refuse(`${input.kind} while not ready`);
  },
  reserved: offered,
  ringing: offered,
  talking: onCall,
  held: onCall,
  wrap_up(s, input) {
    if (input.kind === 'set_ready' || input.kind === 'wrap_up_end') return ok({ state: 'ready' });
    return idle(s, input) ?? refuse(`${input.kind} during wrap-up`);
  },
};

/** What ready, not ready and wrap-up share: going not ready, logging out, losing the phone. */
function idle(s: AgentStatus, input: AgentInput): TransitionResult | undefined {
  switch (input.kind) {
    case 'set_not_ready':
      return ok(notReady(input.reason));
    case 'log_out':
      return ok({ state: 'logged_out' });
    case 'phone_lost':
      return ok(notReady(input.reason ?? 'registration_lost'));
    case 'log_in':
      return ok(s);
    default:
      return undefined;
  }
}

/** Inputs about an offer or a call must name the one the agent holds (a late answer to a withdrawn offer names another). */
function otherOffer(s: AgentStatus, input: AgentInput): boolean {
  return 'token' in input && input.kind !== 'offer' && !sameOffer(s, input.token);
}

/** reserved and ringing: an offer is out. Anything that takes the agent away withdraws it. */
function offered(s: AgentStatus, input: AgentInput): TransitionResult {
  if (otherOffer(s, input)) return refuse('not this offer');
  if (input.kind === 'ring') return ok(s.state === 'reserved' ? { state: 'ringing', token: input.token } : s);
  if (input.kind === 'answer') return ok({ state: 'talking', token: input.token });
  if (input.kind === 'offer_lost') return ok(land(input.then));
  return idle(s, input) ?? refuse(`${input.kind} while an offer is out`);
}

/** talking and held: the call goes on; a lost registration does not end it. */
function onCall(s: AgentStatus, input: AgentInput): TransitionResult {
  if (otherOffer(s, input)) return refuse('not this call');
  switch (input.kind) {
    case 'hold':
      return ok({ state: 'held', token: input.token });
    case 'unhold':
      return ok({ state: 'talking', token: input.token });
    case 'call_end':
      return ok(land(input.then));
    case 'log_out':
      return ok({ state: 'logged_out' });
    case 'phone_lost':
    case 'log_in':
      return ok(s);
    default:
      return refuse(`${input.kind} while on a call`);
  }
}

/** The pure transition: never throws, never mutates. */
export function nextAgentStatus(status: AgentStatus, input: AgentInput): TransitionResult {
  return TABLE[status.state](status, input);
}

export function sameStatus(a: AgentStatus, b: AgentStatus): boolean {
  if (a.state !== b.state) return false;
  if ('reason' in a && 'reason' in b) return a.reason === b.reason;
  if ('token' in a && 'token' in b) return a.token === b.token;
  return true;
}

/** Logged in and able to take a call (for "is anybody there" questions, not for routing). */
export function isLoggedIn(status: AgentStatus): boolean {
  return status.state !== 'logged_out';
}

/** Logged in and not not-ready: taking calls, or will again soon (the sticky wait and the wait estimate count them). */
export function servesCalls(status: AgentStatus): boolean {
  return status.state !== 'logged_out' && status.state !== 'not_ready';
}
