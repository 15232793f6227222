import { Button, Dropdown, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useI18n } from '@/shared/i18n/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { changeMyState, fetchNotReadyReasons } from '../api/desk-api.ts';
import { STATE_COLOR, useAgentStateWords } from '../hooks/useAgentStateWords.ts';
import type { StateAction } from '../api/desk-api.ts';
import type { DeskAgent } from '../model/desk-state.ts';
import { secondsBetween, useNow } from '../hooks/useNow.ts';

/**
 * The agent's state as the server has it (from the event feed: the page never sets it itself), and
 * the agent's own changes: log in, ready, not ready with the tenant's reasons, log out. After-call
 * work counts down when the server says when it ends, else counts up.
 */
export function StateBar({ agent, onError }: { agent: DeskAgent | undefined; onError: (e: Error) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const now = useNow(agent !== undefined);
  const reasons = useQuery({ queryKey: ['desk', 'not-ready-reasons'], queryFn: fetchNotReadyReasons });
  const change = useMutation({ mutationFn: ({ action, reason }: { action: StateAction; reason?: string }) => changeMyState(action, reason), onError });
  const { reasonName } = useAgentStateWords();
  const state = agent?.state ?? 'logged_out';
  const loggedIn = state !== 'logged_out';
  const inCall = state === 'reserved' || state === 'ringing' || state === 'talking' || state === 'held';
  const clock = (() => {
    if (!agent) return '';
    if (state === 'wrap_up' && agent.wrapUpEndsAt) return t('desk.wrapUpLeft', { s: secondsBetween(now, Date.parse(agent.wrapUpEndsAt)) });
    return fmt.duration(secondsBetween(Date.parse(agent.since), now));
  })();
  return (
    <Space wrap data-testid="desk-state-bar" style={{ width: '100%', justifyContent: 'space-between' }}>
      <Space>
        <Typography.Text strong>{t('desk.myState')}</Typography.Text>
        <Tag color={STATE_COLOR[state]} data-testid="desk-state" data-state={state}>
          {t(`desk.state.${state}`)}
          {state === 'not_ready' && agent?.reason ? ` · ${reasonName(agent.reason)}` : ''}
        </Tag>
        <Typography.Text type="secondary" data-testid="desk-state-clock">
          {clock}
        </Typography.Text>
      </Space>
      <Space>
        {!loggedIn ? (
          <Button type="primary" loading={change.isPending} onClick={() => change.mutate({ action: 'log_in' })}>
            {t('desk.logIn')}
          </Button>
        ) : null}
        {loggedIn && !inCall && state !== 'ready' ? (
          <Button type="primary" loading={change.isPending} onClick={() => change.mutate({ action: 'ready' })}>
            {state === 'wrap_up' ? t('desk.finishWrapUp') : t('desk.ready')}
          </Button>
        ) : null}
        {loggedIn && !inCall ? (
          <Dropdown
            menu={{
              items: (reasons.data?.reasons ?? []).map((r) => ({ key: r.code, label: r.name })),
              onClick: ({ key }) => change.mutate({ action: 'not_ready', reason: key }),
            }}
            trigger={['click']}
          >
            <Button data-testid="desk-not-ready">{t('desk.notReady')}</Button>
          </Dropdown>
        ) : null}
        {loggedIn && !inCall ? (
          <Button danger onClick={() => change.mutate({ action: 'log_out' })}>
            {t('desk.logOut')}
          </Button>
        ) : null}
      </Space>
    </Space>
  );
}
