import { Typography } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';

export function SpendingPage() {
  const { t } = useI18n();
  return <Typography.Title level={3}>{t('spending.title')}</Typography.Title>;
}
