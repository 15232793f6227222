/**
 * The in-process event bus: call control (and later the ACD) publishes typed events; live state,
 * the browser feed and webhooks subscribe. Publishing never blocks and never throws: events are
 * stamped (id, time, per-tenant seq) at once and handed to subscribers from a microtask, in order,
 * each subscriber's failure contained and reported — a subscriber can never break a call.
 *
 * Durable subscribers are the other kind (the call record, then what must follow its close:
 * missed-call alerts, cap usage): handed a call's durable events (`DurableCallFacts`: created,
 * an attempt's leg, the first answer, ended) with the record's facts, by reference, in the order
 * they subscribed, each awaited by the call that emits — so a record is open before anything
 * rings, and a failure reaches the call (a record that cannot be opened refuses it with 503).
 */
import { randomUUID } from 'node:crypto';
import type { CallEventSink, DurableCallEvent, DurableCallEventSink } from '../calls/call-events.ts';
import type { EventEnvelope, PlatformEvent } from './event-envelope.ts';
import { ReplayBuffer } from './replay-buffer.ts';

export type EventSubscriber = (event: EventEnvelope) => void;

/** A durable subscriber: the call awaits it; a rejection stops the later ones and reaches the call. */
export type DurableSubscriber = (durable: DurableCallEvent) => Promise<void> | void;

/** A durable subscriber failed: which one, on which event (the cause is the subscriber's error). */
export class DurableSubscriberError extends Error {
  constructor(
    readonly subscriber: string,
    readonly eventType: string,
    cause: unknown,
  ) {
    super(`durable subscriber ${subscriber} failed on ${eventType}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DurableSubscriberError';
  }
}

export interface EventBusOptions {
  /** Wall-clock milliseconds (the envelope's `time`). */
  now(): number;
  /** Events kept per tenant for feed clients that resume (default 2000). */
  replayPerTenant?: number;
  /** A subscriber threw: for the log. */
  onError?(err: unknown, subscriber: string): void;
}

interface Subscription {
  name: string;
  deliver: EventSubscriber;
}

export class EventBus {
  /** This run's stream: seqs restart at 1 in a new one. */
  readonly stream = randomUUID();
  private readonly published = new Map<string, number>();
  private readonly delivered = new Map<string, number>();
  private subscriptions: Subscription[] = [];
  private durables: { name: string; handle: DurableSubscriber }[] = [];
  private queue: EventEnvelope[] = [];
  private draining = false;
  private readonly replay: ReplayBuffer;

  constructor(private readonly opts: EventBusOptions) {
    this.replay = new ReplayBuffer(opts.replayPerTenant ?? 2000);
  }

  /** The sink call control emits into. */
  readonly sink: CallEventSink = (event) => this.publish(event);

  /**
   * The sink call control emits its durable events into: every durable subscriber, in order, each
   * awaited; the first failure rejects (as a DurableSubscriberError) and the later ones do not run.
   * Publishing the event to the ordinary subscribers stays the emitter's (call-reporter.ts).
   */
  readonly durableSink: DurableCallEventSink = async (durable) => {
    for (const sub of this.durables) {
      try {
        await sub.handle(durable);
      } catch (err) {
        throw new DurableSubscriberError(sub.name, durable.type, err);
      }
    }
  };

  /** A durable subscriber, after those already there (the call record first: what follows its close relies on it). */
  subscribeDurable(name: string, handle: DurableSubscriber): () => void {
    const sub = { name, handle };
    this.durables = [...this.durables, sub];
    return () => {
      this.durables = this.durables.filter((s) => s !== sub);
    };
  }

  publish(data: PlatformEvent): void {
    const tenant = data.tenantId;
    const seq = (this.published.get(tenant) ?? 0) + 1;
    this.published.set(tenant, seq);
    this.queue.push({ id: randomUUID(), type: data.type, time: new Date(this.opts.now()).toISOString(), tenant, seq, stream: this.stream, data });
    if (!this.draining) {
      this.draining = true;
      queueMicrotask(() => this.drain());
    }
  }

  /**
   * Subscribers are called in the order they subscribed, each event to all before the next; the
   * first subscriber (live state) has therefore always seen what later ones are handed.
   */
  subscribe(name: string, deliver: EventSubscriber): () => void {
    const sub = { name, deliver };
    this.subscriptions = [...this.subscriptions, sub];
    return () => {
      this.subscriptions = this.subscriptions.filter((s) => s !== sub);
    };
  }

  get subscriberCount(): number {
    return this.subscriptions.length;
  }

  /** The last seq handed to subscribers for this tenant (0: none yet). */
  lastSeq(tenant: string): number {
    return this.delivered.get(tenant) ?? 0;
  }

  /** Every tenant's last delivered seq. */
  lastSeqs(): Map<string, number> {
    return new Map(this.delivered);
  }

  /** The tenant's delivered events after `seq`, or undefined when the buffer no longer covers the gap. */
  since(tenant: string, seq: number): EventEnvelope[] | undefined {
    return this.replay.since(tenant, seq, this.lastSeq(tenant));
  }

  /** Resolves once everything published so far has been delivered (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.draining) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private drain(): void {
    const batch = this.queue;
    this.queue = [];
    for (const event of batch) {
      this.delivered.set(event.tenant, event.seq);
      this.replay.add(event);
      for (const sub of this.subscriptions) {
        try {
          sub.deliver(event);
        } catch (err) {
          this.opts.onError?.(err, sub.name);
        }
      }
    }
    // Subscribers may publish in turn; those events go out in the next round, still in order.
    if (this.queue.length > 0) queueMicrotask(() => this.drain());
    else this.draining = false;
  }
}
