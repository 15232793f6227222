/**
 * The web app's front door in Debian's Chromium: sign-in by name and by 400 number (P1, with the
 * required first password change), keyboard only, the menu per role, English, and a session that
 * ends while the user works sending them to sign in and back to the same page.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot, webSuite } from '../support/web-suite.ts';
import { ADMIN, NUMBER, OPERATOR, switchToEnglish } from './support/web-platform.ts';

describe('web app: sign-in and the shell', () => {
  const web = webSuite({ failedShot: 'sign-in' });
  const page = web.page;

  test('zh-CN: a tenant admin signs in by name and lands on the portal with its menu', async () => {
    const { page: pg, errors } = await page();
    await pg.goto('/');
    await pg.waitForURL(/\/sign-in\?next=/);
    assert.equal(await pg.getAttribute('html', 'lang'), 'zh-CN');
    await pg.getByText('账号登录', { exact: true }).waitFor();
    await screenshot(pg, 'sign-in-zh');
    await pg.getByLabel('用户名').fill(ADMIN.username);
    await pg.getByLabel('密码').fill('wrong-password-1');
    await pg.getByRole('button', { name: '登 录' }).or(pg.getByRole('button', { name: '登录' })).click();
    await pg.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await pg.getByLabel('密码').fill(ADMIN.password);
    await pg.keyboard.press('Enter');
    await pg.waitForURL(/\/portal\/dashboard$/);
    const nav = pg.getByRole('navigation');
    for (const item of ['概览', '通话记录', '消费统计', '号码管理']) await nav.getByText(item, { exact: true }).waitFor();
    assert.match(await pg.getByTestId('signed-in-user').innerText(), /王管理 · 企业管理员/);
    await screenshot(pg, 'portal-shell-zh');
    assert.deepEqual(errors, []);
    await pg.context().close();
  });

  test('keyboard only: the sign-in form is reached, filled and sent with the keyboard', async () => {
    const { page: pg } = await page();
    await pg.goto('/sign-in');
    // The user name field has the focus on arrival; Tab reaches the password; Enter sends.
    await pg.getByLabel('用户名').waitFor();
    assert.equal(await pg.evaluate(() => document.activeElement?.id), await pg.getByLabel('用户名').getAttribute('id'));
    await pg.keyboard.type(ADMIN.username);
    await pg.keyboard.press('Tab');
    assert.equal(await pg.evaluate(() => document.activeElement?.getAttribute('type')), 'password');
    await pg.keyboard.type(ADMIN.password);
    await pg.keyboard.press('Enter');
    await pg.waitForURL(/\/portal\/dashboard$/);
    await pg.context().close();
  });

  test('en: the 400 number signs in with its 6-digit password, must change it, then reaches the portal', async () => {
    const first = await web.p.issueNumberPassword();
    assert.match(first, /^\d{6}$/);
    const { page: pg, errors } = await page('en-US');
    await pg.goto('/sign-in');
    await switchToEnglish(pg);
    await pg.getByText('400 number', { exact: true }).click();
    await pg.getByRole('textbox', { name: '400 number' }).fill('400-612-3456');
    await pg.getByLabel('6-digit password').fill(first);
    await screenshot(pg, 'sign-in-number-en');
    await pg.keyboard.press('Enter');
    await pg.waitForURL(/\/change-password\?next=/);
    await pg.getByText('Please change your password before going on').waitFor();
    await pg.getByLabel('Current password').fill(first);
    await pg.getByLabel('New password', { exact: true }).fill('Acme-Number-2026!');
    await pg.getByLabel('Repeat the new password').fill('Acme-Number-2026!');
    await screenshot(pg, 'change-password-en');
    await pg.getByRole('button', { name: 'Save' }).click();
    await pg.waitForURL(/\/portal\/dashboard$/);
    assert.match(await pg.getByTestId('signed-in-user').innerText(), new RegExp(`400 ${NUMBER} · Enterprise admin`));
    await pg.getByRole('navigation').getByText('Call records', { exact: true }).waitFor();
    await screenshot(pg, 'portal-shell-en');
    assert.deepEqual(errors, []);
    await pg.context().close();
  });

  test('the operator admin gets the operator console menu', async () => {
    const { page: pg, errors } = await page();
    await pg.goto('/sign-in');
    await pg.getByLabel('用户名').fill(OPERATOR.username);
    await pg.getByLabel('密码').fill(OPERATOR.password);
    await pg.keyboard.press('Enter');
    await pg.waitForURL(/\/operator\/tenants$/);
    const nav = pg.getByRole('navigation');
    await nav.getByText('企业管理', { exact: true }).waitFor();
    await nav.getByText('号码池', { exact: true }).waitFor();
    assert.equal(await nav.getByText('通话记录', { exact: true }).count(), 0);
    await screenshot(pg, 'operator-shell-zh');
    assert.deepEqual(errors, []);
    await pg.context().close();
  });

  test('a session that ends while the user works leads to sign-in and back to the same page', async () => {
    const { page: pg } = await page();
    await pg.goto('/sign-in?next=%2Fportal%2Fspending');
    await pg.getByLabel('用户名').fill(ADMIN.username);
    await pg.getByLabel('密码').fill(ADMIN.password);
    // The shell's own first request done first: the expiry is to meet the next one, the menu's.
    const shellLoaded = pg.waitForResponse((r) => r.url().endsWith('/api/v1/tenant'));
    await pg.keyboard.press('Enter');
    await pg.waitForURL(/\/portal\/spending$/);
    await shellLoaded;
    // Every request of the spending page answered first: the expiry must meet the menu's click, not
    // a late request of this page (that one redirects with next=/portal/spending and detaches the menu).
    await pg.waitForLoadState('networkidle');
    await web.p.endSessionsOf(ADMIN.username);
    await pg.getByRole('navigation').getByText('通话记录', { exact: true }).click();
    await pg.waitForURL(/\/sign-in\?expired=1&next=%2Fportal%2Fcall-records/);
    await pg.getByText('登录已过期，请重新登录').waitFor();
    await screenshot(pg, 'session-expired-zh');
    await pg.getByLabel('用户名').fill(ADMIN.username);
    await pg.getByLabel('密码').fill(ADMIN.password);
    await pg.keyboard.press('Enter');
    await pg.waitForURL(/\/portal\/call-records$/);
    await pg.context().close();
  });
});
