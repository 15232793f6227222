// The system prompts the platform ships (assets/prompts/<lang>/<name>.wav, produced by
// scripts/make-prompts.ts with espeak-ng and committed). Flows and call control name a prompt and
// play `{ kind: 'file', path: systemPromptPath(name, lang) }`.

import { fileURLToPath } from 'node:url';
import type { TtsLanguage } from './synthesizer.ts';

export const SYSTEM_PROMPTS = {
  welcome: { 'zh-CN': '您好，欢迎致电。', en: 'Hello, and thank you for calling.' },
  'invalid-key': { 'zh-CN': '您的输入有误，请重新输入。', en: 'Sorry, that key is not valid. Please try again.' },
  goodbye: { 'zh-CN': '感谢您的来电，再见。', en: 'Thank you for calling. Goodbye.' },
  'please-hold': { 'zh-CN': '请稍候，正在为您转接。', en: 'Please hold while we connect your call.' },
  'enter-password': { 'zh-CN': '请输入密码，以井号键结束。', en: 'Please enter your password, followed by the pound key.' },
  'wrong-password': { 'zh-CN': '密码错误，请重新输入。', en: 'The password is incorrect. Please try again.' },
  'number-not-in-service': { 'zh-CN': '您拨打的号码是空号，请查证后再拨。', en: 'The number you have dialed is not in service.' },
  'all-agents-busy': { 'zh-CN': '坐席正忙，请稍候。', en: 'All our agents are busy. Please stay on the line.' },
  'leave-message': { 'zh-CN': '请在提示音后留言。', en: 'Please leave a message after the tone.' },
  'thank-you': { 'zh-CN': '谢谢。', en: 'Thank you.' },
  // What a refused caller hears over early media before the final response (R6, R8, R3).
  'call-not-accepted': { 'zh-CN': '抱歉，您的来电无法接通。', en: 'Sorry, your call cannot be connected. Thank you for your understanding.' },
  'lines-busy': { 'zh-CN': '线路繁忙，请稍后再拨。', en: 'All our lines are busy. Please call again later. Thank you.' },
  'service-unavailable': { 'zh-CN': '抱歉，该号码暂停服务，请稍后再拨。', en: 'Sorry, this number is temporarily unavailable. Please call again later.' },
  'outside-hours': { 'zh-CN': '现在是非工作时间，请在工作时间来电。', en: 'Thank you for calling. We are closed now; please call again during our opening hours.' },
} as const satisfies Record<string, Record<TtsLanguage, string>>;

export type SystemPromptName = keyof typeof SYSTEM_PROMPTS;

/** The shipped prompts directory (assets/prompts at the repository root). */
export const SYSTEM_PROMPTS_DIR = fileURLToPath(new URL('../../../assets/prompts/', import.meta.url));

/** Absolute path of a shipped prompt. */
export function systemPromptPath(name: SystemPromptName, lang: TtsLanguage, dir = SYSTEM_PROMPTS_DIR): string {
  return `${dir.replace(/\/?$/, '/')}${lang}/${name}.wav`;
}
