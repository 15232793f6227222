/**
 * The ACD's queue driver as the platform wires it (src/acd/queue-call): agents' phones resolve
 * like routing's targets — a SIP user's (or browser's) registered contacts within the tenant, a
 * mobile through the outbound trunk (C15) —; an overflow to an outside number passes the tenant's
 * outbound rules (toll fraud); the music is the queue's prompt from the tenant's library or the
 * shipped music (C7); queue facts go on the call record (src/cdr/queue-facts.ts).
 */
import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { AcdEngine } from '../acd/acd-engine.ts';
import { QueueCallDriver, queueIdOf } from '../acd/queue-call/queue-call-driver.ts';
import type { QueueCallDeps } from '../acd/queue-call/queue-call-ports.ts';
import { DEFAULT_HOLD_MUSIC } from '../calls/hold-music.ts';
import type { DialTarget } from '../calls/ports.ts';
import type { CallControl } from '../calls/call-control.ts';
import { countTransfer, recordQueueFacts, recordSurveyScore } from '../cdr/queue-facts.ts';
import { QueueTransferInDriver } from '../acd/transfer-in.ts';
import type { Clock } from '../kernel/clock.ts';
import { nationalForm, toE164 } from '../phone/phone-number.ts';
import { describeCallerRemembered } from '../phone/remembered-caller-info.ts';
import { promptPath } from '../prompts/prompt-store.ts';
import type { RoutingDirectory } from '../routing/number-router.ts';
import { OutboundGate } from '../routing/outbound-gate.ts';
import { pstnTarget } from '../routing/pstn-target.ts';

export interface QueueCallsOptions {
  db: Kysely<object>;
  dataDir: string;
  engine: AcdEngine;
  clock: Clock;
  directory: RoutingDirectory;
  /** C10 callbacks: outbound-only calls (the B2BUA, built after the driver: read when a callback is placed). */
  calls?(): CallControl | undefined;
  log(line: string): void;
}

export function queueCallDriver(opts: QueueCallsOptions): QueueCallDriver {
  return new QueueCallDriver(queueCallDeps(opts));
}

/** The queue driver's ports; the transfer-in driver (a transfer to a queue) shares them and counts the transfer. */
export function queueCallTransferDriver(opts: QueueCallsOptions): QueueTransferInDriver {
  return new QueueTransferInDriver({ ...queueCallDeps(opts), countTransfer: async (tenantId, callId) => void (await countTransfer(opts.db, tenantId, callId)) });
}

function queueCallDeps(opts: QueueCallsOptions): QueueCallDeps {
  const { db, directory, engine } = opts;
  const trunkTarget = async (tenantId: string, number: string): Promise<DialTarget | undefined> => {
    const e164 = toE164(number);
    if (!e164 || !(await new OutboundGate(() => directory.tenantOutbound(tenantId)).allows(e164))) return undefined;
    const trunk = directory.outboundTrunk();
    // Carriers take national numbers in the Request-URI.
    return trunk ? pstnTarget(trunk, nationalForm(e164)) : undefined;
  };
  const deps: QueueCallDeps = {
    engine,
    clock: opts.clock,
    agentTarget: async (tenantId, phone) => {
      if (phone.kind === 'mobile') return trunkTarget(tenantId, phone.number);
      return { kind: 'sip', username: phone.username, contacts: await directory.locateUser(tenantId, phone.username) };
    },
    outsideTarget: trunkTarget,
    callerRegion: async (number) => (await describeCallerRemembered(number)).province,
    queueId: (tenantId, ref) => queueIdOf(engine.queueFigures(tenantId), ref),
    music: async (tenantId, queue) => {
      const path = queue.musicPromptId ? promptPath(opts.dataDir, tenantId, queue.musicPromptId) : undefined;
      return path && existsSync(path) ? { kind: 'file', path } : DEFAULT_HOLD_MUSIC;
    },
    records: {
      entered: async (tenantId, callId, queueId) => void (await recordQueueFacts(db, tenantId, callId, { queueId })),
      answered: async (tenantId, callId, f) => void (await recordQueueFacts(db, tenantId, callId, { queueId: f.queueId, queueWaitMs: f.waitMs, agentId: f.agentId, agentUserId: f.userId })),
      abandoned: async (tenantId, callId, f) => void (await recordQueueFacts(db, tenantId, callId, { queueId: f.queueId, queueWaitMs: f.waitMs, abandonedInQueue: true })),
      survey: async (tenantId, callId, score) => void (await recordSurveyScore(db, tenantId, callId, score)),
    },
    ...(opts.calls
      ? {
          originate: async (req, drive) => {
            const control = opts.calls?.();
            if (!control?.originate) return { refused: { status: 503, reason: 'Calls cannot be placed yet' } };
            return control.originate(req, drive);
          },
        }
      : {}),
    onError: (err) => opts.log(`queue call: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  };
  return deps;
}
