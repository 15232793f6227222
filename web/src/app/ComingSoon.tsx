import { Result } from 'antd';
import type { MessageKey } from '@/shared/i18n/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';

/** A place kept in the shell for an area still to come (agent desk, wallboard). */
export default function ComingSoon({ title }: { title: MessageKey }) {
  const { t } = useI18n();
  return <Result status="info" title={t(title)} subTitle={t('app.comingSoon')} />;
}
