/**
 * C25 click-to-call, a driver of an outbound-only call (no inbound leg): the agent's phone rings
 * first (it shows the customer's number); once the agent answers they hear ringback while the
 * customer's number rings through the trunk showing the tenant's 400 number; when the customer
 * answers the two are bridged (recorded, rated as any answered call). Either side not answering
 * ends the call with that attempt's outcome.
 */
import type { Call } from './call.ts';
import type { ClickToCallDecision } from './call-router.ts';
import { CallVerbError } from './call-verb-error.ts';
import { endUnbridged } from './call-hangup.ts';

export type ClickToCallPlan = Extract<ClickToCallDecision, { kind: 'click-to-call' }>;

export async function driveClickToCall(call: Call, plan: ClickToCallPlan): Promise<void> {
  let agent: string;
  try {
    agent = await call.ring(plan.agent, { ringTimeoutMs: plan.ringTimeoutMs, callerNumber: plan.customerNumber });
  } catch (err) {
    return failed(call, err);
  }
  const ringback = new AbortController();
  call.play(agent, { kind: 'tone', tone: 'ringback' }, { loop: true, signal: ringback.signal }).catch(call.verbFailed);
  let customer: string;
  try {
    customer = await call.ring(plan.customer, { ringTimeoutMs: plan.ringTimeoutMs, callerNumber: plan.number400, pstnCallerId: plan.number400 });
  } catch (err) {
    ringback.abort();
    return failed(call, err);
  } finally {
    ringback.abort();
  }
  try {
    await call.bridge(agent, customer);
  } catch (err) {
    return failed(call, err);
  }
}

/** The agent or the customer did not answer (or the call ended): the record says which way. */
function failed(call: Call, err: unknown): Promise<void> {
  if (call.is('ended')) return Promise.resolve();
  if (err instanceof CallVerbError && err.final) return endUnbridged(call, err.final);
  call.deps.onError?.(err);
  return endUnbridged(call, { outcome: 'failed', status: 500, reason: 'click-to-call failed' });
}
