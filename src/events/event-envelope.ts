/**
 * What the bus hands subscribers: a platform event wrapped in its envelope. `seq` counts each
 * tenant's events from 1 in one run of the platform (`stream` names the run), so a client that
 * knows the last `seq` it saw can ask for what it missed (docs/events.md, "Resume").
 */
import type { CallEvent } from '../calls/call-events.ts';

/** Every event the platform publishes (agent.* and queue.* join when the ACD lands). */
export type PlatformEvent = CallEvent;
export type PlatformEventType = PlatformEvent['type'];

export interface EventEnvelope<E extends PlatformEvent = PlatformEvent> {
  /** Unique per event (UUID); webhook receivers use it to drop duplicates. */
  id: string;
  type: E['type'];
  /** When the bus received it, ISO 8601 UTC. */
  time: string;
  tenant: string;
  /** Per tenant, strictly increasing by 1 within one stream. */
  seq: number;
  /** The run of the platform that numbered it; a restart starts a new stream at seq 1. */
  stream: string;
  data: E;
}
