import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { DocumentsTable, REQUIRED_KINDS, useUploadErrorText } from '@/features/tenant-documents/index.ts';
import type { DocumentKind, TenantDocument } from '@/features/tenant-documents/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { Tenant } from '../api/tenants-api.ts';
import { useOnboarding, useTenantDocuments } from '../hooks/useTenants.ts';

/**
 * N4: the enterprise's qualification documents as the operator reviews them — view each file,
 * approve it or reject it with a reason the enterprise sees, upload on its behalf; with the
 * licence and the handler's ID approved the enterprise can be opened (the server checks it too).
 */
export function TenantDocuments({ tenant }: { tenant: Tenant }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const docs = useTenantDocuments(tenant.id);
  const steps = useOnboarding();
  const errorText = useUploadErrorText();
  const [rejecting, setRejecting] = useState<TenantDocument | null>(null);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const allApproved = REQUIRED_KINDS.every((k) => docs.data?.find((d) => d.kind === k)?.review === 'approved');
  const kindName = (k: DocumentKind) => t(`docKind.${k}`);

  const approve = (doc: TenantDocument) =>
    steps.review.mutate(
      { id: tenant.id, kind: doc.kind, decision: 'approve', fileId: doc.file?.id },
      { onSuccess: () => void message.success(t('documents.approved', { kind: kindName(doc.kind) })), onError: (e) => void message.error(e.message) },
    );

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`documents-${tenant.code}`}>
      <DocumentsTable
        idPrefix={`doc-${tenant.code}`}
        documents={docs.data ?? []}
        loading={docs.isPending}
        uploading={steps.upload.isPending}
        upload={(kind, file, number) => steps.upload.mutateAsync({ id: tenant.id, kind, file, number }).catch((e: Error) => void message.error(errorText(e)))}
        actions={(doc) =>
          doc.review === 'approved' ? null : (
            <Space>
              <Button size="small" type="primary" onClick={() => approve(doc)}>
                {t('documents.approve')}
              </Button>
              {doc.review === 'pending' ? (
                <Button size="small" danger onClick={() => setRejecting(doc)}>
                  {t('documents.reject')}
                </Button>
              ) : null}
            </Space>
          )
        }
      />
      {tenant.status === 'pending' ? (
        <Button type="primary" disabled={!allApproved} onClick={() => steps.setStatus.mutate({ id: tenant.id, status: 'active', reason: 'onboarded: documents verified' })}>
          {t('tenants.activate')}
        </Button>
      ) : null}
      <Modal
        open={rejecting !== null}
        title={rejecting ? t('documents.rejectTitle', { kind: kindName(rejecting.kind) }) : ''}
        okText={t('documents.reject')}
        okButtonProps={{ danger: true, loading: steps.review.isPending }}
        onCancel={() => setRejecting(null)}
        afterClose={() => reasonForm.resetFields()}
        onOk={() => reasonForm.submit()}
        destroyOnClose
      >
        <Form
          form={reasonForm}
          layout="vertical"
          name={`reject-${tenant.code}`}
          onFinish={(v) => {
            if (!rejecting) return;
            const kind = rejecting.kind;
            steps.review.mutate(
              { id: tenant.id, kind, decision: 'reject', reason: v.reason.trim(), fileId: rejecting.file?.id },
              {
                onSuccess: () => {
                  setRejecting(null);
                  void message.success(t('documents.rejected', { kind: kindName(kind) }));
                },
                onError: (e) => void message.error(e.message),
              },
            );
          }}
        >
          <Form.Item label={t('documents.rejectReason')} name="reason" rules={[{ required: true, whitespace: true, message: t('documents.rejectReasonRule') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
