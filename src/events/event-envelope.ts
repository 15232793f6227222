/**
 * What the bus hands subscribers: a platform event wrapped in its envelope. `seq` counts each
 * tenant's events from 1 in one run of the platform (`stream` names the run), so a client that
 * knows the last `seq` it saw can ask for what it missed (docs/events.md, "Resume").
 */
import { ACD_EVENT_TYPES, type AcdEvent } from '../acd/acd-events.ts';
import { ANNOUNCEMENT_EVENT_TYPES, type AnnouncementEvent } from '../announcements/announcement-events.ts';
import { CALL_EVENT_TYPES, type CallEvent } from '../calls/call-events.ts';
import { WALLBOARD_EVENT_TYPES, type WallboardEvent } from '../wallboard/wallboard-events.ts';

/** Every event the platform publishes: a call's (call.*, leg.*, recording.*, dtmf), the ACD's (agent.*, queue.*, callback.*), announcements and the wallboard's figures (wallboard.*). */
export type PlatformEvent = CallEvent | AcdEvent | AnnouncementEvent | WallboardEvent;
export type PlatformEventType = PlatformEvent['type'];

export const PLATFORM_EVENT_TYPES: readonly PlatformEventType[] = [...CALL_EVENT_TYPES, ...ACD_EVENT_TYPES, ...ANNOUNCEMENT_EVENT_TYPES, ...WALLBOARD_EVENT_TYPES];
const CALL_TYPES = new Set<string>(CALL_EVENT_TYPES);

/** A call's own event (every one of them names its call and is seen per call). */
export function isCallEvent(e: PlatformEvent): e is CallEvent {
  return CALL_TYPES.has(e.type);
}

/** An announcement's publication (C21): seen by its recipients and the tenant's staff. */
export function isAnnouncementEvent(e: PlatformEvent): e is AnnouncementEvent {
  return e.type === 'announcement.published';
}

const WALLBOARD_TYPES = new Set<string>(WALLBOARD_EVENT_TYPES);

/** The wallboard's figures and alerts (C17): for the tenant's staff only. */
export function isWallboardEvent(e: PlatformEvent): e is WallboardEvent {
  return WALLBOARD_TYPES.has(e.type);
}

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
