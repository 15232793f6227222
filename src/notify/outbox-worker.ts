/**
 * Drains the outbox: claims due rows of every channel whose sender is ready, sends them, and
 * records the outcome — `sent`, a retry with exponential backoff, or `failed` (a permanent refusal
 * or `maxAttempts` used up). A channel with no sender configured (no SMPP gateway, no SMTP
 * server) is never claimed: its rows wait, queued, until a run with the setting sends them.
 *
 * Worker states: `idle` (a poll timer is set) → `draining` → `idle` …; `stopped` is final.
 */
import type { Kysely } from 'kysely';
import type { Clock, TimerHandle } from '../kernel/clock.ts';
import { systemClock } from '../kernel/clock.ts';
import type { OutboxChannel } from './notification.ts';
import { claimDue, markFailed, markRetry, markSent } from './outbox-store.ts';
import type { ClaimedMessage } from './outbox-store.ts';
import { outboxSignal } from './outbox-signal.ts';
import { SendError } from './send-error.ts';
import type { MessageSender } from './send-error.ts';

export type WorkerState = 'idle' | 'draining' | 'stopped';

export interface OutboxWorkerOptions {
  db: Kysely<object>;
  senders: Partial<Record<OutboxChannel, MessageSender>>;
  /** Timers, and wall time for what is stored (tests pass a fake). */
  clock?: Clock;
  /** How often the table is looked at without a wake-up (default 2 s). */
  pollMs?: number;
  /** Retry delay after the n-th failed attempt: min(maxMs, initialMs · 2^(n-1)). Default 5 s … 10 min. */
  backoff?: { initialMs: number; maxMs: number };
  /** Attempts before a row fails for good (default 30: about four hours at the default backoff). */
  maxAttempts?: number;
  /** How long a claimed row is hidden from other workers while it is being sent (default 60 s). */
  leaseMs?: number;
  log?: (line: string) => void;
}

export class OutboxWorker {
  private stateNow: WorkerState = 'idle';
  private timer: TimerHandle | undefined;
  private again = false;
  private current: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly clock: Clock;
  private heldLogged = false;

  constructor(private readonly opts: OutboxWorkerOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  get state(): WorkerState {
    return this.stateNow;
  }

  start(): void {
    this.unsubscribe.push(outboxSignal.subscribe(() => this.wake()));
    for (const s of Object.values(this.opts.senders)) if (s) this.unsubscribe.push(s.onReady(() => this.wake()));
    this.wake();
  }

  /** Looks at the table now (after the drain in progress, if any). */
  wake(): void {
    if (this.stateNow === 'stopped') return;
    if (this.stateNow === 'draining') {
      this.again = true;
      return;
    }
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.stateNow = 'draining';
    this.current = this.drain()
      .catch((err: unknown) => this.opts.log?.(`notification outbox: ${(err as Error).message}`))
      .finally(() => this.settle());
  }

  /** Resolves once the drain in progress (if any) is over. */
  idle(): Promise<void> {
    return this.current;
  }

  async stop(): Promise<void> {
    if (this.stateNow === 'stopped') return;
    this.stateNow = 'stopped';
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer) this.clock.clearTimeout(this.timer);
    await this.current;
  }

  private settle(): void {
    if (this.stateNow === 'stopped') return;
    this.stateNow = 'idle';
    if (this.again) {
      this.again = false;
      this.wake();
      return;
    }
    this.timer = this.clock.setTimeout(() => this.wake(), this.opts.pollMs ?? 2000);
  }

  private async drain(): Promise<void> {
    const channels = (Object.entries(this.opts.senders) as [OutboxChannel, MessageSender | undefined][])
      .filter(([, s]) => s?.ready === true)
      .map(([c]) => c);
    this.logHeld();
    for (;;) {
      const batch = await claimDue(this.opts.db, channels, new Date(this.clock.wallNow()), this.opts.leaseMs ?? 60_000);
      if (batch.length === 0) return;
      await Promise.all(batch.map((m) => this.deliver(m)));
      if (this.stateNow === 'stopped') return;
    }
  }

  private async deliver(m: ClaimedMessage): Promise<void> {
    const sender = this.opts.senders[m.channel];
    if (!sender) return;
    try {
      const ref = await sender.send({ to: m.recipient, subject: m.subject, body: m.body });
      await markSent(this.opts.db, m.id, ref, new Date(this.clock.wallNow()));
    } catch (err) {
      const kind = err instanceof SendError ? err.kind : 'transient';
      const reason = (err as Error).message;
      if (kind === 'permanent' || m.attempts >= (this.opts.maxAttempts ?? 30)) {
        this.opts.log?.(`notification ${m.id} (${m.channel} to ${m.recipient}) failed for good after ${m.attempts} attempt(s): ${reason}`);
        await markFailed(this.opts.db, m.id, reason);
        return;
      }
      const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 5000, maxMs: 600_000 };
      const delay = Math.min(maxMs, initialMs * 2 ** Math.min(m.attempts - 1, 20));
      await markRetry(this.opts.db, m.id, reason, new Date(this.clock.wallNow() + delay));
    }
  }

  /** Says once why rows of an unconfigured channel are held, so an operator can find out. */
  private logHeld(): void {
    if (this.heldLogged) return;
    const missing = (['sms', 'email'] as const).filter((c) => !this.opts.senders[c]);
    if (missing.length === 0) return;
    this.heldLogged = true;
    this.opts.log?.(`notifications: no ${missing.join(' or ')} gateway configured; such messages stay queued in the outbox until one is`);
  }
}
