import { Button, Popconfirm, Space } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '@/shared/i18n/index.ts';

/** A table row's 编辑 and 删除 (removal asks first); the buttons are labelled with the row's name for screen readers. */
export function RowActions({ name, onEdit, confirmRemove, onRemove }: { name: string; onEdit: () => void; confirmRemove: ReactNode; onRemove: () => void }) {
  const { t } = useI18n();
  return (
    <Space>
      <Button size="small" onClick={onEdit} aria-label={`${t('common.edit')} ${name}`}>
        {t('common.edit')}
      </Button>
      <Popconfirm title={confirmRemove} onConfirm={onRemove}>
        <Button size="small" danger aria-label={`${t('common.remove')} ${name}`}>
          {t('common.remove')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
