import { Alert, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { usePlatformHealth } from '../api/health-api.ts';

/** The running platform, live: calls under way, registrations, calls per second, media workers. */
export function HealthPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const health = usePlatformHealth();
  const h = health.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('health.title')}
        </Typography.Title>
        {h ? <Tag color="green">{t('health.up')}</Tag> : null}
        {health.error ? <Tag color="red">{t('health.unreachable')}</Tag> : null}
      </Space>
      {health.error ? <Alert type="error" showIcon message={health.error.message} /> : null}
      <Row gutter={16} data-testid="health-figures">
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('health.activeCalls')} value={h?.activeCalls ?? '—'} loading={health.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('health.registrations')} value={h?.registrations ?? '—'} loading={health.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('health.cps')} value={h ? h.callsPerSecond.toFixed(1) : '—'} loading={health.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('health.mediaWorkers')} value={h ? (h.mediaWorkers.length === 0 ? t('health.embedded') : h.mediaWorkers.length) : '—'} loading={health.isPending} />
          </Card>
        </Col>
      </Row>
      {h ? (
        <Card title={t('health.details')}>
          <Space direction="vertical">
            <span>{t('health.sipPort', { port: h.sipPort })}</span>
            <span>{t('health.startedAt', { at: fmt.dateTime(h.startedAt) })}</span>
          </Space>
          {h.mediaWorkers.length > 0 ? (
            <Table
              size="small"
              rowKey="worker"
              pagination={false}
              style={{ marginTop: 12, maxWidth: 360 }}
              dataSource={h.mediaWorkers.map((endpoints, worker) => ({ worker, endpoints }))}
              columns={[
                { title: t('health.worker'), dataIndex: 'worker', render: (w: number) => `#${w + 1}` },
                { title: t('health.endpoints'), dataIndex: 'endpoints', align: 'right' },
              ]}
            />
          ) : null}
        </Card>
      ) : null}
    </Space>
  );
}
