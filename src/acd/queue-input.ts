/**
 * A queue as a tenant admin (API, `hotline import`) writes it: every field optional but the name,
 * checked and completed with the defaults. Bad input is an AcdError INVALID_ACD naming the field,
 * and nothing is stored.
 */
import { toE164 } from '../phone/phone-number.ts';
import { AcdError } from './acd-error.ts';
import { type BullseyeStep, type OverflowTarget, QUEUE_DEFAULTS, type QueueSettings, STRATEGY_NAMES, WRAP_UP_MODES } from './acd-model.ts';

export type QueueInput = { name: string } & Partial<Omit<QueueSettings, 'id' | 'tenantId' | 'name'>>;

function bad(field: string, message: string): never {
  throw new AcdError('INVALID_ACD', `${field}: ${message}`, { field });
}

function int(field: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) bad(field, `a whole number from ${min} to ${max}`);
  return v;
}

/**
 * Checks a whole queue (the stored one merged with the change). `queueExists`/`skillExists` say
 * whether an overflow queue or the skill are the tenant's own.
 */
export function checkQueueSettings(s: QueueSettings, refs: { queueExists(id: string): boolean; skillExists(id: string): boolean }): QueueSettings {
  const name = s.name.trim();
  if (name.length < 1 || name.length > 64) bad('name', '1–64 characters');
  if (!STRATEGY_NAMES.includes(s.strategy)) bad('strategy', `one of ${STRATEGY_NAMES.join(', ')}`);
  if (!WRAP_UP_MODES.includes(s.wrapUpMode)) bad('wrapUpMode', `one of ${WRAP_UP_MODES.join(', ')}`);
  int('ringSeconds', s.ringSeconds, 5, 300);
  if (s.maxWaitSeconds !== null) int('maxWaitSeconds', s.maxWaitSeconds, 10, 86_400);
  int('wrapUpSeconds', s.wrapUpSeconds, 0, 3600);
  if (s.announceEverySeconds !== 0) int('announceEverySeconds', s.announceEverySeconds, 10, 600);
  int('maxMissedOffers', s.maxMissedOffers, 1, 20);
  int('stickyWindowSeconds', s.stickyWindowSeconds, 0, 30 * 86_400);
  int('stickyWaitSeconds', s.stickyWaitSeconds, 0, 300);
  int('progressiveStepSeconds', s.progressiveStepSeconds, 1, 120);
  if (s.callbackKey !== null && !/^[0-9*#]$/.test(s.callbackKey)) bad('callbackKey', 'one key: 0–9, * or #');
  if (s.skillId !== null && !refs.skillExists(s.skillId)) bad('skillId', 'no such skill in this tenant');
  if (s.bullseye.length > 0 && s.skillId === null) bad('bullseye', 'expanding steps need the queue’s skill (skillId)');
  let until = 0;
  s.bullseye.forEach((b: BullseyeStep, i) => {
    int(`bullseye[${i}].minProficiency`, b.minProficiency, 1, 5);
    if (b.untilSeconds === null) {
      if (i !== s.bullseye.length - 1) bad(`bullseye[${i}].untilSeconds`, 'only the last step may never expire');
    } else if (int(`bullseye[${i}].untilSeconds`, b.untilSeconds, 1, 86_400) <= until) bad(`bullseye[${i}].untilSeconds`, 'each step must end after the one before');
    else until = b.untilSeconds;
  });
  const overflow: OverflowTarget = checkOverflow(s, refs);
  return { ...s, name, overflow };
}

function checkOverflow(s: QueueSettings, refs: { queueExists(id: string): boolean }): OverflowTarget {
  const o = s.overflow;
  switch (o.kind) {
    case 'voicemail':
    case 'callback':
    case 'hangup':
      return { kind: o.kind };
    case 'queue':
      if (o.queueId === s.id) bad('overflow.queueId', 'a queue cannot overflow to itself');
      if (!refs.queueExists(o.queueId)) bad('overflow.queueId', 'no such queue in this tenant');
      return { kind: 'queue', queueId: o.queueId };
    case 'number': {
      const number = toE164(o.number);
      if (number === undefined) bad('overflow.number', 'not a phone number');
      return { kind: 'number', number };
    }
    default:
      return bad('overflow.kind', 'voicemail, queue, number, callback or hangup');
  }
}

/** A new queue's settings from the input and the defaults. */
export function newQueueSettings(id: string, tenantId: string, input: QueueInput): QueueSettings {
  return { ...QUEUE_DEFAULTS, ...stripUndefined(input), id, tenantId, name: input.name };
}

/** A stored queue with a change applied. */
export function changedQueueSettings(current: QueueSettings, change: Partial<QueueInput>): QueueSettings {
  return { ...current, ...stripUndefined(change), id: current.id, tenantId: current.tenantId };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
