/**
 * Runs the recordings retention (P4) once a day, and once shortly after start for what fell due
 * while the platform was down. Each deletion is in the tenant's audit log; a summary is logged.
 */
import type { Kysely } from 'kysely';
import { pruneRecordings } from '../recordings/prune-recordings.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function startRetentionJob(db: Kysely<object>, opts: { now: () => Date; log: (line: string) => void; everyMs?: number; firstAfterMs?: number }): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const run = () => {
    // One run at a time: a slow day (many files) must not overlap the next.
    running ??= pruneRecordings(db, opts.now())
      .then(
        (r) => {
          if (r.recordings + r.voicemails > 0) opts.log(`Retention: deleted ${r.recordings} recording(s) and ${r.voicemails} voicemail(s) past their tenants' retention (each in the audit log).`);
        },
        (err: unknown) => opts.log(`retention job failed (retried tomorrow): ${(err as Error).message}`),
      )
      .finally(() => (running = undefined));
  };
  // Not at once: the start-up (and the first calls) come first.
  const first = setTimeout(run, opts.firstAfterMs ?? 60_000);
  const timer = setInterval(run, opts.everyMs ?? DAY_MS);
  first.unref();
  timer.unref();
  return {
    // Waits for a run under way: the store closes after this.
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
