/**
 * The lifecycle of a 400 number (REQUIREMENTS N4) as an explicit state machine, apart from I/O:
 *
 *   available ─reserve→ reserved ─assign→ pending_activation ─activate→ active ⇄ suspended
 *       ↑  ↖──unreserve/expire──┘              │cancel                  └─release─┴→ released
 *       └─────────────────────────────────────┴──────────────── recycle (after quarantine) ─┘
 *
 * An available number can also be assigned directly (the operator opens it for a tenant).
 */
import { NumberError } from './number-error.ts';

export type NumberStatus = 'available' | 'reserved' | 'pending_activation' | 'active' | 'suspended' | 'released';

export const NUMBER_STATUSES: readonly NumberStatus[] = [
  'available',
  'reserved',
  'pending_activation',
  'active',
  'suspended',
  'released',
];

export type NumberAction =
  | 'reserve'
  | 'unreserve'
  | 'expire'
  | 'assign'
  | 'cancel'
  | 'activate'
  | 'suspend'
  | 'resume'
  | 'release'
  | 'recycle';

interface Transition {
  from: readonly NumberStatus[];
  to: NumberStatus;
}

export const TRANSITIONS: Readonly<Record<NumberAction, Transition>> = {
  reserve: { from: ['available'], to: 'reserved' },
  unreserve: { from: ['reserved'], to: 'available' },
  expire: { from: ['reserved'], to: 'available' },
  assign: { from: ['available', 'reserved'], to: 'pending_activation' },
  cancel: { from: ['pending_activation'], to: 'available' },
  activate: { from: ['pending_activation'], to: 'active' },
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  release: { from: ['active', 'suspended'], to: 'released' },
  recycle: { from: ['released'], to: 'available' },
};

/** The state after `action`, or a coded refusal naming the states it is allowed from. */
export function nextStatus(number: string, from: NumberStatus, action: NumberAction): NumberStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(from)) {
    throw new NumberError(
      'NUMBER_TRANSITION_REFUSED',
      `cannot ${action} number ${number}: it is ${from} (allowed from ${t.from.join(', ')})`,
      { number, status: from, action, allowedFrom: [...t.from] },
    );
  }
  return t.to;
}

/** Whether the number is held by a tenant in this state. */
export function isHeld(status: NumberStatus): boolean {
  return status !== 'available';
}
