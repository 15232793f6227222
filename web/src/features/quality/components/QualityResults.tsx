import { Card, Col, DatePicker, Row, Space, Statistic, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { EChart } from '@/shared/charts/index.ts';
import type { ChartOption } from '@/shared/charts/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { fetchResults, fetchScopes } from '../api/quality-api.ts';
import type { Results } from '../api/quality-api.ts';

type Figures = Results['total'];

/** C19: average score, reviews, fatal errors and disputes per agent, per group (queue) and over time. */
export function QualityResults() {
  const { t } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day').startOf('day'), dayjs().add(1, 'day').startOf('day')]);
  const from = range[0].toISOString();
  const to = range[1].toISOString();
  const results = useQuery({ queryKey: ['quality', 'results', from, to], queryFn: () => fetchResults(from, to) });
  const scopes = useQuery({ queryKey: ['quality', 'scopes'], queryFn: fetchScopes });
  const r = results.data;
  const groupName = (g: string) => scopes.data?.queues.find((q) => q.id === g)?.name ?? g;
  const agentName = (a: Results['agents'][number]) => a.name ?? a.answeredBy ?? '—';
  const bars = (names: string[], rows: Figures[]): ChartOption => ({
    tooltip: { trigger: 'axis' },
    legend: { data: [t('qa.results.average'), t('qa.results.reviews')] },
    grid: { left: 48, right: 48, bottom: 32, top: 40 },
    xAxis: { type: 'category', data: names },
    yAxis: [{ type: 'value', min: 0, max: 100, name: t('qa.results.average') }, { type: 'value', minInterval: 1, name: t('qa.results.reviews') }],
    series: [
      { type: 'bar', name: t('qa.results.average'), data: rows.map((x) => x.averageScore) },
      { type: 'line', name: t('qa.results.reviews'), yAxisIndex: 1, data: rows.map((x) => x.reviews) },
    ],
  });
  const charts = useMemo(() => {
    if (!r) return null;
    return {
      agents: bars(r.agents.map(agentName), r.agents),
      groups: bars(r.groups.map((g) => groupName(g.group)), r.groups),
      days: { ...bars(r.days.map((d) => d.date), r.days), series: [
        { type: 'line', name: t('qa.results.average'), data: r.days.map((d) => d.averageScore) },
        { type: 'bar', name: t('qa.results.reviews'), yAxisIndex: 1, data: r.days.map((d) => d.reviews) },
      ] } as ChartOption,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [r, scopes.data, t]);
  const columns = <R extends Figures>(title: string, name: (row: R) => string): ColumnsType<R> => [
    { title, key: 'name', render: (_: unknown, row: R) => name(row) },
    { title: t('qa.results.reviews'), dataIndex: 'reviews' },
    { title: t('qa.results.average'), dataIndex: 'averageScore', render: (v: number | null) => v ?? '—' },
    { title: t('qa.results.fatal'), dataIndex: 'fatal' },
    { title: t('qa.results.disputed'), dataIndex: 'disputed' },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="qa-results">
      <DatePicker.RangePicker aria-label={t('qa.results.period')} value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0].startOf('day'), v[1].add(1, 'day').startOf('day')])} />
      {r ? (
        <>
          <Row gutter={16}>
            <Col span={6}><Statistic title={t('qa.results.reviews')} value={r.total.reviews} /></Col>
            <Col span={6}><Statistic title={t('qa.results.average')} value={r.total.averageScore ?? '—'} /></Col>
            <Col span={6}><Statistic title={t('qa.results.fatal')} value={r.total.fatal} /></Col>
            <Col span={6}><Statistic title={t('qa.results.disputed')} value={r.total.disputed} /></Col>
          </Row>
          <Card title={t('qa.results.perAgent')}>
            <EChart option={charts!.agents} label={t('qa.results.perAgent')} testId="qa-chart-agents" height={240} />
            <Table data-testid="qa-results-agents" rowKey={(a) => a.agentUserId ?? a.answeredBy ?? ''} size="small" pagination={false} dataSource={r.agents} columns={columns<Results['agents'][number]>(t('quality.answeredBy'), agentName)} />
          </Card>
          <Card title={t('qa.results.perGroup')}>
            <EChart option={charts!.groups} label={t('qa.results.perGroup')} testId="qa-chart-groups" height={240} />
            <Table data-testid="qa-results-groups" rowKey="group" size="small" pagination={false} dataSource={r.groups} columns={columns<Results['groups'][number]>(t('qa.results.group'), (g) => groupName(g.group))} />
          </Card>
          <Card title={t('qa.results.overTime')}>
            <EChart option={charts!.days} label={t('qa.results.overTime')} testId="qa-chart-days" height={240} />
          </Card>
        </>
      ) : null}
    </Space>
  );
}
