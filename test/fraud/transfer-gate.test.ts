/**
 * A blind transfer to an outside number (REFER, the API) passes the same toll-fraud gate as every
 * other call out: for a tenant allowed to transfer outside, a suspended tenant, a premium or
 * satellite number, or a country the operator has not allowed is refused; a domestic number goes
 * out through the trunk in its national form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transferTargets } from '../../src/platform/transfer-targets.ts';
import type { RoutingDirectory } from '../../src/routing/number-router.ts';
import type { TenantOutbound } from '../../src/fraud/outbound-store.ts';
import type { Trunk } from '../../src/trunks/trunk.ts';

const trunk = { id: 'tr1', name: 'carrier', enabled: true, proxy: { host: '127.0.0.1', port: 5070, transport: 'udp' }, maxConcurrentCalls: null } as unknown as Trunk;

function policy(outbound: Omit<TenantOutbound, 'tenantId' | 'outsideTransfers'>, outsideTransfers = true) {
  const dir = {
    locateUser: async () => [],
    outboundTrunk: () => trunk,
    tenantOutbound: async (tenantId: string) => ({ tenantId, ...outbound, outsideTransfers }),
  } as unknown as RoutingDirectory;
  return transferTargets(dir);
}

test('a domestic number: through the trunk, national form', async () => {
  const r = await policy({ allowedCountryCodes: [], suspended: null }).resolve('t1', '+8613800138000');
  assert.deepEqual(r.kind === 'target' && r.target.kind === 'pstn' && [r.target.number, r.target.trunkId], ['13800138000', 'tr1']);
});

test('a suspended tenant: refused Outbound Suspended, whatever the number', async () => {
  const r = await policy({ allowedCountryCodes: [], suspended: { at: '2026-12-07T18:00:00.000Z', reason: 'callsPerMinute reached 60' } }).resolve('t1', '13800138000');
  assert.deepEqual(r, { kind: 'refused', reason: 'Outbound Suspended' });
});

test('satellite, premium and not-allowed countries: refused Destination Not Allowed', async () => {
  const p = policy({ allowedCountryCodes: ['1'], suspended: null });
  for (const n of ['+88216000000', '+19005550100', '+442079460000']) assert.deepEqual(await p.resolve('t1', n), { kind: 'refused', reason: 'Destination Not Allowed' }, n);
  const us = await p.resolve('t1', '+12025550100');
  assert.equal(us.kind, 'target', 'an allowed country goes out');
});

test('a tenant not allowed outside transfers is refused before the gate is asked', async () => {
  const r = await policy({ allowedCountryCodes: [], suspended: null }, false).resolve('t1', '13800138000');
  assert.deepEqual(r, { kind: 'refused', reason: 'transfers to outside numbers are not allowed for this tenant' });
});
