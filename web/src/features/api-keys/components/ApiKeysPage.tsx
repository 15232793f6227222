import { Alert, Button, Checkbox, DatePicker, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { PageHeader } from '@/shared/ui/index.ts';
import type { ApiKey } from '../api/api-keys-api.ts';
import { useApiKeyActions, useApiKeys, useRights } from '../hooks/useApiKeys.ts';

interface KeyForm {
  name: string;
  rights: string[];
  expires?: Dayjs | null;
}

/** Rights grouped by resource: `call-records:read` → call-records. */
function byResource(rights: readonly string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const r of rights) {
    const [resource = r] = r.split(':');
    groups.set(resource, [...(groups.get(resource) ?? []), r]);
  }
  return [...groups.entries()];
}

/** The enterprise's integration keys: issue with rights (only those a route answers to), revoke. */
export function ApiKeysPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const keys = useApiKeys();
  const rights = useRights();
  const actions = useApiKeyActions();
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null);
  const [form] = Form.useForm<KeyForm>();
  const error = keys.error ?? actions.create.error ?? actions.revoke.error;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('apiKeys.title')}
        actions={
          <Button type="primary" onClick={() => setOpen(true)}>
            {t('apiKeys.create')}
          </Button>
        }
      />
      {error ? <Alert type="error" showIcon role="alert" message={error.message} /> : null}
      {issued ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setIssued(null)}
          message={t('apiKeys.issued', { name: issued.name })}
          description={
            <Space direction="vertical">
              <Typography.Text copyable code data-testid="issued-key">
                {issued.key}
              </Typography.Text>
              <Typography.Text type="warning">{t('apiKeys.shownOnce')}</Typography.Text>
            </Space>
          }
        />
      ) : null}
      <Table<ApiKey>
        rowKey="id"
        loading={keys.isPending}
        dataSource={keys.data ?? []}
        pagination={false}
        columns={[
          { title: t('apiKeys.name'), dataIndex: 'name' },
          { title: t('apiKeys.prefix'), dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
          { title: t('apiKeys.rights'), dataIndex: 'rights', render: (rs: string[]) => rs.map((r) => <Tag key={r}>{r}</Tag>) },
          { title: t('apiKeys.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('apiKeys.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? fmt.dateTime(v) : t('apiKeys.never')) },
          { title: t('apiKeys.expires'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? fmt.date(v) : t('apiKeys.noExpiry')) },
          {
            title: t('common.status'),
            key: 'status',
            render: (_, k) => (k.revoked ? <Tag color="red">{t('apiKeys.revoked')}</Tag> : <Tag color="green">{t('apiKeys.active')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, k) =>
              k.revoked ? null : (
                <Popconfirm title={t('apiKeys.confirmRevoke', { name: k.name })} onConfirm={() => actions.revoke.mutate(k.id)}>
                  <Button size="small" danger aria-label={`${t('apiKeys.revoke')} ${k.name}`}>
                    {t('apiKeys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal title={t('apiKeys.create')} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('apiKeys.issue')} confirmLoading={actions.create.isPending} destroyOnClose width={720}>
        <Form<KeyForm>
          form={form}
          layout="vertical"
          name="new-api-key"
          onFinish={(v) =>
            actions.create.mutate(
              { name: v.name, rights: v.rights, ...(v.expires ? { expiresAt: v.expires.endOf('day').toISOString() } : {}) },
              {
                onSuccess: (k) => {
                  setIssued({ name: k.name, key: k.key });
                  setOpen(false);
                  form.resetFields();
                },
              },
            )
          }
        >
          <Form.Item name="name" label={t('apiKeys.name')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="rights" label={t('apiKeys.rights')} rules={[{ required: true, type: 'array', min: 1, message: t('apiKeys.rightsRule') }]}>
            <Checkbox.Group style={{ width: '100%' }}>
              <Space direction="vertical">
                {byResource(rights.data ?? []).map(([resource, list]) => (
                  <Space key={resource} wrap>
                    <Typography.Text strong style={{ display: 'inline-block', width: 160 }}>
                      {resource}
                    </Typography.Text>
                    {list.map((r) => (
                      <Checkbox key={r} value={r}>
                        {r}
                      </Checkbox>
                    ))}
                  </Space>
                ))}
              </Space>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="expires" label={t('apiKeys.expires')}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
