import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTenants } from '@/features/tenants/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { LoadMore } from '@/shared/ui/index.ts';
import { POOL_STATUSES } from '../api/pool-api.ts';
import type { PoolNumber, PoolQuery } from '../api/pool-api.ts';
import { usePoolActions, usePoolSearch } from '../hooks/usePool.ts';

type Status = (typeof POOL_STATUSES)[number];
const STATUS_COLOR: Record<Status, string> = { available: 'green', reserved: 'gold', pending_activation: 'orange', active: 'blue', suspended: 'red', released: 'default' };

/** The operator's number pool: search by pattern and status (N5), assign to an enterprise and activate (N2). */
export function NumberPoolPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState<PoolQuery>({ status: 'available' });
  const pool = usePoolSearch(query);
  const tenants = useTenants();
  const actions = usePoolActions();
  const [assigning, setAssigning] = useState<PoolNumber | null>(null);
  const [toast, holder] = message.useMessage();
  const [assignForm] = Form.useForm<{ tenantId: string; reason: string }>();
  const tenantName = (id: string | null) => (id ? (tenants.data?.find((x) => x.id === id)?.name ?? id) : '—');
  const rows = pool.data?.pages.flatMap((p) => p.items) ?? [];
  const failure = actions.assign.error ?? actions.activate.error ?? actions.issueLogin.error;
  const [issued, setIssued] = useState<{ number: string; password: string } | null>(null);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {holder}
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pool.title')}
      </Typography.Title>
      <Form
        layout="inline"
        name="pool-search"
        initialValues={{ status: 'available' }}
        onFinish={(v: { pattern?: string; status: Status | 'any' }) => setQuery({ ...(v.pattern?.trim() ? { pattern: v.pattern.trim() } : {}), status: v.status })}
      >
        <Form.Item label={t('pool.pattern')} name="pattern" tooltip={t('pool.patternHint')}>
          <Input allowClear placeholder={t('pool.patternHint')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('common.status')} name="status">
          <Select style={{ width: 150 }} options={[{ value: 'any', label: t('pool.statusAny') }, ...POOL_STATUSES.map((s) => ({ value: s, label: t(`numberStatus.${s}`) }))]} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('pool.search')}
        </Button>
      </Form>
      {failure ? <Alert type="error" showIcon role="alert" message={t('app.error', { message: failure.message })} /> : null}
      <Table<PoolNumber>
        rowKey="number"
        size="middle"
        loading={pool.isPending}
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('numbers.number'), dataIndex: 'display' },
          { title: t('numbers.class'), dataIndex: 'classCode' },
          { title: t('pool.carrier'), dataIndex: 'carrier', render: (c: PoolNumber['carrier']) => t(`carrier.${c}`) },
          { title: t('common.status'), dataIndex: 'status', render: (s: Status) => <Tag color={STATUS_COLOR[s]}>{t(`numberStatus.${s}`)}</Tag> },
          { title: t('pool.tenant'), dataIndex: 'tenantId', render: (id: string | null) => tenantName(id) },
          { title: t('pool.due'), dataIndex: 'activationDueOn', render: (d: string | null) => d ?? '' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, n) =>
              n.status === 'available' || n.status === 'reserved' ? (
                <Button size="small" onClick={() => setAssigning(n)}>
                  {t('pool.assign')}
                </Button>
              ) : n.status === 'pending_activation' ? (
                <Button
                  size="small"
                  type="primary"
                  loading={actions.activate.isPending}
                  onClick={() =>
                    actions.activate.mutate(
                      { number: n.number, reason: 'documents on file' },
                      { onSuccess: () => void toast.success(t('pool.activated', { number: n.display })) },
                    )
                  }
                >
                  {t('pool.activate')}
                </Button>
              ) : n.status === 'active' ? (
                <Button
                  size="small"
                  loading={actions.issueLogin.isPending}
                  onClick={() => actions.issueLogin.mutate(n.number, { onSuccess: (r) => setIssued({ number: n.display, password: r.password }) })}
                >
                  {t('pool.issueLogin')}
                </Button>
              ) : null,
          },
        ]}
      />
      <LoadMore hasMore={pool.hasNextPage} loading={pool.isFetchingNextPage} onMore={() => void pool.fetchNextPage()} />
      <Modal open={issued !== null} title={t('pool.issuedTitle', { number: issued?.number ?? '' })} footer={null} onCancel={() => setIssued(null)}>
        <Typography.Paragraph>{t('pool.issuedHint')}</Typography.Paragraph>
        <Typography.Text code copyable data-testid="issued-password" style={{ fontSize: 20 }}>
          {issued?.password}
        </Typography.Text>
      </Modal>
      <Modal
        open={assigning !== null}
        title={assigning ? t('pool.assignTo', { number: assigning.display }) : ''}
        okText={t('pool.assign')}
        cancelText={t('common.cancel')}
        confirmLoading={actions.assign.isPending}
        onOk={() => assignForm.submit()}
        onCancel={() => setAssigning(null)}
        destroyOnClose
      >
        <Form
          form={assignForm}
          layout="vertical"
          name="pool-assign"
          onFinish={(v) => {
            if (!assigning) return;
            const display = assigning.display;
            actions.assign.mutate(
              { number: assigning.number, tenantId: v.tenantId, reason: v.reason },
              {
                onSuccess: () => {
                  setAssigning(null);
                  void toast.success(t('pool.assigned', { number: display }));
                },
              },
            );
          }}
        >
          <Form.Item label={t('pool.tenant')} name="tenantId" rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={(tenants.data ?? []).filter((x) => x.status === 'active').map((x) => ({ value: x.id, label: `${x.name} (${x.code})` }))} />
          </Form.Item>
          <Form.Item label={t('pool.reason')} name="reason" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
