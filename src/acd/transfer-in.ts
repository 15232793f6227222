/**
 * A transfer to a queue (issue 14): an agent hands the live caller to a queue from the desk. The
 * call's `handOff` verb (calls/call-handoff.ts) hangs the agent's phone up and hands the caller to
 * the driver registered as QUEUE_TRANSFER_DRIVER, which takes them into the queue like a new
 * arrival — music, position, offers to that queue's agents — while the call and its record go on
 * (one record: the queue it ends in, both agents' legs, one more transfer). The queue's events say
 * `transferIn`, and the wait counts from the transfer.
 */
import type { CallDriver, DriverHandoff, DrivenCall } from '../calls/ports.ts';
import { QueueCall } from './queue-call/queue-call.ts';
import type { QueueCallDeps } from './queue-call/queue-call-ports.ts';
import { reported } from './queue-call/queue-call-ports.ts';
import { queuePrompts, type QueuePrompts } from './queue-call/queue-prompts.ts';

export const QUEUE_TRANSFER_DRIVER = 'queue-transfer';

/** What the handOff verb passes: the queue (its id, of the call's tenant) and who transferred. */
export function queueTransfer(queueId: string, fromUserId?: string): DriverHandoff {
  return { driver: QUEUE_TRANSFER_DRIVER, params: { queueId, ...(fromUserId ? { fromUserId } : {}) } };
}

export interface QueueTransferDeps extends QueueCallDeps {
  /** The call record counts one more transfer. */
  countTransfer(tenantId: string, callId: string): Promise<void>;
}

export class QueueTransferInDriver implements CallDriver {
  private readonly prompts: QueuePrompts;

  constructor(private readonly deps: QueueTransferDeps) {
    this.prompts = queuePrompts(deps.language ?? 'zh-CN');
  }

  async drive(call: DrivenCall, params: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const queueId = typeof params.queueId === 'string' ? params.queueId : '';
    const fromUserId = typeof params.fromUserId === 'string' ? params.fromUserId : undefined;
    void deps.countTransfer(call.tenantId, call.id).catch(reported(deps, undefined));
    if (!deps.engine.queueSettings(call.tenantId, queueId)) {
      // Removed between the API's check and now: the caller hears goodbye rather than silence.
      await call.play('caller', this.prompts.system('goodbye'), { signal }).catch(reported(deps, 'failed'));
      return;
    }
    await new QueueCall(call, call.tenantId, deps, this.prompts, { signal, transferIn: fromUserId ? { fromUserId } : {} }).run(queueId);
  }
}
