import { Button, Typography } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';

/** The foot of a paged list: 加载更多 while there is more, else (when `endNote`) 没有更多了. */
export function LoadMore({ hasMore, loading, onMore, endNote = false }: { hasMore: boolean; loading: boolean; onMore: () => void; endNote?: boolean }) {
  const { t } = useI18n();
  if (hasMore)
    return (
      <Button onClick={onMore} loading={loading}>
        {t('common.more')}
      </Button>
    );
  return endNote ? <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text> : null;
}
