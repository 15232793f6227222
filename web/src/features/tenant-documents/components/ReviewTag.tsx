import { Space, Tag, Typography } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import type { TenantDocument } from '../api/documents-api.ts';

const COLOR: Record<TenantDocument['review'], string> = { pending: 'orange', approved: 'green', rejected: 'red' };

/** A document's review in words, with the operator's reason when it was rejected. */
export function ReviewTag({ doc }: { doc: TenantDocument }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size={0}>
      <Tag color={COLOR[doc.review]}>{t(`documentReview.${doc.review}`)}</Tag>
      {doc.review === 'rejected' && doc.rejectionReason ? <Typography.Text type="danger">{t('documents.rejectedBecause', { reason: doc.rejectionReason })}</Typography.Text> : null}
    </Space>
  );
}
