/** Who is who on a live call, as the supervision page shows it. */
import type { LiveCall, LiveLeg } from './live-floor.ts';

/** The phone talking to the caller: the first answered phone leg without a conference role. */
export function agentLeg(call: LiveCall): LiveLeg | undefined {
  const phones = call.legs.filter((l) => l.direction === 'outbound' && !l.role);
  return phones.find((l) => l.state === 'answered' || l.state === 'held') ?? phones[0];
}

/** The conference's third party (a supervisor stepping in, or a three-way's guest), once it has a role. */
export function steppingInLeg(call: LiveCall): LiveLeg | undefined {
  return call.legs.find((l) => l.role !== undefined);
}

export function sipUserOf(leg: LiveLeg | undefined): string | undefined {
  return leg?.party.kind === 'sip' ? leg.party.username : undefined;
}

export function partyLabel(leg: LiveLeg): string {
  return leg.party.kind === 'sip' ? leg.party.username : leg.party.number;
}
