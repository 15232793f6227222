/**
 * The ACD in the running platform: the engine on the platform's clock, its events on the bus and
 * its agent transitions in the store, its configuration loaded (and each agent's last state
 * restored) at start, and the registrar's word on phones — a registration that lapses or is
 * dropped makes the agent not ready; one that comes back lets a ready agent take calls again.
 */
import type { Kysely } from 'kysely';
import { AcdLoader } from '../acd/acd-loader.ts';
import { TransitionLogWriter } from '../acd/agent-transition-log.ts';
import { InMemoryAcdEngine } from '../acd/in-memory-acd-engine.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { InProcessLiveState } from '../events/in-process-live-state.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Registrar } from '../sip/registrar/registrar.ts';

/** How often expired registrations are swept (the registrar only notices expiry when asked). */
const REGISTRATION_SWEEP_MS = 5_000;

export interface Acd {
  engine: InMemoryAcdEngine;
  loader: AcdLoader;
  stop(): Promise<void>;
}

export async function startAcd(deps: {
  db: Kysely<object>;
  clock: Clock;
  bus: EventBus;
  live: InProcessLiveState;
  registrar: Registrar;
  /** The tenant of a SIP user name (names are unique across the platform). */
  sipUserTenant(username: string): Promise<string | null>;
  log(line: string): void;
}): Promise<Acd> {
  const { db, clock, bus, live, registrar, log } = deps;
  const writer = new TransitionLogWriter(db, (err) => log(`agent state log write failed (kept, retried): ${(err as Error).message}`));
  const engine = new InMemoryAcdEngine({
    clock,
    sink: (e) => {
      if (e.type === 'agent.state_changed') writer.push(e);
      bus.publish(e);
    },
    reachability: { isReachable: (_tenantId, phone) => phone.kind === 'mobile' || registrar.lookup(phone.username).length > 0 },
    onHandlerError: (err) => log(`acd driver handler failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  const loader = new AcdLoader(db, engine);
  await loader.loadAll();
  for (const tenantId of engine.tenantIds()) {
    for (const a of engine.agents(tenantId)) {
      live.seedAgent({ tenantId, userId: a.userId, agentId: a.agentId, state: a.status.state, ...(a.status.state === 'not_ready' ? { reason: a.status.reason } : {}), since: a.since.toISOString() });
    }
  }
  registrar.onChange = (aor) => {
    const registered = registrar.lookup(aor).length > 0;
    deps
      .sipUserTenant(aor)
      .then((tenantId) => {
        if (tenantId === null) return;
        if (registered) engine.phoneReachable(tenantId, aor);
        else engine.registrationLost(tenantId, aor);
      })
      .catch((err: unknown) => log(`acd registration check of ${aor} failed: ${(err as Error).message}`));
  };
  const sweep = setInterval(() => registrar.purgeExpired(), REGISTRATION_SWEEP_MS);
  sweep.unref();
  return {
    engine,
    loader,
    stop: async () => {
      clearInterval(sweep);
      registrar.onChange = undefined;
      await writer.flush();
    },
  };
}
