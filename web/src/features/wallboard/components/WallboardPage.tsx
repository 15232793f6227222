import { Alert, Button, Card, Form, InputNumber, Modal, Space, Table, Tag, Tooltip, Typography, message, notification } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '@/shared/api/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { type MessageKey, useI18n } from '@/shared/i18n/index.ts';
import { type Envelope, type QueueFigures, type WallboardState } from '../state/wallboard-state.ts';
import { useSecondClock, useWallboardFeed } from '../state/useWallboardFeed.ts';
import { AgentsBoard } from './AgentsBoard.tsx';
import { LiveCallsBoard } from './LiveCallsBoard.tsx';
import { cardLook, secondsSince, tableLook } from './wallboard-look.ts';
import styles from './wallboard.module.css';


/** C17: the live wallboard — queues, agents and live calls from the event feed; `tv`: the big-screen mode (dark, large, no chrome, no actions). */
export function WallboardPage({ tv = false }: { tv?: boolean }) {
  const { t } = useI18n();
  const feed = useWallboardFeed();
  const now = useSecondClock();
  const s = feed.state;
  const [api_, holder] = notification.useNotification();

  useEffect(
    () =>
      feed.onAlert((e: Envelope) => {
        const d = e.data as unknown as { kind: 'longest_wait' | 'service_level'; queueName: string; value: number; threshold: number };
        api_.warning({ message: t(`wallboard.alert.${d.kind}`, { queue: d.queueName, value: d.value, threshold: d.threshold }), placement: 'topRight' });
      }),
    [feed, api_, t],
  );

  const statusTag = { connecting: 'wallboard.connecting', live: 'wallboard.live', reconnecting: 'wallboard.reconnecting', 'signed-out': 'wallboard.signedOut' }[feed.status] as MessageKey;
  return (
    <div className={tv ? styles.tv : undefined} data-testid="wallboard" data-feed={feed.status}>
      {holder}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Title level={tv ? 1 : 3} style={{ margin: 0 }} className={tv ? styles.tvText : undefined}>
            {t('wallboard.title')}
          </Typography.Title>
          <Tag color={feed.status === 'live' ? 'green' : 'orange'} data-testid="feed-status">
            {t(statusTag)}
          </Tag>
          {tv ? <Link to="/wallboard" className={styles.tvLink}>{t('wallboard.exitTv')}</Link> : <Link to="/wallboard/tv">{t('wallboard.tvMode')}</Link>}
          {tv ? null : <SettingsButton state={s} />}
        </Space>
        <Alerts state={s} now={now} />
        <QueuesTable state={s} now={now} tv={tv} />
        <AgentsBoard state={s} now={now} tv={tv} />
        <LiveCallsBoard state={s} now={now} tv={tv} />
      </Space>
    </div>
  );
}

/** The figure as it is now (the alert's value is the one it was raised at). */
function currentValue(state: WallboardState, a: { queueId: string; kind: string; value: number }, now: number): number {
  if (a.kind === 'service_level') {
    const sl = state.figures.get(a.queueId)?.f.serviceLevel;
    return sl == null ? a.value : Math.round(sl * 1000) / 10;
  }
  const oldest = state.waiting.get(a.queueId)?.[0];
  return oldest ? secondsSince(oldest.enteredAt, now) : a.value;
}

function Alerts({ state, now }: { state: WallboardState; now: number }) {
  const { t } = useI18n();
  const alerts = [...state.alerts.values()];
  if (alerts.length === 0) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="alerts">
      {alerts.map((a) => (
        <Alert key={`${a.queueId}:${a.kind}`} type="error" showIcon data-kind={a.kind} message={t(`wallboard.alert.${a.kind}`, { queue: state.figures.get(a.queueId)?.f.name ?? a.queueId, value: currentValue(state, a, now), threshold: a.threshold })} />
      ))}
    </Space>
  );
}

