/**
 * What the desk knows of the calls being offered to agents, learned from the bus: each
 * `queue.offered` (token → call, queue, agent, wait) and, from the queue driver's hand-off, the IVR
 * path the caller took (menu keys; a password's digits are never kept). Kept while the call is up —
 * the screen pop stays readable during the call — and dropped at `call.ended`; bounded in size so
 * a burst of offers cannot grow it without limit.
 */
import type { QueueOffered } from '../acd/acd-events.ts';
import type { EventBus } from '../events/event-bus.ts';

/** The steps of a number's pre-dial flow the caller passed, and the menu keys they pressed. */
export interface IvrPath {
  steps: string[];
  keys: string[];
}

export interface BookedOffer {
  token: string;
  tenantId: string;
  callId: string;
  queueId: string;
  userId: string;
  agentId: string;
  waitedSeconds: number;
  /** When the offer was made (the event's time), ISO 8601 UTC. */
  offeredAt: string;
}

/** Offers kept at most (oldest dropped first); far above the calls one process carries. */
const MAX_OFFERS = 20_000;
const MAX_CALLS = 20_000;

export class DeskCallBook {
  readonly #offers = new Map<string, BookedOffer>();
  readonly #ivr = new Map<string, IvrPath>();
  /** callId → its offers' tokens (a call's offers go when it ends). */
  readonly #tokensByCall = new Map<string, Set<string>>();
  readonly #unsubscribe: () => void;

  constructor(bus: EventBus) {
    this.#unsubscribe = bus.subscribe('desk-call-book', (e) => {
      const d = e.data;
      if (d.type === 'queue.offered') this.#offered(d, e.time);
      else if (d.type === 'call.ended') this.#ended(d.callId);
    });
  }

  stop(): void {
    this.#unsubscribe();
  }

  /** The offer with this token, if it was made to `userId` of `tenantId` (agents see only their own). */
  offerFor(tenantId: string, userId: string, token: string): BookedOffer | undefined {
    const o = this.#offers.get(token);
    return o && o.tenantId === tenantId && o.userId === userId ? o : undefined;
  }

  /** The offer with this token in `tenantId` (staff). */
  offer(tenantId: string, token: string): BookedOffer | undefined {
    const o = this.#offers.get(token);
    return o?.tenantId === tenantId ? o : undefined;
  }

  /** The queue driver took the call from a flow: remember the way the caller came. */
  noteIvr(callId: string, path: IvrPath): void {
    if (this.#ivr.size >= MAX_CALLS) this.#ivr.delete(this.#ivr.keys().next().value!);
    this.#ivr.set(callId, { steps: [...path.steps], keys: [...path.keys] });
  }

  ivrOf(callId: string): IvrPath | undefined {
    return this.#ivr.get(callId);
  }

  #offered(d: QueueOffered, time: string): void {
    if (this.#offers.size >= MAX_OFFERS) this.#forget(this.#offers.keys().next().value!);
    let tokens = this.#tokensByCall.get(d.callId);
    if (!tokens) this.#tokensByCall.set(d.callId, (tokens = new Set()));
    tokens.add(d.token);
    this.#offers.set(d.token, { token: d.token, tenantId: d.tenantId, callId: d.callId, queueId: d.queueId, userId: d.userId, agentId: d.agentId, waitedSeconds: d.waitedSeconds, offeredAt: time });
  }

  #ended(callId: string): void {
    this.#ivr.delete(callId);
    for (const token of this.#tokensByCall.get(callId) ?? []) this.#offers.delete(token);
    this.#tokensByCall.delete(callId);
  }

  #forget(token: string): void {
    const o = this.#offers.get(token);
    this.#offers.delete(token);
    if (o) this.#tokensByCall.get(o.callId)?.delete(token);
  }
}

/** The IVR path from a driver hand-off's params (`{ ivr: { steps, keys } }`), checked: anything else is ignored. */
export function ivrPathOf(params: Readonly<Record<string, unknown>>): IvrPath | undefined {
  const ivr = params.ivr as { steps?: unknown; keys?: unknown } | undefined;
  if (typeof ivr !== 'object' || ivr === null) return undefined;
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]).slice(0, 20) : undefined);
  const steps = strings(ivr.steps);
  const keys = strings(ivr.keys);
  return steps && keys ? { steps, keys } : undefined;
}
