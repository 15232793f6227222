/**
 * The fixture the route-table tests share: two tenants (TA, TB) with a user of every tenant role,
 * an operator admin, whatever the seed files in test/api/seeds/ add to each tenant, and the ids
 * each tenant can see, harvested by walking every tenant-scoped GET collection route.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ApiRouteRecord } from '../../../src/api/api-context.ts';
import type { RouteAccess } from '../../../src/api/rbac/route-access.ts';
import type { Database } from '../../../src/db/database.ts';
import type { Role } from '../../../src/users/role.ts';
import { ApiHarness } from './api-harness.ts';
import type { Caller } from './api-harness.ts';

export const TENANT_A = 'route-world-tenant-a';
export const TENANT_B = 'route-world-tenant-b';

/** What a seed file (test/api/seeds/<domain>.ts) default-exports: add records of a tenant. */
export type Seed = (ctx: { h: ApiHarness; db: Database['db']; tenantId: string; now: Date }) => Promise<void>;

const SEEDS_FOLDER = fileURLToPath(new URL('../seeds/', import.meta.url));

export interface TenantSide {
  tenantId: string;
  callers: Record<Exclude<Role, 'operator_admin'>, Caller & { kind: 'session' }>;
  /** Items of every collection GET (filled URL → items). */
  collections: Map<string, Array<Record<string, unknown>>>;
}

export interface RouteWorld {
  h: ApiHarness;
  operator: Caller & { kind: 'session' };
  a: TenantSide;
  b: TenantSide;
  routes: ApiRouteRecord[];
  seedProblems: string[];
}

async function runSeeds(h: ApiHarness, tenantId: string, problems: string[]): Promise<void> {
  const files = (await readdir(SEEDS_FOLDER)).filter((f) => f.endsWith('.ts')).sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(SEEDS_FOLDER + file).href)) as { default?: Seed };
    try {
      await mod.default?.({ h, db: h.db, tenantId, now: h.clock.now() });
    } catch (err) {
      problems.push(`seed ${file} for ${tenantId}: ${(err as Error).message}`);
    }
  }
}

async function side(h: ApiHarness, tenantId: string, tag: string): Promise<TenantSide> {
  const callers = {
    tenant_admin: await h.as(tenantId, `${tag}.admin`, 'tenant_admin'),
    supervisor: await h.as(tenantId, `${tag}.supervisor`, 'supervisor'),
    agent: await h.as(tenantId, `${tag}.agent`, 'agent'),
    qa_reviewer: await h.as(tenantId, `${tag}.qa`, 'qa_reviewer'),
  };
  return { tenantId, callers, collections: new Map() };
}

export async function buildRouteWorld(database: Database): Promise<RouteWorld> {
  const h = await ApiHarness.start(database);
  const operator = await h.as(null, 'world.operator', 'operator_admin');
  await h.as(null, 'world.operator2', 'operator_admin');
  const seedProblems: string[] = [];
  const a = await side(h, TENANT_A, 'ta');
  const b = await side(h, TENANT_B, 'tb');
  await runSeeds(h, TENANT_A, seedProblems);
  await runSeeds(h, TENANT_B, seedProblems);
  const routes = h.app.hotline.routes.filter((r) => r.method !== 'HEAD');
  const world: RouteWorld = { h, operator, a, b, routes, seedProblems };
  await harvest(world, a);
  await harvest(world, b);
  return world;
}

export function isTenantScoped(r: ApiRouteRecord): r is ApiRouteRecord & { access: RouteAccess } {
  return r.access !== 'public' && r.access.tenantScoped;
}

/** A tenant caller allowed on the route (tenant admin first), or undefined when no tenant role is. */
export function allowedCaller(sideOf: TenantSide, access: RouteAccess): (Caller & { kind: 'session' }) | undefined {
  const order = ['tenant_admin', 'supervisor', 'agent'] as const;
  const role = order.find((r) => access.roles.includes(r));
  return role && sideOf.callers[role];
}

/** The list inside a collection response: the array itself, or the first array property. */
export function itemsOf(body: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(body) ? body : typeof body === 'object' && body !== null ? Object.values(body).find(Array.isArray) : undefined;
  return (list ?? []).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

/**
 * When a keyed route has no list of its own (`/routing/numbers/:number`), any harvested item with a
 * field of the param's name will do (`number` of `/numbers`). Not for `:id`: too ambiguous.
 */
function itemsWithField(sideOf: TenantSide, name: string): Array<Record<string, unknown>> {
  if (name === 'id') return [];
  return [...sideOf.collections.values()].flat().filter((i) => typeof i[name] === 'string');
}

/** The route URL with its params filled from the side's harvested collections; undefined when one is unknown. */
export function fillParams(url: string, sideOf: TenantSide): { url: string; lastItem?: Record<string, unknown> } | undefined {
  const out: string[] = [];
  let lastItem: Record<string, unknown> | undefined;
  for (const seg of url.split('/')) {
    if (!seg.startsWith(':')) {
      out.push(seg);
      continue;
    }
    const name = seg.slice(1);
    const items = sideOf.collections.get(out.join('/')) ?? itemsWithField(sideOf, name);
    const item = items.find((i) => typeof (i[name] ?? i.id) === 'string');
    if (!item) return undefined;
    lastItem = item;
    out.push(encodeURIComponent(String(item[name] ?? item.id)));
  }
  return { url: out.join('/'), ...(lastItem ? { lastItem } : {}) };
}

async function harvest(world: RouteWorld, sideOf: TenantSide): Promise<void> {
  const gets = world.routes.filter((r) => r.method === 'GET' && isTenantScoped(r));
  // Parameterised collections need their parents first: three passes reach three levels of nesting.
  for (let pass = 0; pass < 3; pass++) {
    for (const r of gets) {
      const access = r.access as RouteAccess;
      const caller = allowedCaller(sideOf, access);
      const filled = fillParams(r.url, sideOf);
      if (!caller || !filled || sideOf.collections.has(filled.url)) continue;
      const res = await world.h.call(caller, 'GET', filled.url);
      // Exports (xlsx, csv) are collections too, but hold no ids to harvest.
      const json = String(res.headers['content-type'] ?? '').startsWith('application/json');
      if (res.statusCode === 200) sideOf.collections.set(filled.url, json ? itemsOf(res.json()) : []);
    }
  }
}

/** All string values found in the items a side harvested (ids, numbers, names). */
export function harvestedIds(sideOf: TenantSide): Set<string> {
  const ids = new Set<string>();
  for (const items of sideOf.collections.values()) {
    for (const item of items) if (typeof item.id === 'string') ids.add(item.id);
  }
  return ids;
}

/** Signs every caller in again (a test that walked sign-out or session revocation ended them). */
export async function refreshSessions(world: RouteWorld): Promise<void> {
  world.operator = await world.h.signIn('world.operator');
  for (const [sideOf, tag] of [[world.a, 'ta'], [world.b, 'tb']] as const) {
    sideOf.callers.tenant_admin = await world.h.signIn(`${tag}.admin`);
    sideOf.callers.supervisor = await world.h.signIn(`${tag}.supervisor`);
    sideOf.callers.agent = await world.h.signIn(`${tag}.agent`);
  }
}
