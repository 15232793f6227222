export { I18nProvider, useI18n, interpolate } from './I18nProvider.tsx';
export type { Translate } from './I18nProvider.tsx';
export type { Locale, MessageKey, Messages } from './messages.ts';
export { LOCALES } from './messages.ts';