function QueuesTable({ state, now, tv }: { state: WallboardState; now: number; tv: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const settings = state.settings;
  const rows = [...state.figures.values()].map(({ f }) => f).sort((a, b) => a.name.localeCompare(b.name));
  const dash = '—';
  return (
    <Card title={t('wallboard.queues')} {...cardLook(tv)}>
      <Table<QueueFigures>
        {...tableLook(tv)}
        rowKey="queueId"
        dataSource={rows}
        columns={[
          { title: t('wallboard.queue'), dataIndex: 'name' },
          { title: t('wallboard.waiting'), render: (_, q) => <span data-testid={`waiting-${q.name}`}>{state.waiting.get(q.queueId)?.length ?? 0}</span> },
          {
            title: t('wallboard.longestWait'),
            render: (_, q) => {
              const oldest = state.waiting.get(q.queueId)?.[0];
              const waited = oldest ? secondsSince(oldest.enteredAt, now) : 0;
              const over = settings?.longestWaitAlertSeconds != null && waited > settings.longestWaitAlertSeconds;
              return <span data-testid={`longest-${q.name}`} data-over={over} className={over ? styles.red : undefined}>{oldest ? fmt.duration(waited) : dash}</span>;
            },
          },
          {
            title: t('wallboard.serviceLevel'),
            render: (_, q) => {
              const under = q.serviceLevel !== null && settings?.serviceLevelAlertPercent != null && q.serviceLevel * 100 < settings.serviceLevelAlertPercent;
              return <span data-testid={`sl-${q.name}`} data-under={under} className={under ? styles.red : undefined}>{q.serviceLevel === null ? dash : fmt.percent(q.serviceLevel)}</span>;
            },
          },
          { title: t('wallboard.answered'), render: (_, q) => <span data-testid={`answered-${q.name}`}>{q.answered}</span> },
          { title: t('wallboard.abandoned'), render: (_, q) => <span data-testid={`abandoned-${q.name}`}>{q.abandoned}</span> },
          { title: t('wallboard.avgWait'), render: (_, q) => (q.averageWaitSeconds === null ? dash : fmt.duration(q.averageWaitSeconds)) },
          { title: t('wallboard.avgTalk'), render: (_, q) => (q.averageTalkSeconds === null ? dash : fmt.duration(q.averageTalkSeconds)) },
          {
            title: t('wallboard.staffing'),
            render: (_, q) => {
              const st = q.staffing;
              const short = st !== null && st.agentsNeeded > q.agentsReady;
              const text = <span data-testid={`staffing-${q.name}`} className={short ? styles.red : undefined}>{`${st === null ? dash : st.agentsNeeded} / ${q.agentsReady}`}</span>;
              return st === null ? text : <Tooltip title={t('wallboard.staffingHint', { arrivals: st.arrivals, handle: Math.round(st.handleSeconds), erlangs: st.erlangs })}>{text}</Tooltip>;
            },
          },
        ]}
      />
    </Card>
  );
}

function SettingsButton({ state }: { state: WallboardState }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: { targetSeconds: number; serviceLevelGoalPercent: number; longestWaitAlertSeconds: number | null; serviceLevelAlertPercent: number | null }) =>
      unwrap(api.PUT('/api/v1/wallboard/settings', { body: { ...v, longestWaitAlertSeconds: v.longestWaitAlertSeconds ?? null, serviceLevelAlertPercent: v.serviceLevelAlertPercent ?? null } })),
    onSuccess: (saved) => {
      state.settings = saved;
      setOpen(false);
      void message.success(t('wallboard.settings.saved'));
    },
    onError: (e: Error) => void message.error(e.message),
  });
  return (
    <>
      <Button onClick={() => { form.setFieldsValue(state.settings); setOpen(true); }}>{t('wallboard.settings')}</Button>
      <Modal open={open} title={t('wallboard.settings')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={save.isPending}>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="targetSeconds" label={t('wallboard.settings.targetSeconds')} rules={[{ required: true }]}><InputNumber min={1} max={600} /></Form.Item>
          <Form.Item name="serviceLevelGoalPercent" label={t('wallboard.settings.goal')} rules={[{ required: true }]}><InputNumber min={1} max={99} /></Form.Item>
          <Form.Item name="longestWaitAlertSeconds" label={t('wallboard.settings.longestWait')}><InputNumber min={1} max={3600} /></Form.Item>
          <Form.Item name="serviceLevelAlertPercent" label={t('wallboard.settings.serviceLevelAlert')}><InputNumber min={1} max={100} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
