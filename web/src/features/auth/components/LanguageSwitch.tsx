import { Segmented } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import type { Locale } from '@/shared/i18n/index.ts';

const NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** 中文 / English (a two-way switch, lighter than a drop-down); remembered in this browser. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div role="group" aria-label={t('app.language')}>
      <Segmented<Locale> size="small" value={locale} onChange={setLocale} options={(Object.keys(NAMES) as Locale[]).map((l) => ({ value: l, label: NAMES[l] }))} />
    </div>
  );
}
