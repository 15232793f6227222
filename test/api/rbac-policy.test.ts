import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCsrf } from '../../src/api/auth/csrf.ts';
import { hashToken, looksLikeApiKey, looksLikeToken, newApiKey, newToken, sameSecret } from '../../src/api/auth/secret-token.ts';
import { accessProblems, apiKeyRightOf, authorize, resourceOf } from '../../src/api/rbac/policy.ts';
import type { ApiKeyPrincipal, UserPrincipal } from '../../src/api/rbac/principal.ts';
import type { RouteAccess } from '../../src/api/rbac/route-access.ts';

const user = (role: UserPrincipal['role'], extra: Partial<UserPrincipal> = {}): UserPrincipal => ({
  kind: 'user',
  userId: 'u',
  username: 'u',
  role,
  tenantId: role === 'operator_admin' ? null : 'T',
  sessionId: 's',
  csrfToken: 'c',
  mustChangePassword: false,
  ...extra,
});
const key = (rights: string[]): ApiKeyPrincipal => ({ kind: 'api-key', keyId: 'k', name: 'k', tenantId: 'T', rights });
const staff: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };

test('authorize: roles, anonymity, pending password change', () => {
  assert.deepEqual(authorize(user('supervisor'), staff, 'GET', '/api/v1/queues'), { allowed: true });
  assert.deepEqual(authorize(user('agent'), staff, 'GET', '/api/v1/queues'), { allowed: false, code: 'FORBIDDEN' });
  assert.deepEqual(authorize(user('operator_admin'), staff, 'GET', '/api/v1/queues'), { allowed: false, code: 'FORBIDDEN' });
  assert.deepEqual(authorize(null, staff, 'GET', '/api/v1/queues'), { allowed: false, code: 'UNAUTHENTICATED' });
  assert.deepEqual(authorize(null, 'public', 'POST', '/api/v1/auth/sign-in'), { allowed: true });
  assert.deepEqual(authorize(user('tenant_admin', { mustChangePassword: true }), staff, 'GET', '/api/v1/queues'), { allowed: false, code: 'PASSWORD_CHANGE_REQUIRED' });
  assert.deepEqual(authorize(user('agent', { mustChangePassword: true }), { ...staff, roles: ['agent'], allowPendingPasswordChange: true }, 'GET', '/x'), { allowed: true });
  assert.deepEqual(authorize(user('agent', { tenantId: null }), { roles: ['agent'], tenantScoped: true }, 'GET', '/x'), { allowed: false, code: 'FORBIDDEN' });
});

test('authorize: API keys need the right, a tenant-scoped route, and a route open to keys', () => {
  assert.deepEqual(authorize(key(['queues:read']), staff, 'GET', '/api/v1/queues/:id'), { allowed: true });
  assert.deepEqual(authorize(key(['queues:read']), staff, 'PATCH', '/api/v1/queues/:id'), { allowed: false, code: 'FORBIDDEN' });
  assert.deepEqual(authorize(key(['queues:write']), staff, 'DELETE', '/api/v1/queues/:id'), { allowed: true });
  assert.deepEqual(authorize(key(['queues:read']), { ...staff, tenantScoped: false }, 'GET', '/api/v1/queues'), { allowed: false, code: 'FORBIDDEN' });
  assert.deepEqual(authorize(key(['queues:read']), { ...staff, apiKeyRight: false }, 'GET', '/api/v1/queues'), { allowed: false, code: 'FORBIDDEN' });
  assert.deepEqual(authorize(key(['cdr:export']), { ...staff, apiKeyRight: 'cdr:export' }, 'POST', '/api/v1/cdr/export'), { allowed: true });
});

test('default rights come from the first path segment and the method', () => {
  assert.equal(resourceOf('/api/v1/rate-plans/:id/routes'), 'rate-plans');
  assert.equal(apiKeyRightOf(staff, 'GET', '/api/v1/rate-plans/:id'), 'rate-plans:read');
  assert.equal(apiKeyRightOf(staff, 'HEAD', '/api/v1/rate-plans'), 'rate-plans:read');
  assert.equal(apiKeyRightOf(staff, 'POST', '/api/v1/rate-plans'), 'rate-plans:write');
});

test('route declarations are checked', () => {
  assert.deepEqual(accessProblems('public'), []);
  assert.deepEqual(accessProblems(staff), []);
  assert.equal(accessProblems(undefined).length, 1);
  assert.equal(accessProblems({ roles: [], tenantScoped: true }).length, 1);
  assert.equal(accessProblems({ roles: ['agent'] }).length, 1);
  assert.equal(accessProblems({ roles: ['agent'], tenantScoped: true, apiKeyRight: 'everything' }).length, 1);
});

test('CSRF: safe methods pass; a session needs its own token; anonymous needs the header; keys need nothing', () => {
  const session = { kind: 'session', csrfToken: 'tok' } as const;
  assert.equal(checkCsrf('GET', undefined, session), 'ok');
  assert.equal(checkCsrf('POST', undefined, session), 'missing');
  assert.equal(checkCsrf('POST', '', session), 'missing');
  assert.equal(checkCsrf('PATCH', 'other', session), 'mismatch');
  assert.equal(checkCsrf('DELETE', ['tok', 'tok'], session), 'missing');
  assert.equal(checkCsrf('PUT', 'tok', session), 'ok');
  assert.equal(checkCsrf('POST', undefined, { kind: 'anonymous' }), 'missing');
  assert.equal(checkCsrf('POST', 'anything', { kind: 'anonymous' }), 'ok');
  assert.equal(checkCsrf('POST', undefined, { kind: 'api-key' }), 'ok');
});

test('tokens are 256-bit base64url, keys prefixed, hashes one-way and stable', () => {
  const t = newToken();
  assert.ok(looksLikeToken(t));
  assert.equal(Buffer.from(t, 'base64url').length, 32);
  assert.notEqual(newToken(), t);
  const k = newApiKey();
  assert.ok(looksLikeApiKey(k));
  assert.ok(!looksLikeApiKey(t));
  assert.equal(hashToken(t), hashToken(t));
  assert.match(hashToken(t), /^[0-9a-f]{64}$/);
  assert.ok(sameSecret('abc', 'abc'));
  assert.ok(!sameSecret('abc', 'abd'));
  assert.ok(!sameSecret('abc', 'abcd'));
});
