/**
 * Live calls and legs, projected from the events. Behind this interface so that a shared store
 * (several nodes) can replace the in-process projection without its readers noticing.
 */
import type { CallEventState, LegEventState, LegParty } from '../calls/call-events.ts';

export interface LiveLeg {
  legId: string;
  direction: 'inbound' | 'outbound';
  party: LegParty;
  state: LegEventState;
  /** When the leg entered its state (ISO 8601). */
  since: string;
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

export interface LiveState {
  /** The tenant's live calls (all tenants' when undefined), oldest first. */
  calls(tenantId?: string): Promise<LiveCall[]>;
  call(callId: string): Promise<LiveCall | undefined>;
}
