import { Alert, App, Space, Typography } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import { REQUIRED_KINDS } from '../api/documents-api.ts';
import { useOwnDocuments, useUploadOwnDocument } from '../hooks/useOwnDocuments.ts';
import { useUploadErrorText } from '../hooks/useUploadErrorText.ts';
import { DocumentsTable } from './DocumentsTable.tsx';

/** N4: the tenant admin uploads the enterprise's qualification documents and follows their review. */
export function DocumentsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const docs = useOwnDocuments();
  const upload = useUploadOwnDocument();
  const errorText = useUploadErrorText();
  const allApproved = REQUIRED_KINDS.every((k) => docs.data?.find((d) => d.kind === k)?.review === 'approved');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('documents.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('documents.hint')}
      </Typography.Paragraph>
      {docs.isError ? <Alert type="error" showIcon message={t('app.error', { message: docs.error.message })} /> : null}
      {upload.isError ? <Alert type="error" showIcon role="alert" message={errorText(upload.error)} closable onClose={() => upload.reset()} /> : null}
      {allApproved ? <Alert type="success" showIcon message={t('documents.allApproved')} /> : null}
      <DocumentsTable
        idPrefix="own-doc"
        documents={docs.data ?? []}
        loading={docs.isPending}
        uploading={upload.isPending}
        upload={async (kind, file, number) => {
          await upload.mutateAsync({ kind, file, number });
          void message.success(t('documents.uploaded', { name: file.name }));
        }}
      />
    </Space>
  );
}
