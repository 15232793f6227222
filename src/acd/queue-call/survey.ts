/**
 * C5: after the agent hung up, the caller hears "请为本次服务评分，1到5分" and keys a score. One
 * repeat when nothing (or something else) is keyed; resolves the score, or undefined.
 */
import type { DrivenCall } from '../../calls/ports.ts';
import type { QueuePrompts } from './queue-prompts.ts';

const SURVEY_TRIES = 2;
const SURVEY_KEY_MS = 6_000;

export async function runSurvey(call: DrivenCall, prompts: QueuePrompts, signal: AbortSignal): Promise<number | undefined> {
  for (let i = 0; i < SURVEY_TRIES && !signal.aborted; i++) {
    try {
      await call.play('caller', prompts.phrase('survey'), { bargeIn: true, signal });
      const key = await call.collect('caller', { maxDigits: 1, timeoutMs: SURVEY_KEY_MS, signal });
      if (/^[1-5]$/.test(key)) return Number(key);
    } catch {
      return undefined; // the caller hung up
    }
  }
  return undefined;
}
