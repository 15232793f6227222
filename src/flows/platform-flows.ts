/**
 * The flows as the platform wires them into call control: each call to a number reads the
 * number's stored flow (a change is effective for the next call); voicemails are saved under the
 * data directory, listed in `voicemails` and announced through the notification outbox (to the
 * number's missed-call recipients and the flow's own `voicemail.notify` list).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../kernel/clock.ts';
import { enqueueNotification } from '../notify/outbox-store.ts';
import { enqueueVoicemailAlerts } from '../notify/missed-call-alert.ts';
import type { CallFlowHooks } from '../calls/ports.ts';
import { getNumberFlow } from './flow-store.ts';
import { numberFlowHooks } from './number-flow-hooks.ts';
import { addVoicemail } from './voicemail-store.ts';

export interface FlowCall {
  tenantId: string;
  number400: string;
  callerNumber: string;
}

export interface PlatformFlowsOptions {
  dataDir: string;
  /** Timers of the flow (digit timeouts, voicemail length). */
  clock: Clock;
  /** Wall time for voicemail rows. */
  now(): Date;
  onError?(err: unknown): void;
}

/** Tenant audio: `<dataDir>/audio/<tenantId>/…`; voicemail: `<dataDir>/voicemail/<tenantId>/<callId>.wav`. */
export function platformFlows(db: Kysely<object>, opts: PlatformFlowsOptions): (call: FlowCall) => Promise<CallFlowHooks | undefined> {
  return async (call) => {
    const stored = await getNumberFlow(db, call.tenantId, call.number400);
    if (!stored) return undefined;
    const vmDir = join(opts.dataDir, 'voicemail', call.tenantId);
    return numberFlowHooks(stored.flow, {
      clock: opts.clock,
      audioDir: join(opts.dataDir, 'audio', call.tenantId),
      voicemailPath: (callId) => {
        mkdirSync(vmDir, { recursive: true });
        return join(vmDir, `${callId}.wav`);
      },
      onVoicemail: async (callId, rec) => {
        const createdAt = opts.now();
        await addVoicemail(db, { tenantId: call.tenantId, number400: call.number400, callId, callerNumber: call.callerNumber, path: rec.path, durationMs: rec.durationMs, createdAt });
        // The number's duty staff (its missed-call recipients), then the flow's own list; the
        // dedupe key is the same shape, so nobody hears of one message twice.
        await enqueueVoicemailAlerts(db, { callId, tenantId: call.tenantId, number400: call.number400, callerNumber: call.callerNumber, startedAt: createdAt, seconds: Math.round(rec.durationMs / 1000) }, createdAt);
        for (const n of stored.flow.voicemail?.notify ?? []) {
          const params = { caller: call.callerNumber, number400: call.number400, at: createdAt.toISOString(), seconds: Math.round(rec.durationMs / 1000) };
          await enqueueNotification(db, { tenantId: call.tenantId, channel: n.channel, to: n.to, template: 'voicemail', params, dedupeKey: `voicemail:${callId}:${n.channel}:${n.to}`, locale: stored.flow.language ?? 'zh-CN' }, createdAt);
        }
      },
    });
  };
}
