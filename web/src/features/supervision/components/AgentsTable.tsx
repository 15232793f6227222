import { Button, Dropdown, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { AgentStateName, LiveAgent, LiveCall } from '../live/live-floor.ts';
import { useAgentStateControl } from '../hooks/useAgentStateControl.ts';
import { useNow } from '../hooks/useNow.ts';

export interface AgentRow {
  userId: string;
  agentId: string;
  displayName: string;
  state: AgentStateName;
  reason?: string;
  since: string;
  callId?: string;
}

const STATE_COLOR: Partial<Record<AgentStateName, string>> = { ready: 'green', not_ready: 'orange', talking: 'blue', ringing: 'gold', held: 'purple', wrap_up: 'cyan' };

/** The agent as the feed last told it, over the list the page loaded. */
export function agentRow(a: { id: string; agentId: string; displayName: string; status: { state: AgentStateName; reason?: string }; since: string }, live: LiveAgent | undefined): AgentRow {
  const s = live ?? { state: a.status.state, since: a.since, ...(a.status.reason ? { reason: a.status.reason } : {}) };
  return { userId: a.id, agentId: a.agentId, displayName: a.displayName, state: s.state, since: s.since, ...(s.reason ? { reason: s.reason } : {}), ...(live?.callId ? { callId: live.callId } : {}) };
}

/** The tenant's agents with their live state; a supervisor forces ready, not ready (with a reason) or logs one out. */
export function AgentsTable({ agents, calls }: { agents: AgentRow[]; calls: ReadonlyMap<string, LiveCall> }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const now = useNow();
  const control = useAgentStateControl();
  const reasonName = (code: string) => control.reasons.find((r) => r.code === code)?.name ?? code;

  const columns: ColumnsType<AgentRow> = [
    { key: 'agentId', title: t('supervision.agentId'), dataIndex: 'agentId' },
    { key: 'name', title: t('supervision.agentName'), dataIndex: 'displayName' },
    {
      key: 'state',
      title: t('supervision.state'),
      render: (_, a) => (
        <Tag color={STATE_COLOR[a.state]} data-testid="agent-state">
          {t(`supervision.agentState.${a.state}`)}
          {a.reason ? ` · ${reasonName(a.reason)}` : ''}
        </Tag>
      ),
    },
    { key: 'since', title: t('supervision.since'), render: (_, a) => fmt.duration(Math.max(0, (now - Date.parse(a.since)) / 1000)) },
    { key: 'call', title: t('supervision.currentCall'), render: (_, a) => (a.callId ? (calls.get(a.callId)?.callerNumber ?? '…') : '—') },
    {
      key: 'actions',
      title: t('supervision.actions'),
      render: (_, a) => (
        <Space size={4}>
          <Button size="small" data-testid="force-ready" disabled={control.pending || a.state === 'ready'} onClick={() => control.force({ userId: a.userId, action: a.state === 'logged_out' ? 'log_in' : 'ready' })}>
            {t('supervision.forceReady')}
          </Button>
          <Dropdown
            disabled={control.pending || a.state === 'logged_out' || control.reasons.length === 0}
            menu={{ items: control.reasons.map((r) => ({ key: r.code, label: r.name })), onClick: ({ key }) => control.force({ userId: a.userId, action: 'not_ready', reason: key }) }}
          >
            <Button size="small" data-testid="force-not-ready">
              {t('supervision.forceNotReady')}
            </Button>
          </Dropdown>
          <Button size="small" danger data-testid="force-log-out" disabled={control.pending || a.state === 'logged_out'} onClick={() => control.force({ userId: a.userId, action: 'log_out' })}>
            {t('supervision.forceLogOut')}
          </Button>
        </Space>
      ),
    },
  ];
  return <Table<AgentRow> rowKey="userId" size="small" columns={columns} dataSource={agents} pagination={false} data-testid="agents" />;
}
