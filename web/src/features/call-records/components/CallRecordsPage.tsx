import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useFormat, wallClock, zonedInstant } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { OUTCOMES } from '../api/call-records-api.ts';
import type { CallRecord, Outcome } from '../api/call-records-api.ts';
import { useCallRecords, useOwnNumbers } from '../hooks/useCallRecords.ts';
import { useExportJob } from '../hooks/useExport.ts';
import { ExportProgress } from './ExportProgress.tsx';
import { apiQuery, filtersFromSearch, filtersToSearch } from './call-record-filters.ts';
import type { Filters } from './call-record-filters.ts';
import { RecordingPlayer } from './RecordingPlayer.tsx';

const OUTCOME_COLOR: Partial<Record<Outcome, string>> = { answered: 'green', busy: 'orange', no_answer: 'red', cancelled: 'default', failed: 'red', blocked: 'purple', no_balance: 'magenta' };

interface FormValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  number?: string;
  caller?: string;
  region?: string;
  outcomes?: Outcome[];
}

/** P2: the enterprise's call records — filters, keyset pages, inline recording player, Excel export. */
export function CallRecordsPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const query = useMemo(() => apiQuery(filters), [filters]);
  const records = useCallRecords(query);
  const numbers = useOwnNumbers();
  const exporter = useExportJob();
  const [open, setOpen] = useState<string[]>([]);
  const [form] = Form.useForm<FormValues>();

  // The picker shows (and takes) the tenant's wall clock, whatever the browser's zone.
  const toPicker = (iso: string | undefined) => {
    if (!iso) return null;
    const w = wallClock(new Date(iso), fmt.timeZone);
    return dayjs(`${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}`);
  };
  const fromPicker = (d: Dayjs | null | undefined) => (d ? zonedInstant(d.year(), d.month() + 1, d.date(), d.hour(), d.minute(), fmt.timeZone).toISOString() : undefined);

  const initial: FormValues = {
    range: filters.from || filters.to ? [toPicker(filters.from), toPicker(filters.to)] : null,
    ...(filters.number ? { number: filters.number } : {}),
    ...(filters.caller ? { caller: filters.caller } : {}),
    ...(filters.region ? { region: filters.region } : {}),
    outcomes: filters.outcomes,
  };

  function apply(v: FormValues) {
    const next: Filters = { outcomes: v.outcomes ?? [] };
    const from = fromPicker(v.range?.[0]);
    const to = fromPicker(v.range?.[1]);
    if (from) next.from = from;
    if (to) next.to = to;
    if (v.number) next.number = v.number;
    if (v.caller?.trim()) next.caller = v.caller.trim();
    if (v.region?.trim()) next.region = v.region.trim();
    setParams(filtersToSearch(next));
  }

  const rows = records.data?.pages.flatMap((p) => p.items) ?? [];
  const exportRunning = exporter.start.isPending || exporter.job?.status === 'running';

  const columns: TableColumnsType<CallRecord> = [
    { title: t('cdr.time'), dataIndex: 'startedAt', render: (v: string) => fmt.dateTime(v), width: 170 },
    { title: t('cdr.number400'), dataIndex: 'number400' },
    { title: t('cdr.caller'), dataIndex: 'callerNumber' },
    { title: t('cdr.region'), key: 'region', render: (_, r) => [r.callerProvince, r.callerCity].filter(Boolean).join(' ') || '—' },
    {
      title: t('cdr.outcome'),
      dataIndex: 'outcome',
      render: (o: string | null) => (o ? <Tag color={OUTCOME_COLOR[o as Outcome] ?? 'default'}>{(OUTCOMES as readonly string[]).includes(o) ? t(`outcome.${o as Outcome}`) : o}</Tag> : <Tag color="processing">{t('outcome.up')}</Tag>),
    },
    { title: t('cdr.answeredBy'), dataIndex: 'answeringNumber', render: (v: string | null) => v ?? '—' },
    { title: t('cdr.talk'), dataIndex: 'talkSeconds', render: (s: number) => fmt.duration(s), align: 'right' },
    { title: t('cdr.cost'), dataIndex: 'costLi', render: (li: number) => fmt.money(li), align: 'right' },
    {
      title: t('cdr.recording'),
      key: 'recording',
      render: (_, r) =>
        r.recordingUrl ? (
          <Button size="small" aria-expanded={open.includes(r.id)} onClick={() => setOpen((o) => (o.includes(r.id) ? o.filter((x) => x !== r.id) : [...o, r.id]))}>
            {t('cdr.play')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('cdr.noRecording')}</Typography.Text>
        ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('cdr.title')}
      </Typography.Title>
      <Form<FormValues> form={form} layout="inline" name="cdr-filters" initialValues={initial} onFinish={apply} style={{ rowGap: 12 }}>
        <Form.Item label={t('cdr.time')} name="range">
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} placeholder={[t('cdr.from'), t('cdr.to')]} />
        </Form.Item>
        <Form.Item label={t('cdr.number400')} name="number">
          <Select allowClear style={{ width: 170 }} options={(numbers.data ?? []).map((n) => ({ value: n.number, label: n.display }))} />
        </Form.Item>
        <Form.Item label={t('cdr.caller')} name="caller">
          <Input allowClear style={{ width: 160 }} inputMode="tel" />
        </Form.Item>
        <Form.Item label={t('cdr.region')} name="region" tooltip={t('cdr.regionNote')}>
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t('cdr.outcome')} name="outcomes">
          <Select mode="multiple" allowClear style={{ minWidth: 180 }} options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue({ range: undefined, number: undefined, caller: undefined, region: undefined, outcomes: [] });
                setParams(new URLSearchParams());
              }}
            >
              {t('common.reset')}
            </Button>
            <Button loading={exportRunning} onClick={() => exporter.start.mutate(query)}>
              {exportRunning ? t('cdr.exporting') : t('cdr.export')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {exporter.error ? <Alert type="error" showIcon message={t('app.error', { message: exporter.error.message })} /> : null}
      {exporter.job ? <ExportProgress job={exporter.job} /> : null}
      {records.isError ? <Alert type="error" showIcon message={t('app.error', { message: records.error.message })} action={<Button onClick={() => void records.refetch()}>{t('app.retry')}</Button>} /> : null}
      <Table<CallRecord>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={records.isPending}
        pagination={false}
        locale={{ emptyText: t('cdr.empty') }}
        expandable={{
          expandedRowKeys: open,
          showExpandColumn: false,
          expandedRowRender: (r) => <RecordingPlayer record={r} />,
          rowExpandable: (r) => r.recordingUrl !== null,
        }}
        scroll={{ x: 1000 }}
      />
      <Space>
        <Typography.Text type="secondary" data-testid="cdr-count">
          {t('cdr.count', { n: rows.length })}
        </Typography.Text>
        {records.hasNextPage ? (
          <Button onClick={() => void records.fetchNextPage()} loading={records.isFetchingNextPage}>
            {t('common.more')}
          </Button>
        ) : records.data && rows.length > 0 ? (
          <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        ) : null}
      </Space>
    </Space>
  );
}
