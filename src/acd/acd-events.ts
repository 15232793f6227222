/**
 * What happens in the ACD, as typed events: the engine emits them through an `AcdEventSink` and
 * knows nothing of who listens (the platform hands them to the bus, src/events, which stamps the
 * envelope; the transitions are also stored by acd-store). Shapes documented in docs/events.md.
 */
import type { AgentState } from './agent-state.ts';
import type { AgentPhone } from './acd-model.ts';

/** Why an agent's state changed: who or what asked. */
export type AgentCause =
  | 'agent'
  | 'supervisor'
  | 'offer'
  | 'offer_ringing'
  | 'offer_answered'
  | 'no_answer'
  | 'rejected'
  | 'busy'
  | 'failed'
  | 'withdrawn'
  | 'hold'
  | 'unhold'
  | 'call_ended'
  | 'wrap_up_timer'
  | 'missed_offers'
  | 'registration_lost'
  | 'desk_closed'
  | 'restart';

export interface AgentStateChanged {
  type: 'agent.state_changed';
  tenantId: string;
  userId: string;
  agentId: string;
  previous: AgentState;
  state: AgentState;
  /** The not-ready reason (state `not_ready`). */
  reason?: string;
  previousReason?: string;
  cause: AgentCause;
  /** Entering a timed wrap-up: when it ends, ISO 8601 UTC (the desk's countdown). */
  wrapUpEndsAt?: string;
  /** The offer or call concerned, when there is one. */
  token?: string;
  callId?: string;
  queueId?: string;
  /** ISO 8601 UTC. */
  at: string;
}

interface QueueScoped {
  tenantId: string;
  queueId: string;
  ticketId: string;
  callId: string;
}

export interface QueueEntered extends QueueScoped {
  type: 'queue.entered';
  callerNumber: string;
  priority: number;
  position: number;
  /** An agent transferred the caller here from a call (the user id when known). */
  transferIn?: { fromUserId?: string };
}

export interface QueueOffered extends QueueScoped {
  type: 'queue.offered';
  userId: string;
  agentId: string;
  phone: AgentPhone;
  token: string;
  waitedSeconds: number;
}

export interface QueueAnswered extends QueueScoped {
  type: 'queue.answered';
  userId: string;
  agentId: string;
  token: string;
  /** Counted from the transfer for a transferred-in caller. */
  waitedSeconds: number;
  transferIn?: { fromUserId?: string };
}

export interface QueueAbandoned extends QueueScoped {
  type: 'queue.abandoned';
  waitedSeconds: number;
}

export interface QueueOverflowed extends QueueScoped {
  type: 'queue.overflowed';
  reason: 'timeout' | 'no_agents' | 'driver';
  waitedSeconds: number;
}

export interface CallbackRequested extends QueueScoped {
  type: 'callback.requested';
  number: string;
  /** true: the request keeps the caller's place in line; false: it left the queue. */
  keepsPlace: boolean;
  waitedSeconds: number;
}

export type QueueEvent = QueueEntered | QueueOffered | QueueAnswered | QueueAbandoned | QueueOverflowed | CallbackRequested;
export type AcdEvent = AgentStateChanged | QueueEvent;
export type AcdEventType = AcdEvent['type'];

export type AcdEventSink = (event: AcdEvent) => void;

/** Every ACD event type (docs, subscriptions, validation). */
export const ACD_EVENT_TYPES: readonly AcdEventType[] = [
  'agent.state_changed',
  'queue.entered',
  'queue.offered',
  'queue.answered',
  'queue.abandoned',
  'queue.overflowed',
  'callback.requested',
];
