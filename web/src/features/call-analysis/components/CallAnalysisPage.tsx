import { Alert, Card, DatePicker, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { EChart } from '@/shared/charts/index.ts';
import type { ChartOption } from '@/shared/charts/index.ts';
import { useFormat, wallClock, zonedInstant } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { NumberStats, PhoneStats } from '../api/call-analysis-api.ts';
import { useCallAnalysis } from '../hooks/useCallAnalysis.ts';

const DAY_MS = 86_400_000;

/** P6: calls, answered, busy, no answer and talk time per 400 number and per bound phone, with charts. */
export function CallAnalysisPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  // Today as the tenant's calendar has it (the browser's own zone may be on another date).
  const now = wallClock(new Date(), fmt.timeZone);
  const today = dayjs(`${now.year}-${now.month}-${now.day}`);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.subtract(29, 'day'), today]);
  // The picked days are the tenant's days: from its midnight to the midnight after the last.
  const zoned = (d: Dayjs, plusDays = 0) => new Date(zonedInstant(d.year(), d.month() + 1, d.date(), 0, 0, fmt.timeZone).getTime() + plusDays * DAY_MS).toISOString();
  const from = zoned(range[0]);
  const to = zoned(range[1], 1);
  const analysis = useCallAnalysis(from, to);
  const numbers = useMemo(() => analysis.data?.numbers ?? [], [analysis.data]);
  const phones = useMemo(() => analysis.data?.phones ?? [], [analysis.data]);

  const byNumber = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('analysis.answered'), t('analysis.busy'), t('analysis.noAnswer')] },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: numbers.map((n) => n.number400) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('analysis.answered'), type: 'bar', stack: 'calls', data: numbers.map((n) => n.answered), itemStyle: { color: '#52c41a' } },
        { name: t('analysis.busy'), type: 'bar', stack: 'calls', data: numbers.map((n) => n.busy), itemStyle: { color: '#faad14' } },
        { name: t('analysis.noAnswer'), type: 'bar', stack: 'calls', data: numbers.map((n) => n.noAnswer), itemStyle: { color: '#ff4d4f' } },
      ],
    }),
    [numbers, t],
  );
  const talkByPhone = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['40%', '70%'], data: phones.map((p) => ({ name: p.phone, value: p.talkSeconds })) }],
    }),
    [phones],
  );

  const statColumns = [
    { title: t('analysis.calls'), dataIndex: 'calls', align: 'right' as const },
    { title: t('analysis.answered'), dataIndex: 'answered', align: 'right' as const },
    { title: t('analysis.busy'), dataIndex: 'busy', align: 'right' as const },
    { title: t('analysis.noAnswer'), dataIndex: 'noAnswer', align: 'right' as const },
    { title: t('analysis.talk'), dataIndex: 'talkSeconds', align: 'right' as const, render: (s: number) => fmt.duration(s) },
    { title: t('analysis.averageTalk'), dataIndex: 'averageTalkSeconds', align: 'right' as const, render: (s: number) => fmt.duration(s) },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('analysis.title')}
        </Typography.Title>
        <DatePicker.RangePicker aria-label={t('analysis.period')} value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
      </Space>
      {analysis.error ? <Alert type="error" showIcon message={analysis.error.message} /> : null}
      <Card title={t('analysis.byNumber')}>
        <EChart option={byNumber} label={t('analysis.byNumber')} testId="chart-by-number" height={280} />
        <Table<NumberStats> rowKey="number400" size="small" pagination={false} loading={analysis.isPending} dataSource={numbers} data-testid="analysis-numbers" columns={[{ title: t('numbers.number'), dataIndex: 'number400' }, ...statColumns]} />
      </Card>
      <Card title={t('analysis.byPhone')}>
        <EChart option={talkByPhone} label={t('analysis.talkByPhone')} testId="chart-by-phone" height={260} />
        <Table<PhoneStats> rowKey="phone" size="small" pagination={false} loading={analysis.isPending} dataSource={phones} data-testid="analysis-phones" columns={[{ title: t('analysis.phone'), dataIndex: 'phone' }, ...statColumns]} />
      </Card>
    </Space>
  );
}
