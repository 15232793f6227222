/**
 * The queue's spoken lines as play sources: shipped phrase and number WAVs one after another
 * (assets/prompts/<lang>/queue/, made by scripts/make-prompts.ts), so a position or a 工号 is said
 * from pieces; only free names (the queue's, the caller's region, in the agent's whisper) are
 * text to speech.
 */
import { fileURLToPath } from 'node:url';
import type { PlaySource } from '../../media/media-engine.ts';
import type { TtsLanguage } from '../../media/tts/synthesizer.ts';
import { systemPromptPath } from '../../media/tts/system-prompts.ts';
import type { SystemPromptName } from '../../media/tts/system-prompts.ts';
import { QUEUE_PHRASES } from './queue-prompt-texts.ts';
import type { QueuePhrase } from './queue-prompt-texts.ts';

export const QUEUE_PROMPTS_DIR = fileURLToPath(new URL('../../../assets/prompts/', import.meta.url));

export function queuePhrasePath(name: QueuePhrase, lang: TtsLanguage, dir = QUEUE_PROMPTS_DIR): string {
  return `${dir.replace(/\/?$/, '/')}${lang}/queue/${name}.wav`;
}

export function numberWordPath(word: string, lang: TtsLanguage, dir = QUEUE_PROMPTS_DIR): string {
  return `${dir.replace(/\/?$/, '/')}${lang}/queue/number-${word}.wav`;
}

/** Chinese reading of 0 ≤ n < 100 000 as NUMBER_WORDS keys: 15 → 十五, 105 → 一百零五, 2010 → 二千零一十. */
export function zhNumberWords(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n >= 100_000) throw new RangeError(`cannot say ${n}`);
  if (n === 0) return ['0'];
  const units: [number, string][] = [[10_000, '10000'], [1000, '1000'], [100, '100'], [10, '10'], [1, '']];
  const out: string[] = [];
  let rest = n;
  let pendingZero = false;
  for (const [value, word] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d === 0) {
      if (out.length > 0) pendingZero = true;
      continue;
    }
    if (pendingZero) out.push('0');
    pendingZero = false;
    // 十五, not 一十五, when the number starts with its tens.
    if (!(value === 10 && d === 1 && out.length === 0)) out.push(String(d));
    if (word) out.push(word);
  }
  return out;
}

/** English reading of 0 ≤ n < 1 000 000 as NUMBER_WORDS keys: 115 → one hundred fifteen. */
export function enNumberWords(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) throw new RangeError(`cannot say ${n}`);
  if (n === 0) return ['0'];
  const below1000 = (m: number): string[] => {
    const out: string[] = [];
    if (m >= 100) out.push(String(Math.floor(m / 100)), '100');
    const r = m % 100;
    if (r >= 20) {
      out.push(String(Math.floor(r / 10) * 10));
      if (r % 10) out.push(String(r % 10));
    } else if (r > 0) out.push(String(r));
    return out;
  };
  const thousands = Math.floor(n / 1000);
  return [...(thousands ? [...below1000(thousands), '1000'] : []), ...below1000(n % 1000)];
}

/** A 工号 or key said digit by digit (Chinese says 1 as 幺 in numbers read this way). */
export function digitWords(digits: string, lang: TtsLanguage): string[] | undefined {
  if (!/^[0-9]+$/.test(digits)) return undefined;
  return [...digits].map((d) => (lang === 'zh-CN' && d === '1' ? 'yao' : d));
}

export interface QueuePrompts {
  position(ahead: number): PlaySource;
  /** undefined: no estimate yet (nothing is said). */
  estimatedWait(seconds: number | undefined): PlaySource | undefined;
  callbackOffer(key: string): PlaySource;
  phrase(name: QueuePhrase): PlaySource;
  /** A shipped system prompt (goodbye …). */
  system(name: SystemPromptName): PlaySource;
  /** C6: "X号话务员为您服务". */
  agentId(agentId: string): PlaySource;
  /** What the agent hears before being connected: the queue and the caller's region. */
  whisper(queueName: string, region: string | undefined): PlaySource;
}

export function queuePrompts(lang: TtsLanguage, dir = QUEUE_PROMPTS_DIR): QueuePrompts {
  const file = (path: string): PlaySource => ({ kind: 'file', path });
  const phrase = (name: QueuePhrase): PlaySource | undefined => (QUEUE_PHRASES[name][lang] ? file(queuePhrasePath(name, lang, dir)) : undefined);
  const words = (keys: string[]): PlaySource[] => keys.map((w) => file(numberWordPath(w, lang, dir)));
  const number = (n: number): PlaySource[] => words(lang === 'zh-CN' ? zhNumberWords(n) : enNumberWords(n));
  const seq = (...items: (PlaySource | undefined)[]): PlaySource => ({ kind: 'sequence', items: items.filter((i): i is PlaySource => i !== undefined) });
  const text = (t: string): PlaySource => ({ kind: 'text', text: t, language: lang });
  return {
    position: (ahead) => (ahead <= 0 ? seq(phrase('you-are-next')) : seq(phrase('ahead-before'), ...number(Math.min(ahead, 9999)), phrase('ahead-after'))),
    estimatedWait: (seconds) => {
      if (seconds === undefined) return undefined;
      if (seconds < 60) return seq(phrase('wait-under-a-minute'));
      return seq(phrase('wait-before'), ...number(Math.min(Math.round(seconds / 60), 999)), phrase('wait-after'));
    },
    callbackOffer: (key) => {
      const said = digitWords(key, lang);
      return seq(phrase('callback-offer'), ...(said ? words(said) : [text(key === '*' ? (lang === 'zh-CN' ? '星号键' : 'star') : lang === 'zh-CN' ? '井号键' : 'pound')]));
    },
    phrase: (name) => seq(phrase(name)),
    system: (name) => file(systemPromptPath(name, lang)),
    agentId: (agentId) => {
      const said = digitWords(agentId, lang);
      return seq(phrase('agent-before'), ...(said ? words(said) : [text(agentId)]), phrase('agent-after'));
    },
    whisper: (queueName, region) => seq(phrase('whisper-queue'), text(queueName), ...(region ? [phrase('whisper-region'), text(region)] : [])),
  };
}
