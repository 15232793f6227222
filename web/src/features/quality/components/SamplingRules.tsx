import { Alert, Button, Card, InputNumber, Popconfirm, Select, Space, Switch, Table, Typography, message } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { MessageKey } from '@/shared/i18n/index.ts';
import { createRule, deleteRule, fetchRules, fetchSchedule, fetchScopes, runSamplingNow, saveSchedule, updateRule } from '../api/quality-api.ts';
import type { Rule, RuleBody, Scopes } from '../api/quality-api.ts';

/** Each kind's one parameter: its name, range and default (the server checks the same ranges). */
const KINDS: Record<string, { param: string; min: number; max: number; initial: number }> = {
  short_calls: { param: 'maxTalkSeconds', min: 1, max: 3600, initial: 10 },
  percent_per_agent: { param: 'percent', min: 1, max: 100, initial: 5 },
  low_survey: { param: 'maxScore', min: 0, max: 10, initial: 2 },
};

const ruleText = (t: (k: MessageKey, v?: Record<string, string | number>) => string, r: Pick<Rule, 'kind' | 'params'>) => {
  const k = KINDS[r.kind];
  return k ? t(`qa.rules.kind.${r.kind}` as MessageKey, { n: r.params[k.param] ?? '' }) : r.kind;
};

function scopeText(t: (k: MessageKey) => string, scopes: Scopes | undefined, r: Pick<Rule, 'queue' | 'agentUserId'>): string {
  const parts = [];
  if (r.queue) parts.push(scopes?.queues.find((q) => q.id === r.queue)?.name ?? r.queue);
  if (r.agentUserId) parts.push(scopes?.agents.find((a) => a.id === r.agentUserId)?.name ?? r.agentUserId);
  return parts.length ? parts.join(' · ') : t('qa.rules.everyone');
}

