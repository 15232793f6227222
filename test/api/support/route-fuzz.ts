/**
 * Helpers of the route-table fuzz tests: invalid bodies derived from a route's schema, the caller
 * and URL to send them with, and a row count of every table to prove nothing changed.
 */
import type { ApiRouteRecord } from '../../../src/api/api-context.ts';
import type { Caller } from './api-harness.ts';
import type { JsonSchema } from './json-schema.ts';
import { sampleValue, walk, wrongTypeValue } from './json-schema.ts';
import type { RouteWorld } from './route-world.ts';
import { allowedCaller, fillParams } from './route-world.ts';

export const HUGE = 'x'.repeat(200_000);

export function label(r: ApiRouteRecord): string {
  return `${r.method} ${r.url}`;
}

export function callerFor(w: RouteWorld, r: ApiRouteRecord): Caller {
  if (r.access === 'public') return { kind: 'anonymous' };
  return allowedCaller(w.a, r.access) ?? w.operator;
}

/** The route with tenant A's own ids where known (so a valid-looking request would reach real rows). */
export function urlFor(w: RouteWorld, r: ApiRouteRecord): string {
  return fillParams(r.url, w.a)?.url ?? r.url.replace(/:[A-Za-z0-9_]+/g, 'fuzz-id');
}

/** Invalid bodies derived from the schema: one change each from a sample. */
export function badBodies(schema: JsonSchema): Array<[string, unknown]> {
  const base = (sampleValue(schema) ?? {}) as Record<string, unknown>;
  const out: Array<[string, unknown]> = [
    ['unknown field', { ...base, fuzzUnknownField: 'x' }],
    ['array body', [base]],
    ['string body', 'fuzz'],
    ['number body', 42],
    ['null body', null],
  ];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const wrong = wrongTypeValue(prop);
    if (wrong !== undefined) out.push([`${name}: wrong type ${JSON.stringify(wrong)}`, { ...base, [name]: wrong }]);
    const strings = [...walk(prop)].filter(([, s]) => s.type === 'string' && s.const === undefined && s.enum === undefined);
    if (strings.length > 0 && prop.type === 'string') out.push([`${name}: huge string`, { ...base, [name]: HUGE }]);
    if (prop.type === 'string' && prop.maxLength !== undefined) out.push([`${name}: maxLength + 1`, { ...base, [name]: 'x'.repeat(prop.maxLength + 1) }]);
    if (prop.type === 'array') out.push([`${name}: array of huge strings`, { ...base, [name]: [HUGE] }]);
  }
  return out;
}

export async function tableCounts(w: RouteWorld): Promise<Record<string, number>> {
  const tables = await w.h.db.introspection.getTables();
  const counts: Record<string, number> = {};
  const db = w.h.db.withTables<Record<string, Record<string, unknown>>>();
  for (const t of tables) {
    const row = await db.selectFrom(t.name).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[t.name] = Number(row.n);
  }
  return counts;
}

export function headersOf(caller: Caller): Record<string, string> {
  if (caller.kind === 'session') return { cookie: caller.cookie, 'x-csrf-token': caller.csrfToken };
  if (caller.kind === 'key') return { authorization: `Bearer ${caller.key}` };
  return { 'x-csrf-token': 'anonymous' };
}
