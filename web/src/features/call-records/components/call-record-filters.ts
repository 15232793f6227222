import type { CallRecordQuery, Outcome } from '../api/call-records-api.ts';
import { OUTCOMES } from '../api/call-records-api.ts';

/** The filters as they stand in the page's URL (so a reload, a link or a sign-in keeps them). */
export interface Filters {
  from?: string;
  to?: string;
  number?: string;
  caller?: string;
  outcomes: Outcome[];
  region?: string;
}

export function filtersFromSearch(params: URLSearchParams): Filters {
  const get = (k: string) => params.get(k) || undefined;
  const outcomes = (params.get('outcome') ?? '').split(',').filter((o): o is Outcome => (OUTCOMES as readonly string[]).includes(o));
  const f: Filters = { outcomes };
  for (const k of ['from', 'to', 'number', 'caller', 'region'] as const) {
    const v = get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function filtersToSearch(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ['from', 'to', 'number', 'caller', 'region'] as const) if (f[k]) p.set(k, f[k]);
  if (f.outcomes.length > 0) p.set('outcome', f.outcomes.join(','));
  return p;
}

/** What the API filters on (the region is filtered in the page: the route has no such filter yet). */
export function apiQuery(f: Filters): CallRecordQuery {
  const q: CallRecordQuery = {};
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.number) q.number = f.number;
  if (f.caller) q.caller = f.caller.replace(/[^0-9+]/g, '');
  if (f.outcomes.length > 0) q.outcome = f.outcomes.join(',');
  return q;
}
