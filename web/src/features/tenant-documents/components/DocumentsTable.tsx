import { Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { DOCUMENT_KINDS, REQUIRED_KINDS } from '../api/documents-api.ts';
import type { DocumentKind, TenantDocument } from '../api/documents-api.ts';
import { DocumentUploadForm } from './DocumentUploadForm.tsx';
import { ReviewTag } from './ReviewTag.tsx';

export interface DocumentsTableProps {
  idPrefix: string;
  documents: readonly TenantDocument[];
  loading: boolean;
  uploading: boolean;
  upload(kind: DocumentKind, file: File, number: string): Promise<unknown>;
  /** The operator's review buttons for a document on file. */
  actions?: (doc: TenantDocument) => ReactNode;
}

type Row = { kind: DocumentKind; doc: TenantDocument | undefined };

/** Every kind of qualification document: its number, file, review, and an upload (or replace) form. */
export function DocumentsTable({ idPrefix, documents, loading, uploading, upload, actions }: DocumentsTableProps) {
  const { t } = useI18n();
  const fmt = useFormat();
  const byKind = new Map(documents.map((d) => [d.kind, d]));
  return (
    <Table<Row>
      rowKey="kind"
      size="small"
      pagination={false}
      loading={loading}
      dataSource={DOCUMENT_KINDS.map((kind) => ({ kind, doc: byKind.get(kind) }))}
      columns={[
        {
          title: t('documents.kind'),
          key: 'kind',
          render: (_, { kind }) => (
            <Space>
              {t(`docKind.${kind}`)}
              {REQUIRED_KINDS.includes(kind) ? <Tag>{t('documents.required')}</Tag> : null}
            </Space>
          ),
        },
        { title: t('documents.number'), key: 'number', render: (_, { doc }) => doc?.number || '—' },
        {
          title: t('documents.file'),
          key: 'file',
          render: (_, { doc }) =>
            doc?.file ? (
              <Space direction="vertical" size={0}>
                <Typography.Link href={doc.file.url} target="_blank" rel="noreferrer" aria-label={`${t('documents.view')} ${doc.file.name}`}>
                  {t('documents.view')} {doc.file.name}
                </Typography.Link>
                <Typography.Text type="secondary">{fmt.dateTime(doc.file.uploadedAt)}</Typography.Text>
              </Space>
            ) : doc ? (
              t('documents.byReference', { ref: doc.fileRef })
            ) : (
              <Typography.Text type="secondary">{t('documents.noFile')}</Typography.Text>
            ),
        },
        { title: t('documents.review'), key: 'review', render: (_, { doc }) => (doc ? <ReviewTag doc={doc} /> : null) },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_, { kind, doc }) => (
            <Space direction="vertical">
              {doc && actions ? actions(doc) : null}
              {doc?.review === 'approved' ? null : (
                // Keyed by the number on file: the form mounts again, prefilled, once the list has loaded.
                <DocumentUploadForm key={doc?.number ?? ''} idPrefix={idPrefix} kind={kind} number={doc?.number ?? ''} busy={uploading} onUpload={(file, number) => upload(kind, file, number)} />
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
