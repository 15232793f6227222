import { App } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/shared/i18n/index.ts';
import { fetchNotReadyReasons, forceAgentState } from '../api/supervision-api.ts';
import type { ForcedAction } from '../api/supervision-api.ts';

/**
 * A supervisor forcing an agent's state (ready, not ready with a reason, logged out): POST
 * /acd/agents/{id}/state, audited by the server as acd.agent.force. The new state reaches the
 * page through the event feed's agent.state_changed; the agents list is refetched too. One hook for
 * every page with these buttons (the supervision page, the wallboard).
 */
export function useAgentStateControl() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const reasons = useQuery({ queryKey: ['acd', 'not-ready-reasons'], queryFn: fetchNotReadyReasons });
  const force = useMutation({
    mutationFn: (v: { userId: string; action: ForcedAction; reason?: string }) => forceAgentState(v.userId, v.action, v.reason),
    onSuccess: (a) => {
      void qc.invalidateQueries({ queryKey: ['acd', 'agents'] });
      void message.success(t('supervision.forced', { agent: a.agentId }));
    },
    onError: (e: Error) => void message.error(e.message),
  });
  return { reasons: reasons.data?.reasons ?? [], force: force.mutate, pending: force.isPending };
}
