/**
 * Live calls and legs, projected from the events. Behind this interface so that a shared store
 * (several nodes) can replace the in-process projection without its readers noticing.
 */
import type { AgentState } from '../acd/agent-state.ts';
import type { CallEventState, ConferenceRoleName, LegEventState, LegParty } from '../calls/call-events.ts';

export interface LiveLeg {
  legId: string;
  direction: 'inbound' | 'outbound';
  party: LegParty;
  state: LegEventState;
  /** When the leg entered its state (ISO 8601). */
  since: string;
  /** Its role while the call is conferenced (three-way, a supervisor stepping in). */
  role?: ConferenceRoleName;
}

export interface LiveCall {
  callId: string;
  tenantId: string;
  direction: 'inbound' | 'outbound';
  number400?: string;
  callerNumber: string;
  state: CallEventState;
  createdAt: string;
  answeredAt?: string;
  recording: boolean;
  /** Legs still up, in the order they were created. */
  legs: LiveLeg[];
}

/** An agent's state as the ACD's events left it (agent.state_changed). */
export interface LiveAgent {
  tenantId: string;
  userId: string;
  agentId: string;
  state: AgentState;
  /** The not-ready reason. */
  reason?: string;
  /** When the agent entered the state (ISO 8601). */
  since: string;
  /** The call offered or up, with its queue. */
  callId?: string;
  queueId?: string;
}

/** A call waiting in a queue (queue.entered, until answered, abandoned or overflowed). */
export interface LiveQueuedCall {
  ticketId: string;
  callId: string;
  callerNumber: string;
  priority: number;
  enteredAt: string;
}

export interface LiveQueue {
  tenantId: string;
  queueId: string;
  /** Oldest first. */
  waiting: LiveQueuedCall[];
}

export interface LiveState {
  /** The tenant's live calls (all tenants' when undefined), oldest first. */
  calls(tenantId?: string): Promise<LiveCall[]>;
  call(callId: string): Promise<LiveCall | undefined>;
  /** The ACD's agents (every agent whose state changed in this run, or was seeded at start). */
  agents(tenantId?: string): Promise<LiveAgent[]>;
  /** Queues with calls waiting. */
  queues(tenantId?: string): Promise<LiveQueue[]>;
}
