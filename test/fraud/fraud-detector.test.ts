/**
 * Issue 11 finding 5: per-tenant caps and fraud_detection-style levels on calls out through a
 * trunk; a critical level suspends the tenant's outbound calls (in the store: the router refuses
 * the next call) and alerts its contact; the operator lifts it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FraudDetector } from '../../src/fraud/fraud-detector.ts';
import type { FraudEvent } from '../../src/fraud/fraud-detector.ts';
import type { TenantOutboundSettings } from '../../src/config/settings.ts';
import { getTenantOutbound } from '../../src/fraud/outbound-store.ts';
import { tenantCallGuard } from '../../src/platform/tenant-call-guard.ts';
import { routingDirectory } from '../../src/platform/routing-directory.ts';
import { NumberRouter } from '../../src/routing/number-router.ts';
import { setBoundPhones } from '../../src/routing/bound-phone-store.ts';
import { Registrar } from '../../src/sip/registrar/registrar.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import type { TrunkDirectory } from '../../src/trunks/trunk-directory.ts';
import type { Trunk } from '../../src/trunks/trunk.ts';
import type { RouteDecision } from '../../src/calls/ports.ts';
import { ApiHarness } from '../api/support/api-harness.ts';
import type { Caller } from '../api/support/api-harness.ts';
import { twoTenants } from '../api/support/two-tenants.ts';
import type { TwoTenants } from '../api/support/two-tenants.ts';
import { openFresh } from '../support/databases.ts';

const OFF = { warning: 0, critical: 0 };
const limits = (over: Partial<TenantOutboundSettings>): TenantOutboundSettings => ({ maxConcurrent: 0, maxPerMinute: 0, callsPerMinute: OFF, concurrent: OFF, callsPerHour: OFF, sequentialSameNumber: OFF, ...over });

describe('FraudDetector', () => {
  let now = 0;
  const make = (l: Partial<TenantOutboundSettings>) => {
    const events: FraudEvent[] = [];
    return { events, d: new FraudDetector({ limits: limits(l), now: () => now, onEvent: (e) => events.push(e) }) };
  };

  test('hard caps: concurrent calls and calls per minute refuse without an event; an ended call frees its place', () => {
    now = 0;
    const { d, events } = make({ maxConcurrent: 2, maxPerMinute: 3 });
    d.started('t1', 'c1', '+8613800000001');
    d.started('t1', 'c2', '+8613800000002');
    assert.deepEqual(d.refusal('t1'), { status: 403, reason: 'Tenant Concurrent Call Limit' });
    assert.equal(d.refusal('t2'), undefined, 'another tenant is not held back');
    d.ended('c1');
    assert.equal(d.refusal('t1'), undefined);
    d.started('t1', 'c3', '+8613800000003');
    d.ended('c2');
    d.ended('c3');
    assert.deepEqual(d.refusal('t1'), { status: 403, reason: 'Tenant Call Rate Limit' }, 'three started within the minute');
    now += 60_001;
    assert.equal(d.refusal('t1'), undefined, 'a minute later');
    assert.deepEqual(events, []);
  });

  test('warning then critical per metric, each reported once an hour: calls per minute, sequential same number, concurrent, per hour', () => {
    now = 1_000_000;
    const { d, events } = make({ callsPerMinute: { warning: 3, critical: 5 }, sequentialSameNumber: { warning: 2, critical: 4 }, concurrent: { warning: 4, critical: 100 }, callsPerHour: { warning: 100, critical: 6 } });
    for (let i = 0; i < 6; i++) d.started('t1', `c${i}`, '+88216000000');
    const seen = events.map((e) => `${e.metric}:${e.level}:${e.value}`);
    assert.deepEqual(seen, ['sequentialSameNumber:warning:2', 'callsPerMinute:warning:3', 'concurrent:warning:4', 'sequentialSameNumber:critical:4', 'callsPerMinute:critical:5', 'callsPerHour:critical:6']);
    d.started('t1', 'c7', '+88216000000');
    assert.equal(events.length, 6, 'no repeat within the hour');
  });

  test('sequential calls to different numbers do not count as sequential', () => {
    now = 5_000_000;
    const { d, events } = make({ sequentialSameNumber: { warning: 2, critical: 3 } });
    for (let i = 0; i < 10; i++) d.started('t1', `c${i}`, `+861380000000${i}`);
    assert.deepEqual(events, []);
  });
});

describe('a critical level suspends outbound; the router refuses; the operator lifts it', () => {
  let h: ApiHarness;
  let w: TwoTenants;
  let operator: Caller;
  let cleanup: () => Promise<void> = async () => {};
  before(async () => {
    const opened = await openFresh('sqlite');
    cleanup = opened.cleanup;
    h = await ApiHarness.start(opened.database);
    w = await twoTenants(h);
    // The alert goes to the tenant's contact: give acme a mobile.
    await h.db.withTables<{ tenants: { id: string; contact_phone: string } }>().updateTable('tenants').set({ contact_phone: '+8613800138001' }).where('id', '=', w.tenantId).execute();
    operator = await h.as(null, 'ops', 'operator_admin');
    await setBoundPhones(h.db, w.tenantId, '4006123456', [{ kind: 'pstn', target: '+8613800138000' }]);
  });
  after(async () => {
    await h.close();
    await cleanup();
  });

  test('three calls a minute at critical 3: suspended in the store, alert queued, log line; next call 403 Outbound Suspended; lifted → rings again', async () => {
    const lines: string[] = [];
    const guard = tenantCallGuard(h.db, { limits: limits({ callsPerMinute: { warning: 2, critical: 3 } }), now: () => new Date(), log: (l) => lines.push(l) });
    const trunk = { id: 'tr1', name: 'carrier', enabled: true, proxy: { host: '127.0.0.1', port: 5999, transport: 'udp' }, maxConcurrentCalls: null } as unknown as Trunk;
    const trunks = { matchSource: () => undefined, byId: () => trunk, list: () => [trunk] } as unknown as TrunkDirectory;
    const router = new NumberRouter(routingDirectory(h.db, trunks, new Registrar({ clock: systemClock }), async () => null), { ringTimeoutMs: 20000 });
    const call = () => router.route({ dialled: '4006123456', caller: '13910000000', source: { kind: 'trunk', trunkId: 'tr1', name: 'carrier' } });
    for (let i = 0; i < 3; i++) {
      const d = await call();
      assert.equal(d.kind, 'dial', JSON.stringify(d));
      guard.started(w.tenantId, `call-${i}`, d as Extract<RouteDecision, { kind: 'dial' }>);
    }
    const deadline = Date.now() + 5000;
    while ((await getTenantOutbound(h.db, w.tenantId)).suspended === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const state = await getTenantOutbound(h.db, w.tenantId);
    assert.match(state.suspended?.reason ?? '', /callsPerMinute reached 3/);
    assert.ok(lines.some((l) => /outbound fraud warning: tenant=".+" metric=callsPerMinute value=2 threshold=2$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /outbound fraud critical: .* action=suspend$/.test(l)), lines.join('\n'));
    await new Promise((r) => setTimeout(r, 100));
    const outbox = await h.db.withTables<{ notify_outbox: { template: string; tenant_id: string } }>().selectFrom('notify_outbox').select('template').where('tenant_id', '=', w.tenantId).execute();
    assert.ok(outbox.some((o) => o.template === 'outbound_suspended'), JSON.stringify(outbox));
    assert.deepEqual(await call(), { kind: 'reject', status: 403, reason: 'Outbound Suspended' });
    const seen = await h.call(operator, 'GET', `/api/v1/tenants/${w.tenantId}/outbound`);
    assert.notEqual(seen.json().suspended, null);
    const lifted = await h.call(operator, 'POST', `/api/v1/tenants/${w.tenantId}/outbound/lift-suspension`);
    assert.equal(lifted.statusCode, 200, lifted.body);
    assert.equal(lifted.json().suspended, null);
    assert.equal((await call()).kind, 'dial', 'outbound again');
  });
});
