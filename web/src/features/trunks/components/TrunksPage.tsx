import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import { PageHeader, RowActions, useEditDialog } from '@/shared/ui/index.ts';
import type { Trunk, TrunkBody } from '../api/trunks-api.ts';
import { useTrunkActions, useTrunks } from '../hooks/useTrunks.ts';

interface TrunkForm {
  name: string;
  addresses: string[];
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  maxConcurrentCalls?: number | null;
  registrationUser?: string;
  registrationPassword?: string;
  enabled: boolean;
}

function formOf(t: Trunk | null): TrunkForm {
  if (!t) return { name: '', addresses: [], host: '', port: 5060, transport: 'udp', enabled: true };
  return {
    name: t.name,
    addresses: t.addresses,
    host: t.proxy.host,
    port: t.proxy.port,
    transport: t.proxy.transport,
    maxConcurrentCalls: t.maxConcurrentCalls,
    ...(t.registration ? { registrationUser: t.registration.username } : {}),
    enabled: t.enabled,
  };
}

function bodyOf(v: TrunkForm): TrunkBody {
  return {
    name: v.name,
    addresses: v.addresses,
    proxy: { host: v.host, port: v.port, transport: v.transport },
    maxConcurrentCalls: v.maxConcurrentCalls ?? null,
    registration: v.registrationUser ? { username: v.registrationUser, ...(v.registrationPassword ? { password: v.registrationPassword } : {}) } : null,
    enabled: v.enabled,
  };
}

/** The carriers' SIP trunks: where calls come from (addresses) and go to (the proxy), caps, registration. */
export function TrunksPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const trunks = useTrunks();
  const actions = useTrunkActions();
  const dialog = useEditDialog<Trunk, TrunkForm>(formOf);
  const { current, form } = dialog;
  const error = trunks.error ?? actions.save.error ?? actions.remove.error;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('trunks.title')}
        actions={
          <Button type="primary" onClick={dialog.add}>
            {t('trunks.add')}
          </Button>
        }
      />
      {error ? <Alert type="error" showIcon role="alert" message={error.message} /> : null}
      <Table<Trunk>
        rowKey="id"
        loading={trunks.isPending}
        dataSource={trunks.data ?? []}
        pagination={false}
        columns={[
          { title: t('trunks.name'), dataIndex: 'name' },
          { title: t('trunks.addresses'), dataIndex: 'addresses', render: (a: string[]) => a.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('trunks.proxy'), key: 'proxy', render: (_, tr) => `${tr.proxy.transport.toUpperCase()} ${tr.proxy.host}:${tr.proxy.port}` },
          { title: t('trunks.maxCalls'), dataIndex: 'maxConcurrentCalls', render: (c: number | null) => c ?? t('trunks.noCap') },
          { title: t('trunks.registration'), dataIndex: 'registration', render: (r: Trunk['registration']) => r?.username ?? '—' },
          { title: t('trunks.enabled'), dataIndex: 'enabled', render: (on: boolean) => (on ? <Tag color="green">{t('trunks.on')}</Tag> : <Tag>{t('trunks.off')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, tr) => <RowActions name={tr.name} onEdit={() => dialog.edit(tr)} confirmRemove={t('trunks.confirmDelete', { name: tr.name })} onRemove={() => actions.remove.mutate(tr.id)} />,
          },
        ]}
      />
      <Modal
        title={current ? t('trunks.edit', { name: current.name }) : t('trunks.add')}
        open={dialog.open}
        onCancel={dialog.close}
        onOk={() => form.submit()}
        okText={t('common.save')}
        confirmLoading={actions.save.isPending}
        destroyOnClose
      >
        <Form<TrunkForm>
          form={form}
          layout="vertical"
          name="trunk"
          preserve={false}
          onFinish={(v) =>
            actions.save.mutate(
              { ...(current ? { id: current.id } : {}), body: bodyOf(v) },
              {
                onSuccess: (tr) => {
                  void message.success(t('trunks.saved', { name: tr.name }));
                  dialog.close();
                },
              },
            )
          }
        >
          <Form.Item name="name" label={t('trunks.name')} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, message: t('trunks.nameRule') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="addresses" label={t('trunks.addresses')} extra={t('trunks.addressesHint')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ']} aria-label={t('trunks.addresses')} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="host" label={t('trunks.host')} rules={[{ required: true }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="port" label={t('trunks.port')} rules={[{ required: true }]}>
              <InputNumber min={1} max={65535} />
            </Form.Item>
            <Form.Item name="transport" label={t('trunks.transport')}>
              <Select style={{ width: 100 }} options={[{ value: 'udp', label: 'UDP' }, { value: 'tcp', label: 'TCP' }]} />
            </Form.Item>
          </Space>
          <Form.Item name="maxConcurrentCalls" label={t('trunks.maxCalls')}>
            <InputNumber min={1} placeholder={t('trunks.noCap')} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="registrationUser" label={t('trunks.registrationUser')}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="registrationPassword" label={t('trunks.registrationPassword')} extra={current?.registration?.hasPassword ? t('trunks.keepPassword') : undefined}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Space>
          <Form.Item name="enabled" label={t('trunks.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
