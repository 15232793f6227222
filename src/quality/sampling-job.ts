/**
 * The job that runs the tenants' sampling rules by themselves (C19): every `tickMs` (a minute) it
 * runs the tenants whose schedule is due (`sampling-schedule.ts`). On the platform's Clock, so tests
 * drive it on fake time; one run at a time; a failed run is logged and retried at the next tick
 * after the tenant's interval (its claim already moved `last_run_at`; the next period still covers it).
 */
import type { Kysely } from 'kysely';
import type { Clock, TimerHandle } from '../kernel/clock.ts';
import { runDueSampling } from './sampling-schedule.ts';

export interface SamplingJob {
  /** Resolves when the run under way (if any) is over. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startSamplingJob(db: Kysely<object>, opts: { clock: Clock; log: (line: string) => void; tickMs?: number; random?: () => number }): SamplingJob {
  const tickMs = opts.tickMs ?? 60_000;
  let running: Promise<void> | undefined;
  let timer: TimerHandle | undefined;
  let stopped = false;
  const tick = () => {
    running ??= runDueSampling(db, new Date(opts.clock.wallNow()), opts.random)
      .then(
        (runs) => {
          for (const run of runs) {
            const queued = run.rules.reduce((n, r) => n + r.queued, 0);
            if (queued > 0) opts.log(`Quality sampling: queued ${queued} call(s) for review in tenant ${run.tenantId} (${run.rules.map((r) => `${r.kind} ${r.queued}`).join(', ')}).`);
          }
        },
        (err: unknown) => opts.log(`quality sampling failed (retried at the next interval): ${(err as Error).message}`),
      )
      .finally(() => (running = undefined));
    if (!stopped) timer = opts.clock.setTimeout(tick, tickMs);
  };
  timer = opts.clock.setTimeout(tick, tickMs);
  return {
    idle: async () => {
      await running;
    },
    stop: async () => {
      stopped = true;
      if (timer) opts.clock.clearTimeout(timer);
      await running;
    },
  };
}
