import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '@/shared/i18n/index.ts';

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}
