/**
 * Issue 11 finding 4 through the API: a tenant admin cannot bind another tenant's SIP user as a
 * bound phone (the same 422 as for a name nobody has), and creating a user named like another
 * tenant's gets the very answer a clash in the own tenant gets — naming nobody.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness } from './support/api-harness.ts';
import { twoTenants } from './support/two-tenants.ts';
import type { TwoTenants } from './support/two-tenants.ts';

forEachDialect('SIP tenancy', ({ open }) => {
  let h: ApiHarness;
  let w: TwoTenants;
  before(async () => {
    h = await ApiHarness.start(await open());
    w = await twoTenants(h);
    await h.user(w.tenantId, 'acme-phone', 'agent', { sipUsername: '1001', sipPassword: 'phone-secret-1' });
    await h.user(w.otherTenantId, 'beta-phone', 'agent', { sipUsername: '2001', sipPassword: 'phone-secret-2' });
  });
  after(() => h?.close());

  const bind = (phones: unknown) => h.call(w.admin, 'PUT', '/api/v1/routing/numbers/4006123456/bound-phones', { body: phones });

  test("binding another tenant's SIP user is a 422 UNKNOWN_SIP_USER, the same as an unknown name, and changes nothing", async () => {
    assert.equal((await bind([{ kind: 'sip', target: '1001' }])).statusCode, 200, 'the own SIP user binds');
    const foreign = await bind([{ kind: 'sip', target: '1001' }, { kind: 'sip', target: '2001' }]);
    assert.equal(foreign.statusCode, 422, foreign.body);
    assert.equal(foreign.json().code, 'UNKNOWN_SIP_USER');
    const unknown = await bind([{ kind: 'sip', target: '1001' }, { kind: 'sip', target: '2002' }]);
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().message.replace('2002', 'X'), foreign.json().message.replace('2001', 'X'), 'nothing tells the two apart');
    const view = await h.call(w.admin, 'GET', '/api/v1/routing/numbers/4006123456');
    assert.deepEqual(view.json().boundPhones, [{ kind: 'sip', target: '1001' }], 'the refused change changed nothing');
  });

  test("creating a user or SIP user named like another tenant's gets the answer of an own-tenant clash", async () => {
    const body = (username: string, sipUsername?: string) => ({ username, role: 'supervisor', displayName: 'x', ...(sipUsername ? { sipUsername, sipPassword: 'phone-secret-9' } : {}) });
    const ownName = await h.call(w.admin, 'POST', '/api/v1/users', { body: body('acme-phone') });
    const otherName = await h.call(w.admin, 'POST', '/api/v1/users', { body: body('beta-phone') });
    assert.equal(otherName.statusCode, 409);
    assert.deepEqual(otherName.json(), ownName.json());
    assert.equal(otherName.json().code, 'NAME_UNAVAILABLE');
    assert.doesNotMatch(otherName.body, /beta|2001/);
    const ownSip = await h.call(w.admin, 'POST', '/api/v1/users', { body: body('fresh-one', '1001') });
    const otherSip = await h.call(w.admin, 'POST', '/api/v1/users', { body: body('fresh-two', '2001') });
    assert.equal(otherSip.statusCode, 409);
    assert.deepEqual(otherSip.json(), ownSip.json());
    assert.doesNotMatch(otherSip.body, /2001|beta/);
  });
});

test.todo('per-tenant SIP domains (sip:1001@acme.example): SIP user names unique per tenant, so a clash with another tenant is not even "in use" — not built (judged too deep to land safely this session): it needs a tenant SIP domain (migration + import format + API), users unique on (tenant, sip username) instead of platform-wide, the digest gate looking credentials up by (domain of the From/To URI, user) rather than user alone (src/platform/platform.ts → users/find-sip-credentials.ts), the registrar (src/sip/registrar, a leaf) keying bindings by the full AoR user@domain, the B2BUA identifying a SIP caller as (tenant, user), routing-directory.locateUser and transfer-targets resolving the AoR, and the SIP-over-WebSocket path (landing now in src/sip) doing the same; plus every deployed phone re-provisioned with its domain');
