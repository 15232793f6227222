import { Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSession } from '@/features/auth/index.ts';
import { EChart } from '@/shared/charts/index.ts';
import type { ChartOption } from '@/shared/charts/index.ts';
import { liToYuan, useFormat, wallClock } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { useAccount, useSpendingReport, useStatement } from '../hooks/useSpending.ts';
import { LedgerTable } from './LedgerTable.tsx';

/** P3: the year's daily spending as a chart, the months, a month's statement, the balance. */
export function SpendingPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const session = useSession();
  const isAdmin = session.data?.role === 'tenant_admin';
  const thisYear = Number(wallClock(new Date(), fmt.timeZone).year);
  const [year, setYear] = useState(thisYear);
  const report = useSpendingReport(year);
  const account = useAccount(isAdmin);
  const [month, setMonth] = useState<string | null>(null);
  const statement = useStatement(isAdmin ? month : null);

  const chart = useMemo<ChartOption>(() => {
    const days = report.data?.days ?? [];
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `¥${Number(v).toFixed(2)}` },
      legend: { data: [t('spending.spend'), t('spending.topUp')] },
      grid: { left: 60, right: 20, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: days.map((d) => d.date) },
      // Top-ups on their own axis: one payment is often a year of spending, and on a shared scale it
      // flattened the daily bars (or, as a one-day line among 365 points, was easy to miss).
      yAxis: [
        { type: 'value', name: `${t('spending.spend')} ¥` },
        { type: 'value', name: `${t('spending.topUp')} ¥`, splitLine: { show: false } },
      ],
      dataZoom: [{ type: 'slider', start: 0, end: 100 }],
      series: [
        { name: t('spending.spend'), type: 'bar', data: days.map((d) => liToYuan(d.spendLi)), itemStyle: { color: '#1677ff' } },
        { name: t('spending.topUp'), type: 'bar', yAxisIndex: 1, barMinWidth: 3, data: days.map((d) => (d.topUpLi === 0 ? null : liToYuan(d.topUpLi))), itemStyle: { color: '#52c41a' } },
      ],
    };
  }, [report.data, t]);

  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('spending.title')}
        </Typography.Title>
        <label>
          {t('spending.year')}{' '}
          <Select aria-label={t('spending.year')} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} style={{ width: 100 }} />
        </label>
      </Space>
      <Row gutter={16}>
        {isAdmin ? (
          <Col xs={24} md={8}>
            <Card>
              <Statistic title={t('spending.balance')} value={account.data ? fmt.money(account.data.balanceLi) : '—'} loading={account.isPending} />
              {account.data?.ratePlan ? <Typography.Text type="secondary">{`${t('spending.ratePlan')}: ${account.data.ratePlan.name}`}</Typography.Text> : null}
            </Card>
          </Col>
        ) : null}
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('spending.yearSpend')} value={report.data ? fmt.money(report.data.spendLi) : '—'} loading={report.isPending} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('spending.yearTopUp')} value={report.data ? fmt.money(report.data.topUpLi) : '—'} loading={report.isPending} />
          </Card>
        </Col>
      </Row>
      <Card title={t('spending.daily')}>
        <EChart option={chart} label={t('spending.daily')} testId="spending-chart" height={320} />
      </Card>
      <Card title={t('spending.monthly')}>
        <Table
          rowKey="month"
          size="small"
          pagination={false}
          loading={report.isPending}
          dataSource={report.data?.months ?? []}
          columns={[
            {
              title: t('spending.month'),
              dataIndex: 'month',
              render: (m: string) =>
                isAdmin ? (
                  <Typography.Link onClick={() => setMonth(m)} aria-pressed={month === m}>
                    {m}
                  </Typography.Link>
                ) : (
                  m
                ),
            },
            { title: t('spending.spend'), dataIndex: 'spendLi', align: 'right', render: (li: number) => fmt.money(li) },
            { title: t('spending.topUp'), dataIndex: 'topUpLi', align: 'right', render: (li: number) => fmt.money(li) },
          ]}
        />
      </Card>
      {month && statement.data ? (
        <Card title={t('spending.statement', { month })} data-testid="statement">
          <Space size="large" wrap style={{ marginBottom: 12 }}>
            <Statistic title={t('spending.opening')} value={fmt.money(statement.data.openingBalanceLi)} />
            <Statistic title={t('spending.closing')} value={fmt.money(statement.data.closingBalanceLi)} />
          </Space>
          <LedgerTable entries={statement.data.entries} />
        </Card>
      ) : null}
    </Space>
  );
}
