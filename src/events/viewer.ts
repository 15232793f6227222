/**
 * Who watches the feed or lists live calls, and which calls they may see (docs/events.md,
 * "Visibility"): an operator admin every tenant's; a tenant admin, a supervisor or an API key their
 * tenant's; an agent only the calls one of whose legs is theirs — their SIP user, or the number
 * calls for them are sent to.
 */
import type { AcdEvent } from '../acd/acd-events.ts';
import type { AnnouncementEvent } from '../announcements/announcement-events.ts';
import type { LegParty } from '../calls/call-events.ts';
import type { WallboardEvent } from '../wallboard/wallboard-events.ts';

export interface Viewer {
  /** null: every tenant (the operator). */
  tenantId: string | null;
  /** Set for agents: only calls with a leg to or from these, and only their own ACD events. */
  own?: { sipUsername: string | null; number: string | null; userId?: string };
}

/** True when `party` is the agent's own phone. */
export function isOwnParty(own: NonNullable<Viewer['own']>, party: LegParty): boolean {
  if (party.kind === 'sip') return own.sipUsername !== null && party.username.toLowerCase() === own.sipUsername.toLowerCase();
  return own.number !== null && nationalDigits(party.number) === nationalDigits(own.number);
}

/**
 * A mainland number's significant digits, however it was written (+86…, 0086…, a trunk prefix 0):
 * bound numbers are stored E.164, a dialled PSTN target may be national.
 */
function nationalDigits(number: string): string {
  let d = number.replace(/\D/g, '');
  if (d.startsWith('0086')) d = d.slice(4);
  else if (d.startsWith('86') && d.length > 11) d = d.slice(2);
  return d.replace(/^0+/, '');
}

/** May `viewer` see a call of `tenantId` whose legs (so far or ever) are `parties`? */
export function canSeeCall(viewer: Viewer, tenantId: string, parties: readonly LegParty[]): boolean {
  if (viewer.tenantId !== null && viewer.tenantId !== tenantId) return false;
  const own = viewer.own;
  if (!own) return true;
  return parties.some((p) => isOwnParty(own, p));
}

/**
 * May `viewer` see this ACD event? Staff and API keys: their tenant's. An agent: their own state
 * changes and the offers and answers that were theirs — not other agents, not the queues' traffic.
 */
export function canSeeAcdEvent(viewer: Viewer, e: AcdEvent): boolean {
  if (viewer.tenantId !== null && viewer.tenantId !== e.tenantId) return false;
  const own = viewer.own;
  if (!own) return true;
  if (e.type === 'agent.state_changed' || e.type === 'queue.offered' || e.type === 'queue.answered') return own.userId !== undefined && e.userId === own.userId;
  return false;
}

/** An announcement: its tenant's staff see it; an agent only when it was published to them. */
export function canSeeAnnouncement(viewer: Viewer, e: AnnouncementEvent): boolean {
  if (viewer.tenantId !== null && viewer.tenantId !== e.tenantId) return false;
  const own = viewer.own;
  return !own || (own.userId !== undefined && e.recipientUserIds.includes(own.userId));
}

/** The wallboard's figures and alerts: the tenant's staff and API keys, never agents. */
export function canSeeWallboard(viewer: Viewer, e: WallboardEvent): boolean {
  if (viewer.tenantId !== null && viewer.tenantId !== e.tenantId) return false;
  return !viewer.own;
}
