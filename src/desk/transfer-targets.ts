/**
 * Whom the desk may transfer a call to (issue 14): the tenant's queues (the caller waits there for
 * its agents: POST /calls/{id}/transfer with `queue`) and its other agents, each with their state
 * and `to` — the destination of their current phone for the existing transfer verb
 * (POST /calls/{id}/transfer, consult, conference): their SIP or browser phone's user, or their
 * mobile's number (an outside number: allowed only where the tenant's transfer rules allow it).
 */
import type { AgentSnapshot, QueueFigures } from '../acd/acd-engine.ts';

export interface AgentTransferTarget {
  userId: string;
  agentId: string;
  displayName: string;
  state: string;
  reason: string | null;
  phoneKind: 'sip' | 'browser' | 'mobile';
  to: string;
}

export function agentTransferTargets(agents: readonly AgentSnapshot[], exceptUserId: string | undefined): AgentTransferTarget[] {
  return agents
    .filter((a) => a.userId !== exceptUserId && a.status.state !== 'logged_out')
    .map((a) => ({
      userId: a.userId,
      agentId: a.agentId,
      displayName: a.displayName,
      state: a.status.state,
      reason: a.status.state === 'not_ready' ? a.status.reason : null,
      phoneKind: a.phone.kind,
      to: a.phone.kind === 'mobile' ? a.phone.number : a.phone.username,
    }))
    .sort((x, y) => (x.agentId < y.agentId ? -1 : x.agentId > y.agentId ? 1 : 0));
}

export interface QueueTransferTarget {
  queueId: string;
  name: string;
  /** Callers waiting there now. */
  waiting: number;
  /** Its member agents ready now. */
  readyAgents: number;
}

export function queueTransferTargets(queues: readonly QueueFigures[]): QueueTransferTarget[] {
  return queues
    .map((q) => ({ queueId: q.queueId, name: q.name, waiting: q.waiting, readyAgents: q.agents.ready }))
    .sort((x, y) => x.name.localeCompare(y.name, 'zh-CN'));
}
