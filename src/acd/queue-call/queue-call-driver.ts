/**
 * The ACD's call driver: registered with call control under the name 'queue' (QUEUE_DRIVER); a
 * routing group or a menu key that names a queue hands the call here with `{ queue }` (the
 * queue's id or name), and QueueCall drives it (queue-call.ts).
 */
import type { CallDriver, DrivenCall } from '../../calls/ports.ts';
import { QueueCall } from './queue-call.ts';
import type { QueueCallDeps } from './queue-call-ports.ts';
import { queuePrompts } from './queue-prompts.ts';
import type { QueuePrompts } from './queue-prompts.ts';

export const QUEUE_DRIVER = 'queue';

export class QueueCallDriver implements CallDriver {
  private readonly prompts: QueuePrompts;

  constructor(private readonly deps: QueueCallDeps) {
    this.prompts = queuePrompts(deps.language ?? 'zh-CN');
  }

  async drive(call: DrivenCall, params: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<void> {
    const ref = typeof params.queue === 'string' ? params.queue : '';
    const queueId = this.deps.queueId(call.tenantId, ref);
    if (!queueId) {
      // The queue was removed after the policy named it.
      call.setUnbridgedOutcome({ outcome: 'failed', status: 480, reason: 'Queue Unavailable' });
      return;
    }
    await new QueueCall(call, call.tenantId, this.deps, this.prompts, signal ? { signal } : {}).run(queueId);
  }
}

/** A queue of the tenant by id or by name (policies and flows may name either). */
export function queueIdOf(queues: readonly { queueId: string; name: string }[], ref: string): string | undefined {
  return (queues.find((q) => q.queueId === ref) ?? queues.find((q) => q.name === ref))?.queueId;
}
