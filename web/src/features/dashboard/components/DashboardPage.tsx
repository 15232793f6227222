import { Typography } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';

export function DashboardPage() {
  const { t } = useI18n();
  return <Typography.Title level={3}>{t('dashboard.title')}</Typography.Title>;
}
