import { Select } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import type { Locale } from '@/shared/i18n/index.ts';

const NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

/** 中文 / English: the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Select<Locale>
      aria-label={t('app.language')}
      value={locale}
      onChange={setLocale}
      size="small"
      style={{ width: 110 }}
      options={(Object.keys(NAMES) as Locale[]).map((l) => ({ value: l, label: NAMES[l] }))}
    />
  );
}
