import { Card, Col, Row, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '@/shared/i18n/index.ts';
import type { MessageKey } from '@/shared/i18n/index.ts';
import type { Figures, PlatformFigures } from '../api/service-figures-api.ts';

type Promises = PlatformFigures['promises'];

export const ratio = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(2)}%`);
export const seconds = (s: number | null): string => (s === null ? '—' : `${s.toFixed(1)} s`);

/** Whether a figure keeps its promise: true, false, or undefined when there is no promise or no figure. */
function kept(key: keyof Promises, f: Figures, p: Promises | undefined): boolean | undefined {
  if (!p) return undefined;
  if (key === 'answerRate') return f.answerRate === null ? undefined : f.answerRate > p.answerRate;
  if (key === 'dropRate') return f.dropRate === null ? undefined : f.dropRate < p.dropRate;
  if (key === 'longCallDropRate') return f.longCallDropRate === null ? undefined : f.longCallDropRate < p.longCallDropRate;
  return f.averageConnectSeconds === null ? undefined : f.averageConnectSeconds < p.connectSeconds;
}

const CARDS: Array<{ key: keyof Figures; label: MessageKey; promise?: keyof Promises; show: (f: Figures) => string }> = [
  { key: 'answerRate', label: 'figures.answerRate', promise: 'answerRate', show: (f) => ratio(f.answerRate) },
  { key: 'abandonmentRate', label: 'figures.abandonmentRate', show: (f) => ratio(f.abandonmentRate) },
  { key: 'serviceLevel', label: 'figures.serviceLevel', show: (f) => ratio(f.serviceLevel) },
  { key: 'averageSpeedOfAnswerSeconds', label: 'figures.asa', show: (f) => seconds(f.averageSpeedOfAnswerSeconds) },
  { key: 'dropRate', label: 'figures.dropRate', promise: 'dropRate', show: (f) => ratio(f.dropRate) },
  { key: 'longCallDropRate', label: 'figures.longCallDropRate', promise: 'longCallDropRate', show: (f) => ratio(f.longCallDropRate) },
  { key: 'averageConnectSeconds', label: 'figures.connect', promise: 'connectSeconds', show: (f) => seconds(f.averageConnectSeconds) },
];

/** The headline figures as cards; with `promises`, each promised figure says whether it is kept. */
export function FigureCards({ figures, promises }: { figures: Figures; promises?: Promises }) {
  const { t } = useI18n();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} md={6} lg={3}>
        <Card size="small">
          <Statistic title={t('figures.offered')} value={figures.offered} />
        </Card>
      </Col>
      {CARDS.map((c) => {
        const ok = c.promise ? kept(c.promise, figures, promises) : undefined;
        return (
          <Col xs={12} md={6} lg={3} key={c.key}>
            <Card size="small" data-testid={`figure-${c.key}`}>
              <Statistic title={t(c.label)} value={c.show(figures)} valueStyle={ok === false ? { color: '#cf1322' } : undefined} />
              {promises && c.promise ? <Tag color={ok === undefined ? 'default' : ok ? 'green' : 'red'} style={{ whiteSpace: 'normal' }}>{t(ok === false ? 'figures.promiseMissed' : 'figures.promise', { value: promiseText(c.promise, promises) })}</Tag> : null}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

function promiseText(key: keyof Promises, p: Promises): string {
  if (key === 'answerRate') return `> ${p.answerRate * 100}%`;
  if (key === 'connectSeconds') return `< ${p.connectSeconds} s`;
  return `< ${(p[key] * 100).toFixed(1)}%`;
}

/** A table of figures per row key (day, queue, tenant). */
export function FiguresTable<R extends Figures>({ rows, rowKey, first, testId }: { rows: R[]; rowKey: keyof R & string; first: ColumnsType<R>[number]; testId: string }) {
  const { t } = useI18n();
  const columns: ColumnsType<R> = [
    first,
    { title: t('figures.offered'), dataIndex: 'offered', align: 'right' },
    { title: t('figures.answered'), dataIndex: 'answered', align: 'right' },
    { title: t('figures.answerRate'), key: 'ar', align: 'right', render: (_, r) => ratio(r.answerRate) },
    { title: t('figures.abandonmentRate'), key: 'ab', align: 'right', render: (_, r) => ratio(r.abandonmentRate) },
    { title: t('figures.serviceLevel'), key: 'sl', align: 'right', render: (_, r) => ratio(r.serviceLevel) },
    { title: t('figures.asa'), key: 'asa', align: 'right', render: (_, r) => seconds(r.averageSpeedOfAnswerSeconds) },
    { title: t('figures.dropRate'), key: 'dr', align: 'right', render: (_, r) => ratio(r.dropRate) },
    { title: t('figures.longCallDropRate'), key: 'ldr', align: 'right', render: (_, r) => ratio(r.longCallDropRate) },
    { title: t('figures.connect'), key: 'ct', align: 'right', render: (_, r) => seconds(r.averageConnectSeconds) },
  ];
  return <Table<R> data-testid={testId} rowKey={rowKey} size="small" pagination={false} dataSource={rows} columns={columns} scroll={{ x: true }} />;
}
