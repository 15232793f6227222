/**
 * The event feed's wire protocol (GET /api/v1/events over WebSocket), as documented in
 * docs/events.md: what the server sends, what a client may send, and the close codes.
 */
import { PLATFORM_EVENT_TYPES } from './event-envelope.ts';
import type { LiveAgent, LiveCall, LiveQueue } from './live-state.ts';

/** Close codes: the 1000s are WebSocket's own (RFC 6455 §7.4.1), the 4000s ours. */
export const CLOSE = {
  /** The client said goodbye, or the server is done. */
  normal: 1000,
  /** The platform is stopping: reconnect (elsewhere) and resume. */
  goingAway: 1001,
  /** A message we could not read (not JSON, unknown kind, bad topics). */
  badMessage: 4400,
  /** The session ended (signed out, expired, revoked) or the API key was revoked. */
  unauthenticated: 4401,
  /** Nothing from the client (no pong, no message) for two heartbeat periods. */
  heartbeatTimeout: 4408,
  /** The client reads too slowly: more than the send buffer allows is waiting. Reconnect and resume. */
  tooSlow: 4429,
} as const;

/** Topics a client subscribes to: an event type's part before the dot (`call`, `leg`, `recording`, `dtmf`, `agent`, `queue`, `callback`, `wallboard`). */
export const TOPICS = ['call', 'leg', 'recording', 'dtmf', 'agent', 'queue', 'callback', 'wallboard'] as const;
export type Topic = (typeof TOPICS)[number];

export function topicOf(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}

export type ServerMessage =
  | {
      kind: 'snapshot';
      stream: string;
      /** Per tenant the viewer sees: the last seq the snapshot includes. */
      seqs: Record<string, number>;
      calls: LiveCall[];
      /** The ACD's agents and queues as they stand (agents see only themselves, and no queues). */
      agents: LiveAgent[];
      queues: LiveQueue[];
      /** Why a resume was not possible: the gap was wider than the buffer, or the stream changed (a restart). */
      resumeFailed?: 'gap' | 'stream';
      heartbeatMs: number;
    }
  | { kind: 'resumed'; stream: string; seqs: Record<string, number>; heartbeatMs: number }
  /** An agent's leg joined a call: the call as it is now (its earlier events were not theirs to see). */
  | { kind: 'call'; call: LiveCall }
  | { kind: 'heartbeat'; time: string };

/** A client may change its topics at any time and send heartbeats. */
export type ClientMessage = { kind: 'subscribe'; topics: string[] } | { kind: 'heartbeat' };

export function parseClientMessage(raw: string): ClientMessage | undefined {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null) return undefined;
  const kind = (m as { kind?: unknown }).kind;
  if (kind === 'heartbeat') return { kind };
  if (kind === 'subscribe') {
    const topics = parseTopics((m as { topics?: unknown }).topics);
    return topics ? { kind, topics } : undefined;
  }
  return undefined;
}

/** A list of known topics (or exact event types); undefined when anything in it is unknown. */
export function parseTopics(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > 32) return undefined;
  const known = new Set<string>([...TOPICS, ...PLATFORM_EVENT_TYPES]);
  for (const t of value) if (typeof t !== 'string' || !known.has(t)) return undefined;
  return value as string[];
}
