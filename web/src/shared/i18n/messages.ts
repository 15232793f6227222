import type { zhCN } from './locales/zh-CN.ts';

/** Every message key of the app; zh-CN is the source locale. */
export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
