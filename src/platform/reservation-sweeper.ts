/**
 * Returns lapsed number reservations to the pool (N4: a reservation expires) once a minute, and
 * once at start for those that lapsed while the platform was down.
 */
import type { Kysely } from 'kysely';
import { expireReservations } from '../numbers/number-actions.ts';

export function startReservationSweeper(db: Kysely<object>, opts: { now: () => Date; log: (line: string) => void; everyMs?: number }): { stop(): void } {
  const sweep = () =>
    expireReservations(db, { now: opts.now(), by: 'system' }).then(
      (expired) => {
        if (expired.length > 0) opts.log(`Reservations lapsed and returned to the pool: ${expired.join(', ')}`);
      },
      (err: unknown) => opts.log(`reservation sweep failed: ${(err as Error).message}`),
    );
  void sweep();
  const timer = setInterval(() => void sweep(), opts.everyMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
