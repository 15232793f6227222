/**
 * The in-memory engine's records (in-memory-acd-engine.ts): per tenant its queues and agents, per
 * queue its waiting calls (tickets) in line order, per agent the one offer or call it holds. Plain
 * data with the few pure readings of it; the engine alone changes them.
 */
import type { TimerHandle } from '../kernel/clock.ts';
import type { AgentSnapshot, CallbackRequest, Offer, QueueFigures, WithdrawReason } from './acd-engine.ts';
import type { AgentPhone, AgentProfile, Membership, QueueSettings } from './acd-model.ts';
import { AGENT_STATES, type AgentState, type AgentStatus, servesCalls } from './agent-state.ts';

export interface AgentRec {
  profile: AgentProfile;
  memberships: Map<string, Membership>;
  status: AgentStatus;
  since: number;
  sinceWall: number;
  idleSince: number;
  missedOffers: number;
  callsAnswered: number;
  talkTimeMs: number;
  /** The agent's one offer or call. */
  offer: OfferRec | undefined;
  wrapUpTimer: TimerHandle | undefined;
  /** A timed wrap-up's end (wall clock), while it runs. */
  wrapUpEndsWall: number | undefined;
}

export interface OfferRec {
  token: string;
  /** The offer's queue is its ticket's. */
  ticket: TicketRec;
  agent: AgentRec;
  deadlineTimer: TimerHandle | undefined;
  answeredAt: number | undefined;
}

export interface TicketRec {
  id: string;
  tenantId: string;
  queue: QueueRec;
  callId: string;
  callerNumber: string;
  callerRegion: string | undefined;
  priority: number;
  stickyUserId: string | undefined;
  enteredAt: number;
  seq: number;
  state: 'waiting' | 'answered' | 'gone';
  offers: Map<string, OfferRec>;
  tried: Set<string>;
  callback: CallbackRequest | undefined;
  /** Transferred here by an agent (QueueEntryRequest.transferIn). */
  transferIn?: { fromUserId?: string };
  overflowTimer: TimerHandle | undefined;
  widenTimer: TimerHandle | undefined;
  progressiveTimer: TimerHandle | undefined;
  offerHandler: ((o: Offer) => void) | undefined;
  overflowHandler: ((reason: 'timeout' | 'no_agents') => void) | undefined;
  withdrawHandler: ((token: string, reason: WithdrawReason) => void) | undefined;
  /** Offers made before onOffer was registered. */
  undeliveredOffers: Offer[];
  pendingOverflow: 'timeout' | 'no_agents' | undefined;
  deliveredOffers: Set<string>;
}

export interface QueueRec {
  settings: QueueSettings;
  members: Set<AgentRec>;
  /** Waiting tickets in line order: priority (high first), then arrival. */
  waiting: TicketRec[];
  /** round_robin's memory. */
  lastOffered: string | undefined;
  /** Smoothed talk time of answered calls (ms); undefined before the first. */
  avgHandleMs: number | undefined;
}

export interface TenantRec {
  queues: Map<string, QueueRec>;
  agents: Map<string, AgentRec>;
  /** Agents by their SIP phone's username (registrations come and go by username). */
  agentsByUsername: Map<string, AgentRec[]>;
  reasons: Set<string>;
}

export function lineOrder(a: TicketRec, b: TicketRec): number {
  return b.priority - a.priority || a.enteredAt - b.enteredAt || a.seq - b.seq;
}

function phoneUsername(phone: AgentPhone): string | undefined {
  return phone.kind === 'mobile' ? undefined : phone.username;
}

/** Files the agent under their phone's username (a mobile has none). */
export function indexPhone(tenant: TenantRec, a: AgentRec): void {
  const username = phoneUsername(a.profile.phone);
  if (username !== undefined) tenant.agentsByUsername.set(username, [...(tenant.agentsByUsername.get(username) ?? []), a]);
}

export function unindexPhone(tenant: TenantRec, a: AgentRec): void {
  const username = phoneUsername(a.profile.phone);
  if (username === undefined) return;
  const list = (tenant.agentsByUsername.get(username) ?? []).filter((x) => x !== a);
  if (list.length > 0) tenant.agentsByUsername.set(username, list);
  else tenant.agentsByUsername.delete(username);
}

export function anyoneLoggedIn(q: QueueRec): boolean {
  for (const a of q.members) if (a.status.state !== 'logged_out') return true;
  return false;
}

export function position(t: TicketRec): number {
  return t.state === 'waiting' ? t.queue.waiting.indexOf(t) + 1 : 0;
}

/** Position × the queue's smoothed handle time, shared by the agents serving it; undefined before the first answered call. */
export function estimatedWaitSeconds(t: TicketRec): number | undefined {
  const q = t.queue;
  if (q.avgHandleMs === undefined || t.state !== 'waiting') return undefined;
  let serving = 0;
  for (const a of q.members) if (servesCalls(a.status)) serving++;
  return Math.round((position(t) * q.avgHandleMs) / Math.max(1, serving) / 1000);
}

export function queueFigures(q: QueueRec, now: number): QueueFigures {
  const agents = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
  for (const a of q.members) agents[a.status.state]++;
  const oldest = q.waiting.reduce((min, t) => Math.min(min, t.enteredAt), now);
  return { queueId: q.settings.id, name: q.settings.name, waiting: q.waiting.length, longestWaitSeconds: Math.round((now - oldest) / 1000), agents };
}

export function agentSnapshot(a: AgentRec): AgentSnapshot {
  return {
    tenantId: a.profile.tenantId,
    userId: a.profile.userId,
    agentId: a.profile.agentId,
    displayName: a.profile.displayName,
    phone: a.profile.phone,
    status: a.status,
    since: new Date(a.sinceWall),
    missedOffers: a.missedOffers,
    callsAnswered: a.callsAnswered,
    talkTimeMs: a.talkTimeMs,
    queueIds: [...a.memberships.keys()],
    ...(a.status.state === 'wrap_up' && a.wrapUpEndsWall !== undefined ? { wrapUpEndsAt: new Date(a.wrapUpEndsWall) } : {}),
  };
}
