/**
 * Which call goes to which agent, as pure readings of the engine's records: when an agent may take a
 * call (membership delay, bullseye step), the call a free agent takes next across their queues
 * (queue priority, then line order), the order the free agents of one call are offered it (sticky
 * agent, untried first, top tier, the caller's region, then the queue's strategy), and when a call's
 * candidates widen next.
 */
import type { Membership } from './acd-model.ts';
import { type AgentRec, lineOrder, type QueueRec, type TenantRec, type TicketRec } from './acd-engine-records.ts';
import { servesCalls } from './agent-state.ts';
import type { Candidate } from './strategies/candidate.ts';
import { STRATEGIES } from './strategies/strategies.ts';

/** Membership delay and the bullseye step in force allow this agent on this call now. */
export function eligible(a: AgentRec, t: TicketRec, m: Membership, now: number): boolean {
  const waitedMs = now - t.enteredAt;
  if (waitedMs < m.delaySeconds * 1000) return false;
  const s = t.queue.settings;
  const step = s.bullseye.find((b) => b.untilSeconds === null || waitedMs < b.untilSeconds * 1000);
  if (step && s.skillId !== null && (a.profile.skills.get(s.skillId) ?? 0) < step.minProficiency) return false;
  return true;
}

/** The first call in the queue's line not offered to anybody that this agent may take now. */
function firstOpenCall(q: QueueRec | undefined, a: AgentRec, m: Membership, now: number): TicketRec | undefined {
  return q?.waiting.find((w) => w.offers.size === 0 && eligible(a, w, m, now));
}

/** The best open call across the agent's queues: their membership priority first, then line order. */
export function bestCallFor(tenant: TenantRec | undefined, a: AgentRec, now: number): TicketRec | undefined {
  let best: { t: TicketRec; m: Membership } | undefined;
  for (const m of a.memberships.values()) {
    const t = firstOpenCall(tenant?.queues.get(m.queueId), a, m, now);
    if (!t) continue;
    if (!best || m.priority - best.m.priority < 0 || (m.priority === best.m.priority && lineOrder(t, best.t) < 0)) best = { t, m };
  }
  return best?.t;
}

/** An open call in one of the agent's queues they serve with a higher priority than `m`'s, or undefined. */
export function betterWork(tenant: TenantRec | undefined, a: AgentRec, m: Membership, now: number): TicketRec | undefined {
  for (const other of a.memberships.values()) {
    if (other.priority >= m.priority) continue;
    const t = firstOpenCall(tenant?.queues.get(other.queueId), a, other, now);
    if (t) return t;
  }
  return undefined;
}

/**
 * The free agents allowed on this call, in the order the queue offers it to them. Empty while the
 * repeat caller's last agent is busy but coming back within the sticky wait. Forgets who was tried
 * once everyone has been.
 */
export function offerOrder(t: TicketRec, free: { a: AgentRec; m: Membership }[], tenant: TenantRec | undefined, now: number, random: () => number): AgentRec[] {
  if (free.length === 0) return [];
  const q = t.queue;
  const waitedMs = now - t.enteredAt;
  // The repeat caller's last agent first; while they are busy, within the sticky wait, nobody else.
  const sticky = t.stickyUserId;
  if (sticky !== undefined) {
    const mine = free.find((f) => f.a.profile.userId === sticky);
    if (mine) return [mine.a];
    const s = tenant?.agents.get(sticky);
    if (s && s.memberships.has(q.settings.id) && servesCalls(s.status) && waitedMs < q.settings.stickyWaitSeconds * 1000) return [];
  }
  const untried = free.filter((f) => !t.tried.has(f.a.profile.userId));
  if (untried.length > 0) free = untried;
  else t.tried.clear();
  const topTier = Math.min(...free.map((f) => f.m.tier));
  free = free.filter((f) => f.m.tier === topTier);
  if (q.settings.regionPreference && t.callerRegion !== undefined) {
    const local = free.filter((f) => f.a.profile.regions.includes(t.callerRegion!));
    if (local.length > 0) free = local;
  }
  const byUser = new Map(free.map((f) => [f.a.profile.userId, f.a]));
  const candidates: Candidate[] = free.map(({ a, m }) => ({
    userId: a.profile.userId,
    agentId: a.profile.agentId,
    idleSince: a.idleSince,
    callsAnswered: a.callsAnswered,
    talkTimeMs: a.talkTimeMs,
    proficiency: q.settings.skillId === null ? 0 : (a.profile.skills.get(q.settings.skillId) ?? 0),
    tier: m.tier,
    level: m.level,
    weight: m.weight,
  }));
  const ordered = STRATEGIES[q.settings.strategy].order({ candidates, random, ...(q.lastOffered !== undefined ? { lastOffered: q.lastOffered } : {}) });
  return ordered.map((c) => byUser.get(c.userId)!);
}

/** Milliseconds until the call's candidates widen next (a delay passes, a bullseye step or the sticky wait ends); undefined: never. */
export function widenDelayMs(t: TicketRec, now: number): number | undefined {
  const waitedMs = now - t.enteredAt;
  const s = t.queue.settings;
  const moments: number[] = [s.stickyWaitSeconds * 1000];
  for (const b of s.bullseye) if (b.untilSeconds !== null) moments.push(b.untilSeconds * 1000);
  for (const a of t.queue.members) {
    const m = a.memberships.get(s.id);
    if (m) moments.push(m.delaySeconds * 1000);
  }
  const next = Math.min(...moments.filter((ms) => ms > waitedMs));
  return Number.isFinite(next) ? next - waitedMs : undefined;
}
