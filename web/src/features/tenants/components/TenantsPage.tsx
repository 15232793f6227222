import { Alert, Button, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { Tenant } from '../api/tenants-api.ts';
import { useTenants } from '../hooks/useTenants.ts';
import { NewTenantForm } from './NewTenantForm.tsx';
import { TenantDocuments } from './TenantDocuments.tsx';
import { TenantOutbound } from './TenantOutbound.tsx';

const STATUS_COLOR: Record<Tenant['status'], string> = { pending: 'orange', active: 'green', suspended: 'red', closed: 'default' };

/** The operator's enterprises, and their onboarding: add → documents → verify → activate (N4); each one's outbound controls. */
export function TenantsPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const tenants = useTenants();
  const [adding, setAdding] = useState(false);
  const [toast, holder] = message.useMessage();

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {holder}
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('tenants.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('tenants.add')}
        </Button>
      </Space>
      {tenants.isError ? <Alert type="error" showIcon message={t('app.error', { message: tenants.error.message })} /> : null}
      <Table<Tenant>
        rowKey="id"
        loading={tenants.isPending}
        dataSource={tenants.data ?? []}
        pagination={{ pageSize: 20 }}
        expandable={{ expandedRowRender: (tenant) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <TenantDocuments tenant={tenant} />
              <TenantOutbound tenant={tenant} />
            </Space>
          ), expandRowByClick: false }}
        columns={[
          { title: t('tenants.code'), dataIndex: 'code' },
          { title: t('tenants.name'), dataIndex: 'name' },
          { title: t('tenants.contactName'), key: 'contact', render: (_, r) => `${r.contact.name} ${r.contact.phone}` },
          { title: t('tenants.seats'), dataIndex: 'seats', align: 'right' },
          { title: t('common.status'), dataIndex: 'status', render: (s: Tenant['status']) => <Tag color={STATUS_COLOR[s]}>{t(`tenantStatus.${s}`)}</Tag> },
          { title: t('tenants.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmt.date(v) },
        ]}
      />
      <NewTenantForm
        open={adding}
        onClose={(created) => {
          setAdding(false);
          if (created) void toast.success(t('tenants.created', { name: created }));
        }}
      />
    </Space>
  );
}
