// Builds an in-memory engine on a FakeClock with queues and agents described tersely, and records
// what it emits — shared by the engine's tests and the property test.
import { InMemoryAcdEngine } from '../../src/acd/acd-engine.ts';
import type { AcdEvent } from '../../src/acd/acd-events.ts';
import { type AgentPhone, type Membership, MEMBERSHIP_DEFAULTS, QUEUE_DEFAULTS, type QueueSettings } from '../../src/acd/acd-model.ts';
import { FakeClock } from '../../src/kernel/fake-clock.ts';
import { seededRandom } from '../../src/random/seeded-random.ts';

export const TENANT = 't1';

export interface AgentSpec {
  userId: string;
  agentId?: string;
  queues: (string | (Partial<Membership> & { queueId: string }))[];
  skills?: Record<string, number>;
  regions?: string[];
  phone?: AgentPhone;
}

export function makeAcd(opts: { seed?: number; unreachable?: Set<string> } = {}) {
  const clock = new FakeClock(0, { wallStart: Date.parse('2026-12-07T09:00:00Z') });
  const events: AcdEvent[] = [];
  const unreachable = opts.unreachable ?? new Set<string>();
  const engine = new InMemoryAcdEngine({
    clock,
    sink: (e) => events.push(e),
    random: seededRandom(opts.seed ?? 1),
    reachability: { isReachable: (_t, phone) => phone.kind === 'mobile' || !unreachable.has(phone.username) },
    onHandlerError: (err) => {
      throw err;
    },
  });
  const queue = (id: string, s: Partial<QueueSettings> = {}): QueueSettings => {
    const settings = { ...QUEUE_DEFAULTS, id, tenantId: TENANT, name: id, ...s };
    engine.putQueue(settings);
    return settings;
  };
  const agent = (spec: AgentSpec): void => {
    engine.putAgent(
      {
        tenantId: TENANT,
        userId: spec.userId,
        agentId: spec.agentId ?? spec.userId,
        displayName: spec.userId,
        phone: spec.phone ?? { kind: 'sip', username: spec.userId },
        skills: new Map(Object.entries(spec.skills ?? {})),
        regions: spec.regions ?? [],
      },
      spec.queues.map((q) => (typeof q === 'string' ? { ...MEMBERSHIP_DEFAULTS, queueId: q, userId: spec.userId } : { ...MEMBERSHIP_DEFAULTS, ...q, userId: spec.userId })),
    );
  };
  const ready = (...userIds: string[]): void => {
    for (const u of userIds) {
      engine.logIn(TENANT, u, 'agent');
      engine.setReady(TENANT, u, 'agent');
    }
  };
  return { clock, engine, events, queue, agent, ready, unreachable };
}

/** Enqueues a call and records what the engine tells its driver. */
export function call(engine: InMemoryAcdEngine, queueId: string, callId: string, extra: { callerNumber?: string; priority?: number; callerRegion?: string; stickyAgentId?: string } = {}) {
  const ticket = engine.enqueue({ tenantId: TENANT, queueId, callId, callerNumber: extra.callerNumber ?? `+86138000${callId}`, ...extra });
  const offers: import('../../src/acd/acd-engine.ts').Offer[] = [];
  const withdrawn: string[] = [];
  const overflows: string[] = [];
  ticket.onOffer((o) => offers.push(o));
  ticket.onWithdraw((token) => withdrawn.push(token));
  ticket.onOverflow((r) => overflows.push(r));
  return { ticket, offers, withdrawn, overflows, last: () => offers[offers.length - 1]! };
}
