/**
 * The last events of each tenant, so a feed client that reconnects with the last `seq` it saw gets
 * what it missed. Bounded per tenant: older events fall off, and a gap wider than the buffer is
 * answered with "take a fresh snapshot" (undefined).
 */
import type { EventEnvelope } from './event-envelope.ts';

export class ReplayBuffer {
  private readonly rings = new Map<string, EventEnvelope[]>();

  constructor(readonly perTenant: number) {}

  add(event: EventEnvelope): void {
    let ring = this.rings.get(event.tenant);
    if (!ring) this.rings.set(event.tenant, (ring = []));
    ring.push(event);
    // Trim in chunks: one splice per perTenant/4 events instead of a shift per event.
    if (ring.length > this.perTenant + Math.max(1, this.perTenant >> 2)) ring.splice(0, ring.length - this.perTenant);
  }

  /**
   * The tenant's events after `seq`, oldest first; undefined when some of them are no longer held
   * (or `seq` is from the future: a client of another stream).
   */
  since(tenant: string, seq: number, lastSeq: number): EventEnvelope[] | undefined {
    if (seq > lastSeq) return undefined;
    if (seq === lastSeq) return [];
    const ring = this.rings.get(tenant) ?? [];
    const oldestKept = Math.max(ring.length - this.perTenant, 0);
    const first = ring[oldestKept];
    if (!first || first.seq > seq + 1) return undefined;
    // seq is dense per tenant: the index follows from the first one held.
    return ring.slice(oldestKept + (seq + 1 - first.seq));
  }
}
