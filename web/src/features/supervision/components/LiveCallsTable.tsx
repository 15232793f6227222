import { Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { type HTMLAttributes, useEffect } from 'react';
import { useCallStateLabel } from '@/shared/calls/call-state-label.ts';
import { useLegStateLabel } from '@/shared/calls/leg-state-label.ts';
import type { StepInRole } from '../api/supervision-api.ts';
import { agentLeg, partyLabel, sipUserOf, steppingInLeg } from '../live/call-view.ts';
import type { LiveAgent, LiveCall } from '../live/live-floor.ts';
import type { StepInAction } from '../hooks/useStepIn.ts';
import { useNow } from '../hooks/useNow.ts';

const ROLES: StepInRole[] = ['listen', 'whisper', 'barge'];

export interface LiveCallsTableProps {
  calls: LiveCall[];
  agents: ReadonlyMap<string, LiveAgent>;
  /** A SIP user's name as people know it (an agent's name and 工号), or the user name. */
  whoIs(sipUser: string): string;
  queueName(queueId: string): string;
  /** The signed-in supervisor's SIP user (null: they cannot step in). */
  me: string | null;
  onStep(callId: string, action: StepInAction): void;
  busyCallId: string | undefined;
  /** The call the page was opened on (the wallboard's link): highlighted and scrolled to. */
  selectedCallId?: string | undefined;
}

/** The tenant's live calls, each with who is on it and the supervisor's verbs on it. */
export function LiveCallsTable({ calls, agents, whoIs, queueName, me, onStep, busyCallId, selectedCallId }: LiveCallsTableProps) {
  const { t } = useI18n();
  const callStateLabel = useCallStateLabel();
  const legStateLabel = useLegStateLabel();
  const selectedShown = calls.some((c) => c.callId === selectedCallId);
  useEffect(() => {
    if (selectedShown && selectedCallId) document.querySelector(`[data-row-key="${CSS.escape(selectedCallId)}"]`)?.scrollIntoView({ block: 'center' });
  }, [selectedShown, selectedCallId]);
  const fmt = useFormat();
  const now = useNow();
  const agentOf = (callId: string) => [...agents.values()].find((a) => a.callId === callId);
  const name = (sipUser: string) => (sipUser === me ? `${t('supervision.you')} (${sipUser})` : whoIs(sipUser));

  const columns: ColumnsType<LiveCall> = [
    { key: 'caller', title: t('supervision.caller'), render: (_, c) => c.callerNumber },
    { key: 'number400', title: t('supervision.number400'), render: (_, c) => c.number400 ?? '—' },
    {
      key: 'agent',
      title: t('supervision.agent'),
      render: (_, c) => {
        const leg = agentLeg(c);
        const user = sipUserOf(leg);
        return <span data-testid="call-agent">{user ? name(user) : leg ? partyLabel(leg) : '—'}</span>;
      },
    },
    { key: 'queue', title: t('supervision.queue'), render: (_, c) => (agentOf(c.callId)?.queueId ? queueName(agentOf(c.callId)?.queueId ?? '') : '—') },
    { key: 'state', title: t('supervision.state'), render: (_, c) => <Tag data-testid="call-state">{callStateLabel(c.state)}</Tag> },
    {
      key: 'duration',
      title: t('supervision.duration'),
      render: (_, c) => fmt.duration(Math.max(0, (now - Date.parse(c.answeredAt ?? c.createdAt)) / 1000)),
    },
    {
      key: 'legs',
      title: t('supervision.legs'),
      render: (_, c) => (
        <Space size={[0, 4]} wrap>
          {c.legs.map((l) => (
            <Tag key={l.legId}>
              {partyLabel(l)} · {legStateLabel(l.state)}
              {l.role ? ` · ${t(`supervision.${l.role}`)}` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'steppingIn',
      title: t('supervision.steppingIn'),
      render: (_, c) => {
        const leg = steppingInLeg(c);
        if (!leg?.role) return '—';
        const user = sipUserOf(leg);
        return (
          <Tag color="purple" data-testid="stepping-in">
            {user ? name(user) : partyLabel(leg)} · {t(`supervision.${leg.role}`)}
          </Tag>
        );
      },
    },
    { key: 'actions', title: t('supervision.actions'), render: (_, c) => <CallActions call={c} me={me} whoIs={name} onStep={(a) => onStep(c.callId, a)} busy={busyCallId === c.callId} /> },
  ];

  return (
    <Table<LiveCall>
      rowKey="callId"
      size="small"
      columns={columns}
      dataSource={calls}
      pagination={false}
      locale={{ emptyText: t('supervision.noCalls') }}
      rowClassName={(c) => (c.callId === selectedCallId ? 'ant-table-row-selected' : '')}
      onRow={(c) => ({ 'data-selected': c.callId === selectedCallId ? 'true' : undefined }) as HTMLAttributes<HTMLElement>}
      data-testid="live-calls"
    />
  );
}

function CallActions({ call, me, whoIs, onStep, busy }: { call: LiveCall; me: string | null; whoIs(u: string): string; onStep(a: StepInAction): void; busy: boolean }) {
  const { t } = useI18n();
  if (!me) return null;
  const third = steppingInLeg(call);
  const mine = sipUserOf(third) === me;
  if (third && !mine) return <Typography.Text type="secondary">{t('supervision.busyOther', { who: whoIs(sipUserOf(third) ?? partyLabel(third)) })}</Typography.Text>;
  // After a take-over the supervisor is the one talking to the caller.
  if (!third && sipUserOf(agentLeg(call)) === me) {
    return (
      <Button danger size="small" data-testid="step-hang-up" loading={busy} onClick={() => onStep({ kind: 'hang-up' })}>
        {t('supervision.hangUp')}
      </Button>
    );
  }
  if (mine && third?.role) {
    return (
      <Space size={4} wrap>
        {ROLES.map((role) => (
          <Button key={role} size="small" data-testid={`step-${role}`} type={third.role === role ? 'primary' : 'default'} disabled={busy || third.role === role} onClick={() => onStep({ kind: 'role', role })}>
            {t(`supervision.${role}`)}
          </Button>
        ))}
        <Button size="small" data-testid="step-take-over" disabled={busy} onClick={() => onStep({ kind: 'take-over' })}>
          {t('supervision.takeOver')}
        </Button>
        <Button size="small" data-testid="step-leave" disabled={busy} onClick={() => onStep({ kind: 'leave' })}>
          {t('supervision.leave')}
        </Button>
      </Space>
    );
  }
  const canJoin = call.state === 'answered' && !busy;
  return (
    <Space size={4} wrap>
      {ROLES.map((role) => (
        <Button key={role} size="small" data-testid={`step-${role}`} disabled={!canJoin} onClick={() => onStep({ kind: 'join', role })}>
          {t(`supervision.${role}`)}
        </Button>
      ))}
    </Space>
  );
}
