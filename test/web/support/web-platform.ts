/**
 * The whole platform on loopback serving the built web app (web/dist, built by `npm test` before
 * the tests run), with one enterprise (400-612-3456, documents verified), its admin by name, and an
 * operator admin: what the browser tests sign in to.
 */
import { existsSync } from 'node:fs';
import { afterEach } from 'node:test';
import type { Kysely } from 'kysely';
import { systemActor } from '../../../src/audit/actor.ts';
import { DEFAULT_WEB_ROOT } from '../../../src/api/web-app.ts';
import { issueNumberLogin } from '../../../src/users/number-login.ts';
import { TEST_SCRYPT } from '../../../src/users/password.ts';
import { revokeSessionsOf } from '../../../src/users/update-user.ts';
import { upsertUser } from '../../../src/users/upsert-user.ts';
import { findUserRowByUsername } from '../../../src/users/user-store.ts';
import { usersSettings } from '../../../src/users/users-settings.ts';
import { collectPageErrors, newContext, screenshot } from '../../support/browser.ts';
import { startHarness, tenantWithNumber } from '../../support/platform-harness.ts';
import type { Harness } from '../../support/platform-harness.ts';
import { NUMBER, tenantIdOf } from '../../support/trunk-call.ts';

export const ADMIN = { username: 'acme-admin', password: 'Acme-Admin-2026!', displayName: '王管理' };
export const OPERATOR = { username: 'ops-admin', password: 'Ops-Admin-2026!', displayName: '平台运维' };
export { NUMBER };

export interface WebPlatform {
  h: Harness;
  baseURL: string;
  tenantId: string;
  db: Kysely<object>;
  /** Issues the 400-number login (P1) and returns its 6-digit first password. */
  issueNumberPassword(): Promise<string>;
  /** Ends every session of a user, as an expiry or an admin would. */
  endSessionsOf(username: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startWebPlatform(): Promise<WebPlatform> {
  if (!existsSync(`${DEFAULT_WEB_ROOT}/index.html`)) throw new Error('web/dist is not built: run node scripts/build-web.mjs (npm test does)');
  const h = await startHarness();
  const settings = usersSettings({ scrypt: TEST_SCRYPT, sipRealm: h.platform.settings.sipRealm });
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: 5999, transport: 'udp' } }],
    tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }], [{ username: ADMIN.username, role: 'tenant_admin', displayName: ADMIN.displayName, password: ADMIN.password }])],
  });
  const db = h.platform.database.db;
  await upsertUser(db, { tenantId: null, username: OPERATOR.username, role: 'operator_admin', displayName: OPERATOR.displayName, password: OPERATOR.password, mustChangePassword: false }, systemActor('test'), settings);
  const tenantId = await tenantIdOf(h);
  return {
    h,
    db,
    tenantId,
    baseURL: `http://127.0.0.1:${h.platform.httpPort}`,
    issueNumberPassword: async () => (await issueNumberLogin(db, { tenantId, number: NUMBER }, systemActor('test'), settings)).password,
    endSessionsOf: async (username) => {
      const row = await findUserRowByUsername(db, username);
      if (!row) throw new Error(`no user ${username}`);
      await revokeSessionsOf(db, row.id, new Date());
    },
    stop: () => h.stop(),
  };
}

/** Switches the app's language with the header's (or sign-in page's) switch, as a user clicks it. */
export async function switchToEnglish(page: import('playwright-core').Page): Promise<void> {
  await page.getByRole('group', { name: '语言' }).getByText('English', { exact: true }).click();
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
}

/** Signs in on the sign-in page by name and waits to land on `path`. */
export async function signInByName(page: import('playwright-core').Page, who: { username: string; password: string }, path: string): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(path)}`);
  await page.locator('input#sign-in-name_username').fill(who.username);
  await page.locator('input#sign-in-name_password').fill(who.password);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === path.split('?')[0]);
}

/**
 * Opens pages signed in by name as `who`, each in a fresh context. A test that fails leaves its
 * page open: its screenshot is kept as `<failedShot>-<n>`.
 */
export function signedInPages(
  ready: () => { browser: import('playwright-core').Browser; baseURL: string },
  who: { username: string; password: string },
  failedShot: string,
): (path: string, locale?: 'zh-CN' | 'en-US') => Promise<{ page: import('playwright-core').Page; errors: string[] }> {
  let current: import('playwright-core').Page | undefined;
  let failures = 0;
  afterEach(async () => {
    if (current && !current.isClosed()) await screenshot(current, `${failedShot}-${++failures}`).catch(() => undefined);
  });
  return async (path, locale = 'zh-CN') => {
    const { browser, baseURL } = ready();
    const page = await (await newContext(browser, baseURL, locale)).newPage();
    const errors = collectPageErrors(page);
    await signInByName(page, who, path);
    current = page;
    return { page, errors };
  };
}
