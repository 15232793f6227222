/**
 * Fuzzes EVERY /api/v1 route that takes a body or a query (including routes other domains add):
 * wrong types, huge strings, unknown fields, non-objects and broken JSON must each get a 4xx and
 * change nothing (row counts of every table compared before and after). Also checks the schema
 * conventions that make that true: closed body objects and bounded strings.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { ApiRouteRecord } from '../../src/api/api-context.ts';
import { forEachDialect } from '../support/databases.ts';
import type { Caller } from './support/api-harness.ts';
import type { JsonSchema } from './support/json-schema.ts';
import { sampleValue, walk, wrongTypeValue } from './support/json-schema.ts';
import type { RouteWorld } from './support/route-world.ts';
import { allowedCaller, buildRouteWorld, fillParams, refreshSessions } from './support/route-world.ts';

const HUGE = 'x'.repeat(200_000);

function label(r: ApiRouteRecord): string {
  return `${r.method} ${r.url}`;
}

function callerFor(w: RouteWorld, r: ApiRouteRecord): Caller {
  if (r.access === 'public') return { kind: 'anonymous' };
  return allowedCaller(w.a, r.access) ?? w.operator;
}

/** The route with tenant A's own ids where known (so a valid-looking request would reach real rows). */
function urlFor(w: RouteWorld, r: ApiRouteRecord): string {
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

async function tableCounts(w: RouteWorld): Promise<Record<string, number>> {
  const tables = await w.h.db.introspection.getTables();
  const counts: Record<string, number> = {};
  const db = w.h.db.withTables<Record<string, Record<string, unknown>>>();
  for (const t of tables) {
    const row = await db.selectFrom(t.name).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[t.name] = Number(row.n);
  }
  return counts;
}

forEachDialect('api route fuzz', ({ open }) => {
  let w: RouteWorld;
  before(async () => {
    w = await buildRouteWorld(await open());
  });
  after(() => w?.h.close());
  beforeEach(async () => {
    if (w) await refreshSessions(w);
  });

  test('conventions: every route has schemas; body objects are closed; body strings are bounded', () => {
    const problems: string[] = [];
    for (const r of w.routes) {
      const schema = r.schema ?? {};
      const responses = Object.keys((schema.response as object | undefined) ?? {});
      if (!responses.some((code) => /^2/.test(code))) problems.push(`${label(r)}: no 2xx response schema (responses are serialised through it)`);
      if (r.url.includes(':') && !schema.params) problems.push(`${label(r)}: path params without a params schema`);
      for (const part of ['body', 'querystring', 'params'] as const) {
        const s = schema[part] as JsonSchema | undefined;
        if (!s) continue;
        for (const [path, sub] of walk(s)) {
          if (sub.type === 'object' && part === 'body' && sub.additionalProperties !== false && sub.patternProperties === undefined) {
            problems.push(`${label(r)} ${part}${path}: object without additionalProperties: false`);
          }
          if (sub.type === 'string' && sub.maxLength === undefined && sub.enum === undefined && sub.const === undefined && sub.format === undefined) {
            problems.push(`${label(r)} ${part}${path}: string without maxLength`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  test('bad bodies get a 4xx (never a 5xx, never a 2xx) and change nothing', async () => {
    const before = await tableCounts(w);
    const failures: string[] = [];
    let sent = 0;
    for (const r of w.routes.filter((x) => x.schema?.body)) {
      const caller = callerFor(w, r);
      const url = urlFor(w, r);
      for (const [what, body] of badBodies(r.schema?.body as JsonSchema)) {
        const res = await w.h.call(caller, r.method as 'POST', url, { body });
        sent++;
        if (res.statusCode < 400 || res.statusCode >= 500) failures.push(`${label(r)} ${what}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        else if (typeof res.json().code !== 'string') failures.push(`${label(r)} ${what}: error without code`);
      }
      const raw = await w.h.app.inject({
        method: r.method as 'POST',
        url,
        headers: { ...headersOf(caller), 'content-type': 'application/json' },
        payload: '{"unterminated": ',
      });
      sent++;
      if (raw.statusCode !== 400) failures.push(`${label(r)} broken JSON: ${raw.statusCode}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(sent > 20, `only ${sent} requests`);
    assert.deepEqual(await tableCounts(w), before);
  });

  test('bad query strings and path params get a 4xx', async () => {
    const failures: string[] = [];
    for (const r of w.routes) {
      const caller = callerFor(w, r);
      const query = r.schema?.querystring as JsonSchema | undefined;
      for (const [name, prop] of Object.entries(query?.properties ?? {})) {
        const bad = prop.type === 'integer' || prop.type === 'number' ? 'not-a-number' : prop.type === 'string' ? HUGE.slice(0, 5000) : undefined;
        if (bad === undefined) continue;
        const res = await w.h.call(caller, r.method as 'GET', urlFor(w, r), { query: { [name]: bad }, ...(r.schema?.body ? { body: sampleValue(r.schema.body as JsonSchema) } : {}) });
        if (res.statusCode < 400 || res.statusCode >= 500) failures.push(`${label(r)} ?${name}=<bad>: ${res.statusCode}`);
      }
      if (r.url.includes(':')) {
        const res = await w.h.call(caller, r.method as 'GET', r.url.replace(/:[A-Za-z0-9_]+/g, 'x'.repeat(3000)), { body: {} });
        if (res.statusCode < 400 || res.statusCode >= 500) failures.push(`${label(r)} huge path param: ${res.statusCode}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});

function headersOf(caller: Caller): Record<string, string> {
  if (caller.kind === 'session') return { cookie: caller.cookie, 'x-csrf-token': caller.csrfToken };
  if (caller.kind === 'key') return { authorization: `Bearer ${caller.key}` };
  return { 'x-csrf-token': 'anonymous' };
}
