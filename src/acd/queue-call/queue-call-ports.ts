/**
 * What the queue driver needs from the platform, as ports the composition root fills
 * (src/platform/queue-calls.ts): where an agent's phone rings, the caller's region, the queue's
 * music, where the call record's queue facts go, callbacks.
 */
import type { Clock } from '../../kernel/clock.ts';
import type { PlaySource } from '../../media/media-engine.ts';
import { CallVerbError } from '../../calls/ports.ts';
import type { DialTarget, DrivenCall, OriginateRefusal, OriginateRequest } from '../../calls/ports.ts';
import type { AcdEngine, AgentPhone, QueueSettings } from '../acd-engine.ts';

/** The call record's ACD fields (src/cdr/queue-facts.ts behind it). */
export interface QueueCallRecords {
  entered(tenantId: string, callId: string, queueId: string): Promise<void>;
  answered(tenantId: string, callId: string, facts: { queueId: string; waitMs: number; agentId: string; userId: string }): Promise<void>;
  abandoned(tenantId: string, callId: string, facts: { queueId: string; waitMs: number }): Promise<void>;
  /** C5: 1–5. */
  survey(tenantId: string, callId: string, score: number): Promise<void>;
}

export interface QueueCallDeps {
  engine: AcdEngine;
  clock: Clock;
  /** Where an agent's phone rings: a SIP user's (or browser's) registered contacts, a mobile through the trunk. */
  agentTarget(tenantId: string, phone: AgentPhone): Promise<DialTarget | undefined>;
  /** An outside number through the trunk where the tenant may call it (overflow to a number); undefined: refused. */
  outsideTarget(tenantId: string, number: string): Promise<DialTarget | undefined>;
  /** The caller's province (region routing C12, the agent's whisper). */
  callerRegion(callerNumber: string): Promise<string | undefined>;
  /** A queue ref (id or name) of the tenant → its id. */
  queueId(tenantId: string, ref: string): string | undefined;
  /** C7: the queue's music — the tenant's prompt when it names one, else the shipped music. */
  music(tenantId: string, queue: QueueSettings): Promise<PlaySource>;
  records: QueueCallRecords;
  /**
   * C10: an outbound-only call for a callback (CallControl.originate). Absent: no callback is
   * offered (the key is ignored, a callback overflow goes to voicemail).
   */
  originate?(req: OriginateRequest, drive: (call: DrivenCall) => Promise<void>): Promise<{ callId: string } | { refused: OriginateRefusal }>;
  /** The language of the prompts (zh-CN first). */
  language?: 'zh-CN' | 'en';
  onError?(err: unknown): void;
}

/**
 * A failed port or verb, reported through `onError` and replaced by `fallback` so the caller's wait
 * goes on. Only the races the driver expects stay quiet: the leg already left, or the verb's signal
 * called it off.
 */
export function reported<T>(deps: Pick<QueueCallDeps, 'onError'>, fallback: T): (err: unknown) => T {
  return (err) => {
    if (!(err instanceof CallVerbError && (err.code === 'no-such-leg' || err.code === 'aborted'))) deps.onError?.(err);
    return fallback;
  };
}
