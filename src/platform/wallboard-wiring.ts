/**
 * The wallboard's figures in the running platform (C17): fed by the bus, reading the ACD's queues
 * and live state's waiting calls, each tenant's settings and time zone from the database; the API
 * reads them with the feed position they cover. At start the day's figures are read from today's call
 * records, so a restart does not zero them.
 */
import type { Kysely } from 'kysely';
import type { InMemoryAcdEngine } from '../acd/in-memory-acd-engine.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { InProcessLiveState } from '../events/in-process-live-state.ts';
import { getTenant } from '../tenants/tenant-store.ts';
import { queueCallsSince } from '../wallboard/queue-call-records.ts';
import { WallboardFigures, type WallboardPort } from '../wallboard/wallboard-figures.ts';
import { getWallboardSettings } from '../wallboard/wallboard-settings.ts';

export async function startWallboard(deps: {
  db: Kysely<object>;
  bus: EventBus;
  live: InProcessLiveState;
  engine: InMemoryAcdEngine;
  now(): number;
  log(line: string): void;
}): Promise<{ port: WallboardPort; stop(): void }> {
  const { db, bus, live, engine } = deps;
  const figures = new WallboardFigures({
    bus,
    queues: (tenantId) => engine.queueFigures(tenantId),
    waiting: (tenantId) => live.queuesNow(tenantId),
    queueCallsSince: (tenantId, sinceMs) => queueCallsSince(db, tenantId, sinceMs),
    tenant: async (tenantId) => ({ settings: await getWallboardSettings(db, tenantId), timeZone: (await getTenant(db, tenantId))?.timeZone ?? 'Asia/Shanghai' }),
    now: deps.now,
    onError: (err) => deps.log(`wallboard: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  await figures.preload(engine.tenantIds());
  return {
    port: {
      view: (tenantId) => ({ ...figures.view(tenantId), stream: bus.stream, seq: bus.lastSeq(tenantId) }),
      useSettings: (tenantId, settings) => figures.useSettings(tenantId, settings),
    },
    stop: () => figures.stop(),
  };
}
