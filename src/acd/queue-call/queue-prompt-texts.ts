/**
 * What callers and agents hear around a queue, zh-CN first with English: whole phrases and the
 * pieces that say numbers (positions, minutes, 工号). Shipped as WAVs under
 * assets/prompts/<lang>/queue/<name>.wav by scripts/make-prompts.ts (espeak-ng, committed), so
 * 500 waiting callers hear their position without any speech synthesis on the call path.
 */
import type { TtsLanguage } from '../../media/tts/synthesizer.ts';

export const QUEUE_PHRASES = {
  /** Position: "您前面还有" N "位" / "There are" N "callers ahead of you". */
  'ahead-before': { 'zh-CN': '您前面还有', en: 'There are' },
  'ahead-after': { 'zh-CN': '位来电在等待。', en: 'callers ahead of you.' },
  'you-are-next': { 'zh-CN': '您是下一位，请稍候。', en: 'You are next in line. Please hold.' },
  /** Estimated wait: "预计等待" N "分钟" / "Your estimated wait is" N "minutes". */
  'wait-before': { 'zh-CN': '预计等待', en: 'Your estimated wait is' },
  'wait-after': { 'zh-CN': '分钟。', en: 'minutes.' },
  'wait-under-a-minute': { 'zh-CN': '预计等待不到一分钟。', en: 'Your estimated wait is under a minute.' },
  /** Callback offer: "如需预约回拨，请按" key. */
  'callback-offer': { 'zh-CN': '如需预约回拨，请按', en: 'To be called back without losing your place, press' },
  'callback-booked': { 'zh-CN': '已为您预约回拨，坐席空闲时将回电给您，再见。', en: 'Your callback is booked. We will call you back when an agent is free. Goodbye.' },
  'callback-hello': { 'zh-CN': '您好，这是您预约的回拨，正在为您接通坐席。', en: 'Hello, this is the callback you asked for. Connecting you to an agent.' },
  /** C6: N "号话务员为您服务" / "Agent number" N "will serve you". */
  'agent-before': { 'zh-CN': '', en: 'Agent number' },
  'agent-after': { 'zh-CN': '号话务员为您服务。', en: 'will serve you.' },
  /** C15: the agent's own mobile, through the trunk. */
  'answer-confirm': { 'zh-CN': '您有一个来电，请按1接听。', en: 'You have a call. Press 1 to answer.' },
  /** C5. */
  survey: { 'zh-CN': '请为本次服务评分，1到5分，5分为非常满意。', en: 'Please rate our service from 1 to 5. 5 means very satisfied.' },
  'survey-thanks': { 'zh-CN': '感谢您的评价，再见。', en: 'Thank you for your rating. Goodbye.' },
  /** The whisper to the agent: "来电队列" name, "来自" region (names are spoken by TTS). */
  'whisper-queue': { 'zh-CN': '来电队列', en: 'Call from queue' },
  'whisper-region': { 'zh-CN': '来自', en: 'from' },
} as const satisfies Record<string, Record<TtsLanguage, string>>;

export type QueuePhrase = keyof typeof QUEUE_PHRASES;

/** The number pieces: zh-CN 0–9, 十 百 千 万; English 0–19, the tens, hundred, thousand. */
export const NUMBER_WORDS: Record<TtsLanguage, Record<string, string>> = {
  'zh-CN': { '0': '零', '1': '一', '2': '二', '3': '三', '4': '四', '5': '五', '6': '六', '7': '七', '8': '八', '9': '九', '10': '十', '100': '百', '1000': '千', '10000': '万', 'yao': '幺' },
  en: {
    '0': 'zero', '1': 'one', '2': 'two', '3': 'three', '4': 'four', '5': 'five', '6': 'six', '7': 'seven', '8': 'eight', '9': 'nine',
    '10': 'ten', '11': 'eleven', '12': 'twelve', '13': 'thirteen', '14': 'fourteen', '15': 'fifteen', '16': 'sixteen', '17': 'seventeen', '18': 'eighteen', '19': 'nineteen',
    '20': 'twenty', '30': 'thirty', '40': 'forty', '50': 'fifty', '60': 'sixty', '70': 'seventy', '80': 'eighty', '90': 'ninety', '100': 'hundred', '1000': 'thousand',
  },
};
