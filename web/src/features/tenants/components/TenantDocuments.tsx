import { Button, Form, Input, Space, Table, Tag } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import { DOCUMENT_KINDS } from '../api/tenants-api.ts';
import type { DocumentKind, Tenant, TenantDocument } from '../api/tenants-api.ts';
import { useOnboarding, useTenantDocuments } from '../hooks/useTenants.ts';

/**
 * N4: the business licence and the handler's ID, each recorded (number + where the scan is kept),
 * verified by the operator; with both verified the enterprise can be activated. The API stores a
 * reference to the file, not the file: there is no upload route yet.
 */
export function TenantDocuments({ tenant }: { tenant: Tenant }) {
  const { t } = useI18n();
  const docs = useTenantDocuments(tenant.id);
  const steps = useOnboarding();
  const byKind = new Map((docs.data ?? []).map((d) => [d.kind, d]));
  const allVerified = DOCUMENT_KINDS.every((k) => byKind.get(k)?.verified);

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`documents-${tenant.code}`}>
      <Table<{ kind: DocumentKind; doc: TenantDocument | undefined }>
        rowKey="kind"
        size="small"
        pagination={false}
        dataSource={DOCUMENT_KINDS.map((kind) => ({ kind, doc: byKind.get(kind) }))}
        columns={[
          { title: t('tenants.docKind'), dataIndex: 'kind', render: (k: DocumentKind) => t(`docKind.${k}`) },
          {
            title: t('tenants.docNumber'),
            key: 'number',
            render: (_, { kind, doc }) =>
              doc ? (
                <span>
                  {doc.number} <Tag color={doc.verified ? 'green' : 'orange'}>{doc.verified ? t('tenants.verified') : t('tenants.unverified')}</Tag>
                </span>
              ) : (
                <Form layout="inline" name={`doc-${tenant.code}-${kind}`} onFinish={(v: { number: string; fileRef: string }) => steps.putDocument.mutate({ id: tenant.id, kind, number: v.number, fileRef: v.fileRef })}>
                  <Form.Item label={t('tenants.docNumber')} name="number" rules={[{ required: true }]}>
                    <Input size="small" />
                  </Form.Item>
                  <Form.Item label={t('tenants.docFile')} name="fileRef" rules={[{ required: true }]}>
                    <Input size="small" />
                  </Form.Item>
                  <Button size="small" htmlType="submit">
                    {t('common.save')}
                  </Button>
                </Form>
              ),
          },
          {
            title: t('common.actions'),
            key: 'verify',
            render: (_, { kind, doc }) =>
              doc && !doc.verified ? (
                <Button size="small" type="primary" onClick={() => steps.verify.mutate({ id: tenant.id, kind, verified: true })}>
                  {t('tenants.verify')}
                </Button>
              ) : null,
          },
        ]}
      />
      {tenant.status === 'pending' ? (
        <Button type="primary" disabled={!allVerified} onClick={() => steps.setStatus.mutate({ id: tenant.id, status: 'active', reason: 'onboarded: documents verified' })}>
          {t('tenants.activate')}
        </Button>
      ) : null}
    </Space>
  );
}
