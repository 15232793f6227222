/**
 * Issue 11 finding 5 (toll fraud): which numbers a tenant may reach, at binding time (API, 422) and
 * at call time (the router drops them: 403), international rated on its own, unrated calls refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { destinationVerdict } from '../../src/fraud/destination-rules.ts';
import { callTypeOf } from '../../src/cdr/call-type.ts';
import { NumberRouter } from '../../src/routing/number-router.ts';
import type { RoutingDirectory } from '../../src/routing/number-router.ts';
import type { BoundPhone } from '../../src/routing/bound-phone.ts';
import type { TenantOutbound } from '../../src/fraud/outbound-store.ts';
import type { Trunk } from '../../src/trunks/trunk.ts';
import { describeCaller } from '../../src/phone/caller-info.ts';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import { twoTenants } from '../api/support/two-tenants.ts';
import type { TwoTenants } from '../api/support/two-tenants.ts';
import type { Caller } from '../api/support/api-harness.ts';

describe('destination rules', () => {
  test('domestic numbers pass; premium and satellite never, whatever is allowed; other countries only when allowed', () => {
    assert.equal(destinationVerdict('+8613800138000', []).allowed, true);
    assert.equal(destinationVerdict('+861012345678', []).allowed, true);
    for (const n of ['+88216000000', '+8823456789', '+881612345678', '+883510001234567', '+19005550123', '+19765550123', '+8616012345']) {
      const v = destinationVerdict(n, ['1', '881', '882', '883', '86']);
      assert.equal(v.allowed, false, n);
      assert.equal(!v.allowed && v.why, 'premium', n);
    }
    for (const n of ['+2697712345', '+5352123456', '+12125550123', '+442079460000']) {
      const v = destinationVerdict(n, []);
      assert.equal(!v.allowed && v.why, 'country', n);
    }
    assert.deepEqual(destinationVerdict('+12125550123', ['1']), { allowed: true, countryCode: '1', international: true });
    assert.equal(destinationVerdict('+442079460000', ['1']).allowed, false, 'another country stays refused');
  });

  test('a call answered abroad is rated as international, not as a domestic landline', () => {
    assert.equal(callTypeOf('pstn', '+12125550123'), 'inbound_forward_international');
    assert.equal(callTypeOf('pstn', '13800138000'), 'inbound_forward_mobile');
    assert.equal(callTypeOf('pstn', '01012345678'), 'inbound_forward_landline');
  });
});

describe('call time (the router)', () => {
  const TRUNK = { id: 'tr1', name: 'carrier', enabled: true, proxy: { host: '10.0.0.1', port: 5060, transport: 'udp' } } as unknown as Trunk;
  const directory = (phones: BoundPhone[], outbound: Partial<TenantOutbound>, rated: string[] = []): RoutingDirectory => ({
    trunkForAddress: () => TRUNK,
    outboundTrunk: () => TRUNK,
    findActiveNumber: async () => ({ tenantId: 't1' }),
    boundPhones: async () => phones,
    ratedCallTypes: async () => new Set(rated),
    tenantOutbound: async (tenantId) => ({ tenantId, allowedCountryCodes: [], outsideTransfers: false, suspended: null, ...outbound }),
    locateUser: async () => [],
    numberPolicy: async () => undefined,
    tenantTimeZone: async () => 'Asia/Shanghai',
    lastAnsweredBy: async () => undefined,
    lastCallEnds: async () => new Map(),
    describeCaller,
  });
  const route = (dir: RoutingDirectory, refuseUnrated = false) =>
    new NumberRouter(dir, { ringTimeoutMs: 20000, refuseUnrated }).route({ dialled: '4006123456', caller: '13910000000', source: { kind: 'trunk', trunkId: 'tr1', name: 'carrier' } });

  test('a stored +882 bound phone is not rung: 403 Destination Not Allowed; a domestic one next to it still is', async () => {
    assert.deepEqual(await route(directory([{ kind: 'pstn', target: '+88216000000' }], {})), { kind: 'reject', status: 403, reason: 'Destination Not Allowed' });
    const d = await route(directory([{ kind: 'pstn', target: '+88216000000' }, { kind: 'pstn', target: '+8613800138000' }], {}));
    assert.equal(d.kind, 'dial');
    assert.deepEqual(d.kind === 'dial' && d.targets.map((t) => (t.kind === 'pstn' ? t.number : t.username)), ['13800138000']);
  });

  test('a suspended tenant rings no PSTN phone: 403 Outbound Suspended', async () => {
    assert.deepEqual(await route(directory([{ kind: 'pstn', target: '+8613800138000' }], { suspended: { at: '2026-12-07T00:00:00.000Z', reason: 'test' } })), { kind: 'reject', status: 403, reason: 'Outbound Suspended' });
  });

  test('an unrated call out through the trunk is refused (403 Not Rated), never free; a rated one goes', async () => {
    const phones: BoundPhone[] = [{ kind: 'pstn', target: '+12125550123' }];
    assert.deepEqual(await route(directory(phones, { allowedCountryCodes: ['1'] }, ['inbound_forward_mobile']), true), { kind: 'reject', status: 403, reason: 'Not Rated' });
    assert.equal((await route(directory(phones, { allowedCountryCodes: ['1'] }, ['inbound_forward_international']), true)).kind, 'dial');
  });
});

forEachDialect('destinations through the API', ({ open }) => {
  let h: ApiHarness;
  let w: TwoTenants;
  let operator: Caller;
  before(async () => {
    h = await ApiHarness.start(await open());
    w = await twoTenants(h);
    operator = await h.as(null, 'ops', 'operator_admin');
  });
  after(() => h?.close());

  const bind = (target: string) => h.call(w.admin, 'PUT', '/api/v1/routing/numbers/4006123456/bound-phones', { body: [{ kind: 'pstn', target }] });

  test('binding +882, +1 900, Comoros or Cuba is a 422 DESTINATION_NOT_ALLOWED; a Chinese mobile binds', async () => {
    for (const target of ['+88216000000', '+19005550123', '+2697712345', '+5352123456']) {
      const res = await bind(target);
      assert.equal(res.statusCode, 422, `${target}: ${res.body}`);
      assert.equal(res.json().code, 'DESTINATION_NOT_ALLOWED');
      assert.equal(res.json().details.number, target);
    }
    assert.equal((await bind('+8613800138000')).statusCode, 200);
  });

  test('forwarding to +882 is refused too', async () => {
    const res = await h.call(w.admin, 'PUT', '/api/v1/routing/numbers/4006123456/policy', { body: { forwarding: { onBusy: ['+88216000000'] } } });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().code, 'DESTINATION_NOT_ALLOWED');
    assert.equal((await h.call(w.admin, 'PUT', '/api/v1/routing/numbers/4006123456/policy', { body: { forwarding: { onBusy: ['13900000001'] } } })).statusCode, 200);
  });

  test('the operator allows +1 for the tenant: +1 212 binds, +1 900 stays refused; tenants cannot change it', async () => {
    assert.equal((await h.call(w.admin, 'PUT', `/api/v1/tenants/${w.tenantId}/outbound`, { body: { allowedCountryCodes: ['1'] } })).statusCode, 403);
    const set = await h.call(operator, 'PUT', `/api/v1/tenants/${w.tenantId}/outbound`, { body: { allowedCountryCodes: ['+1'] } });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json(), { tenantId: w.tenantId, allowedCountryCodes: ['1'], outsideTransfers: false, suspended: null });
    assert.equal((await bind('+12125550123')).statusCode, 200);
    assert.equal((await bind('+19005550123')).statusCode, 422);
    const bad = await h.call(operator, 'PUT', `/api/v1/tenants/${w.tenantId}/outbound`, { body: { allowedCountryCodes: ['abc'] } });
    assert.equal(bad.statusCode, 400);
    assert.equal((await h.call(operator, 'POST', `/api/v1/tenants/${w.tenantId}/outbound/lift-suspension`)).statusCode, 409, 'nothing to lift');
  });

  test('outside transfers: off by default, the operator turns them on and off (audited); the countries stay; tenants cannot', async () => {
    const url = `/api/v1/tenants/${w.tenantId}/outbound`;
    assert.equal((await h.call(operator, 'GET', url)).json().outsideTransfers, false);
    assert.equal((await h.call(w.admin, 'PUT', url, { body: { outsideTransfers: true } })).statusCode, 403);
    const empty = await h.call(operator, 'PUT', url, { body: {} });
    assert.equal(empty.statusCode, 400, empty.body);
    const before = (await h.call(operator, 'GET', url)).json();
    const bad = await h.call(operator, 'PUT', url, { body: { outsideTransfers: true, allowedCountryCodes: ['x'] } });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual((await h.call(operator, 'GET', url)).json(), before, 'a bad body changes nothing');
    const on = await h.call(operator, 'PUT', url, { body: { outsideTransfers: true } });
    assert.equal(on.statusCode, 200, on.body);
    assert.deepEqual(on.json(), { ...before, outsideTransfers: true }, 'the countries are kept');
    const audit = await h.call(operator, 'GET', `/api/v1/audit/platform?tenantId=${w.tenantId}&action=tenant.outbound.transfers`);
    assert.equal(audit.statusCode, 200, audit.body);
    assert.match(audit.body, /tenant\.outbound\.transfers/);
    const off = await h.call(operator, 'PUT', url, { body: { outsideTransfers: false } });
    assert.equal(off.json().outsideTransfers, false);
  });
});
