import { Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useSession } from '@/features/auth/index.ts';
import { useAccount, useSpendingReport } from '@/features/spending/index.ts';
import { EChart } from '@/shared/charts/index.ts';
import type { ChartOption } from '@/shared/charts/index.ts';
import { liToYuan, useFormat, wallClock } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { useToday } from '../hooks/useToday.ts';

/** Today at a glance: calls, answer rate, missed, talk time, balance; hourly calls, outcomes, 30 days of spending. */
export function DashboardPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const session = useSession();
  const isAdmin = session.data?.role === 'tenant_admin';
  const { analysis, records } = useToday(fmt.timeZone);
  const account = useAccount(isAdmin);
  const now = wallClock(new Date(), fmt.timeZone);
  const spending = useSpendingReport(Number(now.year));

  const totals = useMemo(() => {
    const sum = { calls: 0, answered: 0, talkSeconds: 0 };
    for (const n of analysis.data?.numbers ?? []) {
      sum.calls += n.calls;
      sum.answered += n.answered;
      sum.talkSeconds += n.talkSeconds;
    }
    return sum;
  }, [analysis.data]);

  const hourly = useMemo<ChartOption>(() => {
    const answered = new Array<number>(24).fill(0);
    const missed = new Array<number>(24).fill(0);
    for (const r of records.data?.items ?? []) {
      const h = Number(wallClock(new Date(r.startedAt), fmt.timeZone).hour);
      if (r.outcome === 'answered') answered[h] = (answered[h] ?? 0) + 1;
      else missed[h] = (missed[h] ?? 0) + 1;
    }
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('dashboard.answered'), t('dashboard.notAnswered')] },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: answered.map((_, h) => `${String(h).padStart(2, '0')}:00`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('dashboard.answered'), type: 'bar', stack: 'calls', data: answered, itemStyle: { color: '#52c41a' } },
        { name: t('dashboard.notAnswered'), type: 'bar', stack: 'calls', data: missed, itemStyle: { color: '#ff7875' } },
      ],
    };
  }, [records.data, fmt.timeZone, t]);

  const outcomes = useMemo<ChartOption>(() => {
    const counts = new Map<string, number>();
    for (const r of records.data?.items ?? []) {
      const key = r.outcome ?? 'up';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data: [...counts].map(([k, v]) => ({ name: t(`outcome.${k}` as Parameters<typeof t>[0]), value: v })),
        },
      ],
    };
  }, [records.data, t]);

  const spend30 = useMemo<ChartOption>(() => {
    const days = (spending.data?.days ?? []).filter((d) => d.date <= `${now.year}-${now.month}-${now.day}`).slice(-30);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `¥${Number(v).toFixed(2)}` },
      grid: { left: 50, right: 20, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value' },
      series: [{ type: 'line', smooth: true, areaStyle: {}, data: days.map((d) => liToYuan(d.spendLi)) }],
    };
  }, [spending.data, now.year, now.month, now.day]);

  const missed = totals.calls - totals.answered;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dashboard.title')}
      </Typography.Title>
      <Row gutter={[16, 16]} data-testid="dashboard-figures">
        <Col xs={12} lg={isAdmin ? 4 : 6}>
          <Card>
            <Statistic title={t('dashboard.calls')} value={totals.calls} loading={analysis.isPending} />
          </Card>
        </Col>
        <Col xs={12} lg={isAdmin ? 5 : 6}>
          <Card>
            <Statistic title={t('dashboard.answerRate')} value={totals.calls > 0 ? fmt.percent(totals.answered / totals.calls) : '—'} loading={analysis.isPending} />
          </Card>
        </Col>
        <Col xs={12} lg={isAdmin ? 5 : 6}>
          <Card>
            <Statistic title={t('dashboard.missed')} value={missed} valueStyle={missed > 0 ? { color: '#cf1322' } : undefined} loading={analysis.isPending} />
          </Card>
        </Col>
        <Col xs={12} lg={isAdmin ? 5 : 6}>
          <Card>
            <Statistic title={t('dashboard.talkTime')} value={fmt.duration(totals.talkSeconds)} loading={analysis.isPending} />
          </Card>
        </Col>
        {isAdmin ? (
          <Col xs={24} lg={5}>
            <Card>
              <Statistic title={t('dashboard.balance')} value={account.data ? fmt.money(account.data.balanceLi) : '—'} loading={account.isPending} />
            </Card>
          </Col>
        ) : null}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('dashboard.byHour')}>
            <EChart option={hourly} label={t('dashboard.byHour')} testId="chart-hourly" />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('dashboard.byOutcome')}>
            <EChart option={outcomes} label={t('dashboard.byOutcome')} testId="chart-outcomes" />
          </Card>
        </Col>
      </Row>
      <Card title={t('dashboard.spend30')}>
        <EChart option={spend30} label={t('dashboard.spend30')} testId="chart-spend30" height={220} />
      </Card>
    </Space>
  );
}
