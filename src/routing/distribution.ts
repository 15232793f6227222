/**
 * R2: the order (and mode) in which a group's phones ring. Sequential strategies decide who rings
 * first; the others follow in the group's order as fallbacks, so a call is never lost to a busy
 * first choice.
 */
import type { BoundPhone } from './bound-phone.ts';
import type { DistributionState } from './distribution-state.ts';
import type { Distribution } from './number-policy.ts';
import { phoneMatches } from './phone-ref.ts';

export interface Ordered {
  phones: BoundPhone[];
  strategy: 'sequential' | 'simultaneous';
}

export interface DistributionInput {
  distribution: Distribution;
  phones: BoundPhone[];
  /** Key of the stateful cursors: tenant, number and group. */
  key: string;
  state: DistributionState;
  /** Last call end per phone target (ms), for longest-idle; a phone absent has never been busy. */
  lastCallEnd: ReadonlyMap<string, number>;
}

export function orderPhones(input: DistributionInput): Ordered {
  const { distribution: d, phones } = input;
  if (phones.length <= 1) return { phones, strategy: d.strategy === 'simultaneous' ? 'simultaneous' : 'sequential' };
  switch (d.strategy) {
    case 'top-down':
      return { phones, strategy: 'sequential' };
    case 'simultaneous':
      return { phones, strategy: 'simultaneous' };
    case 'round-robin': {
      const start = input.state.nextRoundRobin(input.key, phones.length);
      return { phones: [...phones.slice(start), ...phones.slice(0, start)], strategy: 'sequential' };
    }
    case 'longest-idle': {
      const ends = input.lastCallEnd;
      // Array.prototype.sort is stable: equally idle phones keep the group's order.
      return { phones: [...phones].sort((a, b) => (ends.get(a.target) ?? Number.NEGATIVE_INFINITY) - (ends.get(b.target) ?? Number.NEGATIVE_INFINITY)), strategy: 'sequential' };
    }
    case 'percentage': {
      const weighted = d.weights.map((w) => ({ phone: phones.find((p) => phoneMatches(w.phone, p)), percent: w.percent }));
      const present = weighted.filter((w): w is { phone: BoundPhone; percent: number } => w.phone !== undefined);
      if (present.length === 0) return { phones, strategy: 'sequential' };
      const pick = present[input.state.drawWeighted(input.key, present.map((w) => w.percent))]?.phone ?? phones[0];
      return { phones: pick ? [pick, ...phones.filter((p) => p !== pick)] : phones, strategy: 'sequential' };
    }
  }
}
