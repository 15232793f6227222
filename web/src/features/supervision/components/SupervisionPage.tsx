import { Alert, Badge, Card, Radio, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '@/features/auth/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { PageHeader } from '@/shared/ui/index.ts';
import { fetchAgents, fetchQueues } from '../api/supervision-api.ts';
import { useLiveFloor } from '../hooks/useLiveFloor.ts';
import { useStepIn } from '../hooks/useStepIn.ts';
import type { StepInAction } from '../hooks/useStepIn.ts';
import { useSupervisorPhone } from '../hooks/useSupervisorPhone.ts';
import type { PhoneChoice, SupervisorPhone } from '../hooks/useSupervisorPhone.ts';
import { AgentsTable, agentRow } from './AgentsTable.tsx';
import { LiveCallsTable } from './LiveCallsTable.tsx';

/**
 * C18 班长席: the tenant's live calls and agents from the event feed; on any call the supervisor
 * listens, whispers, barges, switches between them, takes over or leaves, with this browser's
 * softphone or their own SIP phone; and forces an agent's state or logs them out.
 */
export function SupervisionPage() {
  const { t } = useI18n();
  const session = useSession();
  const me = session.data?.sipUsername ?? null;
  // Opened from a wallboard's live call: that call is shown selected.
  const selectedCallId = useSearchParams()[0].get('call') ?? undefined;
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null);
  const phone = useSupervisorPhone(me ? audio : null);
  const { floor, connected } = useLiveFloor();
  const step = useStepIn(phone);
  const agents = useQuery({ queryKey: ['acd', 'agents'], queryFn: fetchAgents });
  const queues = useQuery({ queryKey: ['acd', 'queues'], queryFn: fetchQueues });

  const whoIs = useMemo(() => {
    const bySipUser = new Map<string, string>();
    for (const a of agents.data?.agents ?? []) if (a.phone.kind !== 'mobile') bySipUser.set(a.phone.username, `${a.displayName} (${a.agentId})`);
    return (sipUser: string) => bySipUser.get(sipUser) ?? sipUser;
  }, [agents.data]);
  const queueName = useCallback((id: string) => queues.data?.queues.find((q) => q.id === id)?.name ?? id, [queues.data]);
  const calls = useMemo(() => [...floor.calls.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)), [floor.calls]);
  const agentRows = useMemo(() => (agents.data?.agents ?? []).map((a) => agentRow(a, floor.agents.get(a.id))), [agents.data, floor.agents]);

  const onStep = (callId: string, action: StepInAction) => {
    // A call taken over on this browser ends from here; on a SIP phone, the platform hangs it up.
    if (action.kind === 'hang-up' && phone.choice === 'browser' && phone.callState === 'active') phone.hangUp();
    else step.run(callId, action);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('supervision.title')} actions={<Badge status={connected ? 'success' : 'warning'} text={connected ? t('supervision.feedLive') : t('supervision.feedOffline')} data-testid="feed-status" />} />
      {me ? <PhoneBar phone={phone} me={me} /> : <Alert type="info" showIcon message={t('supervision.noSipPhone')} />}
      {phone.error ? <Alert type="error" showIcon message={phone.error} /> : null}
      {/* The far end of a step-in on this browser. */}
      <audio ref={setAudio} autoPlay data-testid="supervisor-audio" />
      <Card title={t('supervision.calls')}>
        <LiveCallsTable calls={calls} agents={floor.agents} whoIs={whoIs} queueName={queueName} me={me} onStep={onStep} busyCallId={step.pending ? step.pendingCall : undefined} selectedCallId={selectedCallId} />
      </Card>
      <Card title={t('supervision.agents')}>
        <AgentsTable agents={agentRows} calls={floor.calls} />
      </Card>
    </Space>
  );
}

function PhoneBar({ phone, me }: { phone: SupervisorPhone; me: string }) {
  const { t } = useI18n();
  return (
    <Space wrap>
      <Typography.Text>{t('supervision.phone')}</Typography.Text>
      <Radio.Group
        optionType="button"
        value={phone.choice}
        onChange={(e) => phone.choose(e.target.value as PhoneChoice)}
        options={[
          { value: 'browser', label: t('supervision.phoneBrowser') },
          { value: 'sip', label: t('supervision.phoneSip') },
        ]}
      />
      {phone.choice === 'browser' ? (
        <Tag color={phone.state === 'registered' ? 'green' : phone.state === 'failed' ? 'red' : 'default'} data-testid="phone-state">
          {t(`supervision.phoneState.${phone.state}`)}
          {phone.callState === 'active' ? ` · ${t('supervision.phoneOnCall')}` : ''}
        </Tag>
      ) : (
        <Typography.Text type="secondary">{t('supervision.phoneSipHint', { phone: me })}</Typography.Text>
      )}
    </Space>
  );
}
