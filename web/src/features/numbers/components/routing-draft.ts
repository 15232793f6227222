/**
 * The routing editor's form values and their mapping to the API's policy (src/routing/number-policy.ts).
 * The editor shows the parts a tenant edits by hand; parts it does not show (caller memory, the
 * reply status of blocked calls, adjusted working days…) are kept as they were stored.
 */
import type { BoundPhone, Distribution, NumberPolicy, PhoneGroup, Strategy } from '../api/numbers-api.ts';

export type DayRef = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun' | 'holiday';
export const DAYS: readonly DayRef[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'];

export interface GroupDraft {
  name: string;
  phones: string[];
  strategy: Strategy;
}

export interface RoutingDraft {
  strategy: Strategy;
  /** Percent per bound phone target, for the percentage strategy. */
  percents: Record<string, number | null>;
  ringTimeoutSeconds: number | null;
  groups: GroupDraft[];
  scheduleOn: boolean;
  windows: { days: DayRef[]; from: string; to: string; group?: string }[];
  holidays: 'cn' | 'none';
  closedAction: 'refuse' | 'group';
  closedGroup?: string;
  regionRules: { name?: string; regions: string[][]; group: string }[];
  blockNumbers: string[];
  blockPrefixes: string[];
  blockAreaCodes: string[];
  blockAnonymous: boolean;
  onBusy: string[];
  onNoAnswer: string[];
}

const distribution = (strategy: Strategy): Distribution => (strategy === 'percentage' ? { strategy, weights: [] } : { strategy });

export function draftOf(policy: NumberPolicy): RoutingDraft {
  const d = policy.default?.distribution;
  const percents: Record<string, number | null> = {};
  if (d?.strategy === 'percentage') for (const w of d.weights) percents[w.phone] = w.percent;
  const closed = policy.schedule?.closed;
  return {
    strategy: d?.strategy ?? 'top-down',
    percents,
    ringTimeoutSeconds: policy.default?.ringTimeoutSeconds ?? null,
    groups: Object.entries(policy.groups ?? {}).map(([name, g]) => ({ name, phones: g.phones ?? [], strategy: g.distribution?.strategy === 'percentage' ? 'top-down' : (g.distribution?.strategy ?? 'top-down') })),
    scheduleOn: policy.schedule !== undefined,
    windows: (policy.schedule?.windows ?? []).map((w) => ({ days: w.days, from: w.from, to: w.to, ...(w.group ? { group: w.group } : {}) })),
    holidays: policy.schedule?.holidays ?? 'cn',
    closedAction: closed && 'group' in closed ? 'group' : 'refuse',
    ...(closed && 'group' in closed ? { closedGroup: closed.group } : {}),
    regionRules: (policy.regionRules ?? []).map((r) => ({ ...(r.name ? { name: r.name } : {}), group: r.group, regions: r.regions.map((x) => (x.city ? [x.province, x.city] : [x.province])) })),
    blockNumbers: policy.blocking?.numbers ?? [],
    blockPrefixes: policy.blocking?.prefixes ?? [],
    blockAreaCodes: policy.blocking?.areaCodes ?? [],
    blockAnonymous: policy.blocking?.anonymous ?? false,
    onBusy: policy.forwarding?.onBusy ?? [],
    onNoAnswer: policy.forwarding?.onNoAnswer ?? [],
  };
}

/** The policy to PUT: the draft over what was stored (the parts the editor does not show kept). */
export function policyOf(draft: RoutingDraft, phones: readonly BoundPhone[], stored: NumberPolicy): NumberPolicy {
  const policy: NumberPolicy = { ...stored };
  const defaultGroup: PhoneGroup = { ...stored.default };
  defaultGroup.distribution =
    draft.strategy === 'percentage'
      ? { strategy: 'percentage', weights: phones.map((p) => ({ phone: p.target, percent: draft.percents[p.target] ?? 0 })).filter((w) => w.percent > 0) }
      : distribution(draft.strategy);
  if (draft.ringTimeoutSeconds) defaultGroup.ringTimeoutSeconds = draft.ringTimeoutSeconds;
  else delete defaultGroup.ringTimeoutSeconds;
  policy.default = defaultGroup;

  if (draft.groups.length > 0) {
    policy.groups = Object.fromEntries(draft.groups.map((g) => [g.name, { ...(g.phones.length > 0 ? { phones: g.phones } : {}), distribution: distribution(g.strategy) }]));
  } else delete policy.groups;

  if (draft.scheduleOn) {
    policy.schedule = {
      ...stored.schedule,
      windows: draft.windows.map((w) => ({ days: w.days, from: w.from, to: w.to, ...(w.group ? { group: w.group } : {}) })),
      holidays: draft.holidays,
      closed: draft.closedAction === 'group' && draft.closedGroup ? { group: draft.closedGroup } : { refuse: true },
    };
  } else delete policy.schedule;

  if (draft.regionRules.length > 0) {
    policy.regionRules = draft.regionRules.map((r) => ({
      ...(r.name ? { name: r.name } : {}),
      group: r.group,
      regions: r.regions.map(([province = '', city]) => (city ? { province, city } : { province })),
    }));
  } else delete policy.regionRules;

  const blocking = { ...stored.blocking };
  const setList = (key: 'numbers' | 'prefixes' | 'areaCodes', list: string[]) => {
    if (list.length > 0) blocking[key] = list;
    else delete blocking[key];
  };
  setList('numbers', draft.blockNumbers);
  setList('prefixes', draft.blockPrefixes);
  setList('areaCodes', draft.blockAreaCodes);
  if (draft.blockAnonymous) blocking.anonymous = true;
  else delete blocking.anonymous;
  if (Object.keys(blocking).length > 0) policy.blocking = blocking;
  else delete policy.blocking;

  const forwarding = { ...stored.forwarding };
  if (draft.onBusy.length > 0) forwarding.onBusy = draft.onBusy;
  else delete forwarding.onBusy;
  if (draft.onNoAnswer.length > 0) forwarding.onNoAnswer = draft.onNoAnswer;
  else delete forwarding.onNoAnswer;
  if (forwarding.onBusy || forwarding.onNoAnswer) policy.forwarding = forwarding;
  else delete policy.forwarding;
  return policy;
}

/** Which editor section a server problem (`/schedule/windows/0: …`) belongs to. */
export type Section = 'phones' | 'groups' | 'schedule' | 'regions' | 'blocking' | 'forwarding' | 'other';
export function sectionOf(problem: string): Section {
  const head = problem.split('/')[1]?.split(':')[0] ?? '';
  switch (head) {
    case 'default':
      return 'phones';
    case 'groups':
      return 'groups';
    case 'schedule':
      return 'schedule';
    case 'regionRules':
      return 'regions';
    case 'blocking':
      return 'blocking';
    case 'forwarding':
      return 'forwarding';
    default:
      return 'other';
  }
}
