/**
 * What a refused caller hears over early media before the final response (R6 blocked, R8 over a
 * cap or out of balance, R3 outside opening hours): the shipped zh-CN system prompts
 * (scripts/make-prompts.ts). The cap alert SMS tells the tenant that callers hear a prompt.
 */
import type { RefusalOutcome } from '../cdr/call-record.ts';
import type { PlaySource } from '../media/media-engine.ts';
import { systemPromptPath } from '../media/tts/system-prompts.ts';
import type { SystemPromptName } from '../media/tts/system-prompts.ts';

const PROMPT_FOR: Record<RefusalOutcome | 'unavailable', SystemPromptName> = {
  blocked: 'call-not-accepted',
  over_cap: 'lines-busy',
  no_balance: 'service-unavailable',
  closed: 'outside-hours',
  // The call's record could not be opened (the database is down): 503.
  unavailable: 'service-unavailable',
};

export function refusalAnnouncement(outcome: RefusalOutcome | 'unavailable'): PlaySource {
  return { kind: 'file', path: systemPromptPath(PROMPT_FOR[outcome], 'zh-CN') };
}