/** C19: random and rule-based sampling of calls for review, and how often the rules run by themselves. */
export function SamplingRules() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: ['quality', 'rules'], queryFn: fetchRules });
  const scopes = useQuery({ queryKey: ['quality', 'scopes'], queryFn: fetchScopes });
  const done = () => void qc.invalidateQueries({ queryKey: ['quality'] });
  const fail = (e: Error) => void message.error(e.message);
  const toggle = useMutation({ mutationFn: (r: Rule) => updateRule(r.id, { kind: r.kind, params: r.params, queue: r.queue, agentUserId: r.agentUserId, enabled: !r.enabled }), onSuccess: done, onError: fail });
  const remove = useMutation({ mutationFn: (id: string) => deleteRule(id), onSuccess: done, onError: fail });
  const run = useMutation({
    mutationFn: runSamplingNow,
    onSuccess: (r) => {
      done();
      void message.success(t('qa.rules.ranNow', { n: r.rules.reduce((n, x) => n + x.queued, 0) }));
    },
    onError: fail,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ScheduleCard />
      <Card title={t('qa.rules.title')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Table<Rule>
            data-testid="qa-rules"
            rowKey="id"
            size="small"
            pagination={false}
            loading={rules.isPending}
            dataSource={rules.data?.items ?? []}
            columns={[
              { title: t('qa.rules.rule'), key: 'rule', render: (_, r) => ruleText(t, r) },
              { title: t('qa.rules.scope'), key: 'scope', render: (_, r) => scopeText(t, scopes.data, r) },
              { title: t('qa.rules.enabled'), key: 'enabled', render: (_, r) => <Switch aria-label={`${t('qa.rules.enabled')} ${ruleText(t, r)}`} checked={r.enabled} onChange={() => toggle.mutate(r)} /> },
              {
                title: '',
                key: 'delete',
                render: (_, r) => (
                  <Popconfirm title={t('qa.rules.confirmDelete')} onConfirm={() => remove.mutate(r.id)}>
                    <Button danger size="small">{t('qa.forms.remove')}</Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
          <NewRule scopes={scopes.data} />
          <Button loading={run.isPending} onClick={() => run.mutate()}>
            {t('qa.rules.runNow')}
          </Button>
        </Space>
      </Card>
    </Space>
  );
}

function NewRule({ scopes }: { scopes: Scopes | undefined }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [kind, setKind] = useState('short_calls');
  const [value, setValue] = useState<number>(KINDS.short_calls!.initial);
  const [queue, setQueue] = useState<string | null>(null);
  const [agent, setAgent] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const k = KINDS[kind]!;
  const add = useMutation({
    mutationFn: () => {
      const body: RuleBody = { kind, params: { [k.param]: value }, queue, agentUserId: agent };
      return createRule(body);
    },
    onSuccess: () => {
      setProblem(null);
      void qc.invalidateQueries({ queryKey: ['quality', 'rules'] });
      void message.success(t('qa.rules.added'));
    },
    onError: (e: Error) => setProblem(e.message),
  });
  const groups = [...(scopes?.queues.map((q) => ({ value: q.id, label: q.name })) ?? []), ...(scopes?.numbers.map((n) => ({ value: n, label: n })) ?? [])];
  return (
    <Space direction="vertical" data-testid="qa-new-rule">
      <Space wrap>
        <Select
          aria-label={t('qa.rules.kind')}
          value={kind}
          style={{ width: 220 }}
          onChange={(v: string) => {
            setKind(v);
            setValue(KINDS[v]!.initial);
          }}
          options={Object.keys(KINDS).map((v) => ({ value: v, label: t(`qa.rules.kindName.${v}` as MessageKey) }))}
        />
        <InputNumber aria-label={t(`qa.rules.param.${k.param}` as MessageKey)} addonBefore={t(`qa.rules.param.${k.param}` as MessageKey)} min={k.min} max={k.max} precision={0} value={value} onChange={(v) => setValue(v ?? k.min)} />
        <Select aria-label={t('qa.rules.queue')} allowClear placeholder={t('qa.rules.anyQueue')} value={queue} onChange={(v?: string) => setQueue(v ?? null)} options={groups} style={{ width: 200 }} />
        <Select aria-label={t('qa.rules.agent')} allowClear placeholder={t('qa.rules.anyAgent')} value={agent} onChange={(v?: string) => setAgent(v ?? null)} options={scopes?.agents.map((a) => ({ value: a.id, label: `${a.name} (${a.username})` })) ?? []} style={{ width: 220 }} />
        <Button type="primary" loading={add.isPending} onClick={() => add.mutate()}>
          {t('qa.rules.add')}
        </Button>
      </Space>
      {problem ? <Alert type="error" showIcon message={problem} /> : null}
    </Space>
  );
}

function ScheduleCard() {
  const { t } = useI18n();
  const fmt = useFormat();
  const qc = useQueryClient();
  const schedule = useQuery({ queryKey: ['quality', 'schedule'], queryFn: fetchSchedule, refetchInterval: 30_000 });
  const [every, setEvery] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (body: { enabled: boolean; everyMinutes: number }) => saveSchedule(body),
    onSuccess: (s) => {
      qc.setQueryData(['quality', 'schedule'], s);
      setEvery(null);
      void message.success(t('qa.schedule.saved'));
    },
    onError: (e: Error) => void message.error(e.message),
  });
  const s = schedule.data;
  if (!s) return null;
  const minutes = every ?? s.everyMinutes;
  return (
    <Card title={t('qa.schedule.title')} data-testid="qa-schedule">
      <Space wrap>
        <Switch aria-label={t('qa.schedule.enabled')} checked={s.enabled} onChange={(v) => save.mutate({ enabled: v, everyMinutes: minutes })} />
        <span>{t('qa.schedule.enabled')}</span>
        <InputNumber aria-label={t('qa.schedule.every')} addonBefore={t('qa.schedule.every')} addonAfter={t('qa.schedule.minutes')} min={5} max={10080} precision={0} value={minutes} onChange={(v) => setEvery(v)} />
        <Button disabled={every === null || every === s.everyMinutes} loading={save.isPending} onClick={() => save.mutate({ enabled: s.enabled, everyMinutes: minutes })}>
          {t('qa.schedule.save')}
        </Button>
        <Typography.Text type="secondary" data-testid="qa-schedule-runs">
          {t('qa.schedule.last', { at: s.lastRunAt ? fmt.dateTime(s.lastRunAt) : '—' })} · {t('qa.schedule.next', { at: s.nextRunAt ? fmt.dateTime(s.nextRunAt) : t('qa.schedule.off') })}
        </Typography.Text>
      </Space>
    </Card>
  );
}
