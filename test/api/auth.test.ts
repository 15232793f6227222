import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { ApiHarness, STRONG_PASSWORD, sessionFrom } from './support/api-harness.ts';

const HOUR = 3600_000;

forEachDialect('api auth', ({ open }) => {
  let h: ApiHarness;
  before(async () => {
    h = await ApiHarness.start(await open(), { secureCookies: true });
  });
  after(() => h?.close());

  test('sign-in sets an HttpOnly, SameSite, Secure __Host- cookie holding a 256-bit token, stored only hashed', async () => {
    await h.user('TA', 'cookie.user', 'tenant_admin');
    const res = await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username: 'Cookie.User', password: STRONG_PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === '__Host-hotline_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
    const body = res.json();
    assert.equal(body.user.username, 'cookie.user');
    assert.equal(typeof body.csrfToken, 'string');
    assert.ok(!('passwordHash' in body.user));
    const rows = await h.db.withTables<{ user_sessions: { token_hash: string } }>().selectFrom('user_sessions').select('token_hash').execute();
    assert.ok(rows.every((r) => r.token_hash !== cookie.value));
  });

  test('wrong password and unknown user get the same 401', async () => {
    await h.user('TA', 'pw.user', 'agent');
    const wrong = await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username: 'pw.user', password: 'nope' } });
    const unknown = await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username: 'ghost', password: 'nope' } });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json().code, 'INVALID_CREDENTIALS');
  });

  test('no session → 401 UNAUTHENTICATED; a garbage cookie → 401 SESSION_EXPIRED', async () => {
    const none = await h.call({ kind: 'anonymous' }, 'GET', '/api/v1/auth/me');
    assert.equal(none.json().code, 'UNAUTHENTICATED');
    const junk = await h.call({ kind: 'session', cookie: '__Host-hotline_session=garbage', csrfToken: 'x' }, 'GET', '/api/v1/auth/me');
    assert.equal(junk.statusCode, 401);
    assert.equal(junk.json().code, 'SESSION_EXPIRED');
  });

  test('sign-out revokes the session server-side: the old cookie is dead', async () => {
    const s = await h.as('TA', 'leaver', 'agent');
    assert.equal((await h.call(s, 'GET', '/api/v1/auth/me')).statusCode, 200);
    const out = await h.call(s, 'POST', '/api/v1/auth/sign-out');
    assert.equal(out.statusCode, 204);
    const again = await h.call(s, 'GET', '/api/v1/auth/me');
    assert.equal(again.statusCode, 401);
    assert.equal(again.json().code, 'SESSION_EXPIRED');
  });

  test('sign-in rotates: the session cookie presented at sign-in is revoked and a new token issued', async () => {
    const first = await h.as('TA', 'rotator', 'agent');
    const res = await h.call(first, 'POST', '/api/v1/auth/sign-in', { body: { username: 'rotator', password: STRONG_PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    const second = sessionFrom(res);
    assert.notEqual(second.cookie, first.cookie);
    assert.equal((await h.call(first, 'GET', '/api/v1/auth/me')).statusCode, 401);
    assert.equal((await h.call(second, 'GET', '/api/v1/auth/me')).statusCode, 200);
  });

  test('a user revokes another of their sessions; another user cannot', async () => {
    const laptop = await h.as('TA', 'two.devices', 'supervisor');
    const phone = await h.signIn('two.devices');
    const list = await h.call(laptop, 'GET', '/api/v1/auth/sessions');
    assert.equal(list.statusCode, 200);
    const phoneEntry = (list.json() as Array<{ id: string; current: boolean }>).find((s) => !s.current);
    assert.ok(phoneEntry);
    const stranger = await h.as('TA', 'stranger', 'agent');
    assert.equal((await h.call(stranger, 'DELETE', `/api/v1/auth/sessions/${phoneEntry.id}`)).statusCode, 404);
    assert.equal((await h.call(phone, 'GET', '/api/v1/auth/me')).statusCode, 200);
    assert.equal((await h.call(laptop, 'DELETE', `/api/v1/auth/sessions/${phoneEntry.id}`)).statusCode, 204);
    assert.equal((await h.call(phone, 'GET', '/api/v1/auth/me')).statusCode, 401);
    assert.equal((await h.call(laptop, 'GET', '/api/v1/auth/me')).statusCode, 200);
  });

  test('sessions expire when idle and at their absolute end (fake clock)', async () => {
    const s = await h.as('TA', 'sleepy', 'agent');
    h.clock.advance(2 * HOUR - 1000);
    assert.equal((await h.call(s, 'GET', '/api/v1/auth/me')).statusCode, 200, 'just inside the idle window');
    h.clock.advance(2 * HOUR + 1000);
    assert.equal((await h.call(s, 'GET', '/api/v1/auth/me')).json().code, 'SESSION_EXPIRED');
    const busy = await h.signIn('sleepy');
    for (let i = 0; i < 12; i++) {
      h.clock.advance(HOUR - 1);
      assert.equal((await h.call(busy, 'GET', '/api/v1/auth/me')).statusCode, 200, `hour ${i}`);
    }
    h.clock.advance(20);
    assert.equal((await h.call(busy, 'GET', '/api/v1/auth/me')).statusCode, 401, 'absolute lifetime of 12 h');
  });

  test('CSRF: a state change with the session but without or with a wrong X-CSRF-Token is refused and changes nothing', async () => {
    const admin = await h.as('TC', 'csrf.admin', 'tenant_admin');
    const body = { username: 'csrf.victim', role: 'agent', displayName: 'x' };
    const missing = await h.call(admin, 'POST', '/api/v1/users', { body, noCsrf: true });
    assert.equal(missing.statusCode, 403);
    assert.equal(missing.json().code, 'CSRF_REJECTED');
    const wrong = await h.call(admin, 'POST', '/api/v1/users', { body, headers: { 'x-csrf-token': 'forged' }, noCsrf: true });
    assert.equal(wrong.statusCode, 403);
    const other = await h.as('TC', 'csrf.other', 'tenant_admin');
    const crossed = await h.call(admin, 'POST', '/api/v1/users', { body, headers: { 'x-csrf-token': other.csrfToken }, noCsrf: true });
    assert.equal(crossed.statusCode, 403, "another session's token does not fit");
    const list = await h.call(admin, 'GET', '/api/v1/users', { noCsrf: true });
    assert.equal(list.statusCode, 200, 'reads need no token');
    assert.ok(!(list.json() as Array<{ username: string }>).some((u) => u.username === 'csrf.victim'));
    assert.equal((await h.call(admin, 'POST', '/api/v1/users', { body })).statusCode, 201);
  });

  test('CSRF: sign-in without the custom header (a plain form post) is refused; text/plain bodies are 415', async () => {
    await h.user('TA', 'form.user', 'agent');
    const res = await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username: 'form.user', password: STRONG_PASSWORD }, noCsrf: true });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'CSRF_REJECTED');
    const plain = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'text/plain', 'x-csrf-token': '1' },
      payload: JSON.stringify({ username: 'form.user', password: STRONG_PASSWORD }),
    });
    assert.equal(plain.statusCode, 415);
    assert.equal(plain.json().code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('change password: checks the current one and strength, ends other sessions, rotates this one', async () => {
    const a = await h.as('TA', 'changer', 'agent');
    const b = await h.signIn('changer');
    const wrongCurrent = await h.call(a, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: 'nope', newPassword: 'An0ther-Str0ng!' } });
    assert.equal(wrongCurrent.json().code, 'INVALID_CREDENTIALS');
    const weak = await h.call(a, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: STRONG_PASSWORD, newPassword: '654321' } });
    assert.equal(weak.statusCode, 422);
    assert.equal(weak.json().code, 'WEAK_PASSWORD');
    const ok = await h.call(a, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: STRONG_PASSWORD, newPassword: 'An0ther-Str0ng!' } });
    assert.equal(ok.statusCode, 200, ok.body);
    const fresh = sessionFrom(ok);
    assert.equal((await h.call(a, 'GET', '/api/v1/auth/me')).statusCode, 401, 'this session was rotated');
    assert.equal((await h.call(b, 'GET', '/api/v1/auth/me')).statusCode, 401, 'other sessions ended');
    assert.equal((await h.call(fresh, 'GET', '/api/v1/auth/me')).statusCode, 200);
    assert.equal((await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username: 'changer', password: STRONG_PASSWORD } })).statusCode, 401);
    await h.signIn('changer', 'An0ther-Str0ng!');
  });

  test('a password set by an admin must be changed at first sign-in: every other route answers 403 PASSWORD_CHANGE_REQUIRED', async () => {
    const admin = await h.as('TF', 'first.admin', 'tenant_admin');
    const created = await h.call(admin, 'POST', '/api/v1/users', { body: { username: 'newbie', role: 'supervisor', displayName: 'N', password: 'Temp-Passw0rd-1' } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().mustChangePassword, true);
    const newbie = await h.signIn('newbie', 'Temp-Passw0rd-1');
    const blocked = await h.call(newbie, 'GET', '/api/v1/users');
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().code, 'PASSWORD_CHANGE_REQUIRED');
    const me = await h.call(newbie, 'GET', '/api/v1/auth/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.mustChangePassword, true);
    const changed = await h.call(newbie, 'POST', '/api/v1/auth/change-password', { body: { currentPassword: 'Temp-Passw0rd-1', newPassword: 'Mine-N0w-Strong' } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal((await h.call(sessionFrom(changed), 'GET', '/api/v1/users')).statusCode, 200);
  });

  test('disabling a user ends their sessions and refuses their sign-in', async () => {
    const admin = await h.as('TD', 'dis.admin', 'tenant_admin');
    const victimId = await h.user('TD', 'dis.agent', 'agent');
    const victim = await h.signIn('dis.agent');
    const res = await h.call(admin, 'PATCH', `/api/v1/users/${victimId}`, { body: { disabled: true } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await h.call(victim, 'GET', '/api/v1/auth/me')).statusCode, 401);
    const again = await h.call({ kind: 'anonymous' }, 'POST', '/api/v1/auth/sign-in', { body: { username: 'dis.agent', password: STRONG_PASSWORD } });
    assert.equal(again.json().code, 'ACCOUNT_DISABLED');
  });

  test('secrets never come back: user responses carry no hash, HA1 or SIP password', async () => {
    const admin = await h.as('TS', 'sec.admin', 'tenant_admin');
    const res = await h.call(admin, 'POST', '/api/v1/users', { body: { username: 'sec.agent', role: 'agent', displayName: 'S', password: 'Temp-Passw0rd-1', sipUsername: 'sec8001', sipPassword: 'sip-secret-99' } });
    assert.equal(res.statusCode, 201, res.body);
    const list = await h.call(admin, 'GET', '/api/v1/users');
    for (const text of [res.body, list.body]) {
      assert.ok(!/Temp-Passw0rd-1|sip-secret-99|scrypt\$|ha1/i.test(text), text);
    }
    assert.equal(res.json().hasSipPassword, true);
  });

  test('malformed credentials in headers are a 4xx, never a 5xx', async () => {
    const s = await h.as('TA', 'header.fuzz', 'agent');
    const cases: Array<Record<string, string | string[]>> = [
      { cookie: '__Host-hotline_session=%E0%A4%A' },
      { cookie: '__Host-hotline_session="unterminated' },
      { cookie: `__Host-hotline_session=${'A'.repeat(43)}` },
      { cookie: `${s.cookie}; __Host-hotline_session=other` },
      { cookie: '__Host-hotline_session=' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer hk_' + '\u00e9'.repeat(43) },
      { authorization: `Bearer ${'x'.repeat(5000)}` },
      { cookie: s.cookie, 'x-csrf-token': [s.csrfToken, s.csrfToken] },
    ];
    for (const headers of cases) {
      const get = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
      const post = await h.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers });
      for (const res of [get, post]) {
        assert.ok(res.statusCode >= 200 && res.statusCode < 500, `${JSON.stringify(headers).slice(0, 80)}: ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) assert.equal(typeof res.json().code, 'string');
      }
    }
  });
});
