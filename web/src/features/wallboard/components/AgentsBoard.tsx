/**
 * The wallboard's agents (C17): state, time in state, current call, calls today and — off the big
 * screen — the supervisor's forced changes. 500 agents change tens of times a second: the rows are
 * windowed (WindowedTable) and memoised by agent, so a frame renders only the rows in view whose
 * agent, day figures or call changed (and every row in view once a second, for the clocks).
 */
import { Button, Card, Dropdown, message } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { memo, useCallback, useMemo, useRef } from 'react';
import { api, unwrap } from '@/shared/api/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { type MessageKey, useI18n } from '@/shared/i18n/index.ts';
import type { AgentInfo, LiveAgent, LiveCall, WallboardState } from '../state/wallboard-state.ts';
import { WindowedTable } from './WindowedTable.tsx';
import { cardLook, secondsSince } from './wallboard-look.ts';

type ForceAction = 'log_in' | 'ready' | 'not_ready' | 'log_out';
const FORCE_ACTIONS = ['log_in', 'ready', 'not_ready', 'log_out'] as const;

interface AgentRowProps {
  userId: string;
  agentId: string;
  info: AgentInfo | undefined;
  /** Undefined: the feed has not spoken of this agent in this run — logged out (the ACD starts them so). */
  live: LiveAgent | undefined;
  callsToday: number;
  call: LiveCall | undefined;
  now: number;
  tv: boolean;
  onForce(userId: string, action: ForceAction): void;
}

const AgentRow = memo(function AgentRow({ userId, agentId, info, live, callsToday, call, now, tv, onForce }: AgentRowProps) {
  const { t } = useI18n();
  const fmt = useFormat();
  const state = live?.state ?? 'logged_out';
  // On the call since the agent's state says so (talking or held since then is the same call).
  const callFrom = call ? (state === 'talking' && live?.since ? live.since : (call.answeredAt ?? call.createdAt)) : '';
  return (
    <tr data-row-key={userId}>
      <td>{agentId}</td>
      <td>{info?.displayName ?? ''}</td>
      <td>
        <span data-testid={`agent-state-${agentId}`} data-state={state} data-event-time={live?.eventTime ?? ''}>
          {t(`wallboard.agentState.${state}` as MessageKey)}
          {live?.reason ? ` (${live.reason})` : ''}
        </span>
      </td>
      <td>{live?.since ? fmt.duration(secondsSince(live.since, now)) : ''}</td>
      <td>{call ? <span data-testid={`agent-call-${agentId}`}>{`${call.callerNumber} · ${fmt.duration(secondsSince(callFrom, now))}`}</span> : null}</td>
      <td>
        <span data-testid={`calls-today-${agentId}`}>{callsToday}</span>
      </td>
      {tv ? null : (
        <td>
          <Dropdown
            trigger={['click']}
            menu={{ items: FORCE_ACTIONS.map((action) => ({ key: action, label: t(`wallboard.force.${action}`) })), onClick: ({ key }) => onForce(userId, key as ForceAction) }}
          >
            <Button size="small" data-testid={`force-${agentId}`}>
              {t('wallboard.actions')}
            </Button>
          </Dropdown>
        </td>
      )}
    </tr>
  );
});

export function AgentsBoard({ state, now, tv }: { state: WallboardState; now: number; tv: boolean }) {
  const { t } = useI18n();
  const force = useMutation({
    mutationFn: ({ userId, action }: { userId: string; action: ForceAction }) =>
      unwrap(api.POST('/api/v1/acd/agents/{id}/state', { params: { path: { id: userId } }, body: action === 'not_ready' ? { action, reason: 'break' } : { action } })),
    onSuccess: () => void message.success(t('wallboard.forced')),
    onError: (e: Error) => void message.error(e.message),
  });
  // One callback for every row's lifetime (a new one would render every row again).
  const mutate = useRef(force.mutate);
  mutate.current = force.mutate;
  const onForce = useCallback((userId: string, action: ForceAction) => mutate.current({ userId, action }), []);

  // The rows' order changes only when an agent comes or goes, not on every change.
  const { rosterVersion } = state;
  const order = useMemo(() => {
    const agentIds = new Map<string, string>();
    for (const i of state.agentInfo.values()) agentIds.set(i.userId, i.agentId);
    for (const a of state.agents.values()) agentIds.set(a.userId, a.agentId);
    return [...agentIds].sort((a, b) => a[1].localeCompare(b[1], undefined, { numeric: true }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the roster's version stands for the maps it reads
  }, [state, rosterVersion]);
  const keys = useMemo(() => order.map(([userId]) => userId), [order]);
  const agentIdOf = useMemo(() => new Map(order), [order]);

  const renderRow = (userId: string) => {
    const live = state.agents.get(userId);
    return (
      <AgentRow
        key={userId}
        userId={userId}
        agentId={agentIdOf.get(userId) ?? ''}
        info={state.agentInfo.get(userId)}
        live={live}
        callsToday={state.agentDays.get(userId)?.callsToday ?? 0}
        call={live?.callId ? state.calls.get(live.callId) : undefined}
        now={now}
        tv={tv}
        onForce={onForce}
      />
    );
  };
  const rowHeight = tv ? 56 : 40;
  return (
    <Card title={`${t('wallboard.agents')} (${keys.length})`} {...cardLook(tv)}>
      <WindowedTable
        testId="agents"
        tv={tv}
        keys={keys}
        rowHeight={rowHeight}
        height={rowHeight * (tv ? 10 : 12)}
        renderRow={renderRow}
        empty={t('wallboard.noAgents')}
        columns={[
          { key: 'agentId', title: t('wallboard.agentId'), width: '8%' },
          { key: 'name', title: t('wallboard.agentName'), width: '14%' },
          { key: 'state', title: t('wallboard.state'), width: '18%' },
          { key: 'inState', title: t('wallboard.inState'), width: '12%' },
          { key: 'call', title: t('wallboard.currentCall'), width: '22%' },
          { key: 'callsToday', title: t('wallboard.callsToday'), width: '12%' },
          ...(tv ? [] : [{ key: 'actions', title: t('wallboard.actions'), width: '14%' }]),
        ]}
      />
    </Card>
  );
}
