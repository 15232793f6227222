/**
 * The operator console in Debian's Chromium against the whole platform: onboard an enterprise (add,
 * upload its licence and handler ID on its behalf, approve them, activate it — N4), find a number in
 * the pool by pattern, assign it and activate it (N2, N5); then that enterprise's admin signs in by
 * the 400 number with the first 6-digit password (P1); on the way the operator allows it outside
 * transfers and one more country (toll-fraud controls). Once in zh-CN and once in English.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemActor } from '../../src/audit/actor.ts';
import { getTenantOutbound } from '../../src/fraud/outbound-store.ts';
import { addNumbers } from '../../src/numbers/number-inventory.ts';
import { getTenantByCode } from '../../src/tenants/tenant-store.ts';
import { issueNumberLogin } from '../../src/users/number-login.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { collectPageErrors, launchChromium, newContext, screenshot } from '../support/browser.ts';
import { until } from '../support/until.ts';
import { OPERATOR, signInByName, startWebPlatform, switchToEnglish } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

/** What the user reads and clicks, in each language (the app's locale files say the same). */
const WORDS = {
  zh: {
    addTenant: '新增企业', code: '企业编码', name: '企业名称', contact: '联系人', phone: '联系电话', save: /保\s*存/, tenantPending: '待开通',
    docNumber: '证件号码', upload: /上\s*传/, approve: '审核通过', approved: '已通过', activateTenant: '开通企业', tenantActive: '正常',
    outsideTransfers: '允许转接外线', transfersOn: /已允许/, countries: '允许呼叫的境外国家/地区代码',
    pool: '号码池', pattern: '号码模式', search: '搜索号码', assign: '分配给企业', tenantField: '企业', reason: '原因', reasonText: '开户',
    assigned: (n: string) => `${n} 已分配，待开通`, anyStatus: '全部状态', numberPending: '待开通', activate: /开\s*通/, numberActive: '已开通',
    number400: '400 号码', sixDigits: '6 位密码', current: '当前密码', fresh: '新密码', confirm: '确认新密码',
  },
  en: {
    addTenant: 'Add enterprise', code: 'Code', name: 'Name', contact: 'Contact', phone: 'Contact phone', save: 'Save', tenantPending: 'Pending',
    docNumber: 'Document number', upload: 'Upload', approve: 'Approve', approved: 'Approved', activateTenant: 'Activate enterprise', tenantActive: 'Active',
    outsideTransfers: 'Allow transfers to outside numbers', transfersOn: /^Allowed/, countries: 'Countries beyond mainland China (calling codes)',
    pool: 'Number pool', pattern: 'Pattern', search: 'Search numbers', assign: 'Assign', tenantField: 'Enterprise', reason: 'Reason', reasonText: 'new account',
    assigned: (n: string) => `${n} assigned, pending activation`, anyStatus: 'Any status', numberPending: 'Pending activation', activate: 'Activate', numberActive: 'Active',
    number400: '400 number', sixDigits: '6-digit password', current: 'Current password', fresh: 'New password', confirm: 'Repeat the new password',
  },
} as const;

const RUNS = [
  { lang: 'zh', title: 'zh-CN', code: 'xinxing', tenant: '新星科技有限公司', contact: '李四', phone: '+8613900001111', pattern: '*8888', number: '4008208888', shown: '400-820-8888', other: '400-820-1234', newPassword: 'Xinxing-2026-ok!' },
  { lang: 'en', title: 'English', code: 'bluesky', tenant: 'Blue Sky Trading Ltd', contact: 'Amy Lin', phone: '+8613900003333', pattern: '*1234', number: '4008201234', shown: '400-820-1234', other: '400-123-4567', newPassword: 'Bluesky-2026-ok!' },
] as const;

describe('web app: operator console', () => {
  let p: WebPlatform;
  let browser: Browser;
  before(async () => {
    p = await startWebPlatform();
    await addNumbers(p.db, ['4008208888', '4008201234', '4001234567'], 'test');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });

  for (const run of RUNS) {
    const w = WORDS[run.lang];
    test(`${run.title}: onboard an enterprise, give it a number from the pool, and its admin signs in by that number`, async () => {
      const page = await (await newContext(browser, p.baseURL)).newPage();
      const errors = collectPageErrors(page);
      if (run.lang === 'en') {
        await page.goto('/sign-in');
        await switchToEnglish(page);
      }
      await signInByName(page, OPERATOR, '/operator/tenants');

      // 1. Add the enterprise.
      await page.getByRole('button', { name: w.addTenant }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(w.code, { exact: true }).fill(run.code);
      await dialog.getByLabel(w.name, { exact: true }).fill(run.tenant);
      await dialog.getByLabel(w.contact, { exact: true }).fill(run.contact);
      await dialog.getByLabel(w.phone, { exact: true }).fill(run.phone);
      await screenshot(page, `operator-new-tenant-${run.lang}`);
      await dialog.getByRole('button', { name: w.save }).click();
      const row = page.getByRole('row').filter({ hasText: run.code });
      await row.getByText(w.tenantPending, { exact: true }).waitFor();

      // 2. Its documents: upload both on its behalf, approve both, activate.
      await row.getByRole('button', { name: /展开行|Expand row/ }).click();
      const docs = page.getByTestId(`documents-${run.code}`);
      for (const [kind, number, name, bytes] of [['business_licence', '91350100M000100Y43', 'licence.pdf', PDF], ['handler_id', '110101199003077777', 'id.png', PNG]] as const) {
        const f = docs.locator(`form#doc-${run.code}-${kind}`);
        await f.getByLabel(w.docNumber).fill(number);
        await f.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
        await f.getByRole('button', { name: w.upload }).click();
        await docs.getByText(number).waitFor();
      }
      for (let i = 0; i < 2; i++) {
        await docs.getByRole('button', { name: w.approve }).first().click();
        await docs.getByText(w.approved, { exact: true }).nth(i).waitFor();
      }
      await docs.getByRole('button', { name: w.activateTenant }).click();
      await row.getByText(w.tenantActive, { exact: true }).waitFor();
      await screenshot(page, `operator-tenants-${run.lang}`);

      // Its outbound controls: no outside transfers and China only until the operator says so.
      const outbound = page.getByTestId(`outbound-${run.code}`);
      const transfers = outbound.getByRole('switch', { name: w.outsideTransfers });
      assert.equal(await transfers.getAttribute('aria-checked'), 'false');
      await transfers.click();
      await outbound.getByText(w.transfersOn).waitFor();
      await outbound.getByRole('combobox', { name: w.countries }).fill('852');
      await page.keyboard.press('Enter');
      await outbound.getByText('+852').first().waitFor();
      await page.keyboard.press('Escape');
      const tenantId = (await getTenantByCode(p.db, run.code))!.id;
      await until(async () => {
        const o = await getTenantOutbound(p.db, tenantId);
        return o.outsideTransfers && o.allowedCountryCodes.includes('852');
      }, 'the outbound controls saved');
      await screenshot(page, `operator-outbound-${run.lang}`);

      // 3. The pool: find the number by its tail, assign it, activate it.
      await page.getByRole('navigation').getByText(w.pool, { exact: true }).click();
      await page.getByLabel(w.pattern).fill(run.pattern);
      // The unfiltered first page may already show the number: the filter is read after its own answer.
      const searched = page.waitForResponse((r) => r.url().includes('/api/v1/numbers/pool?') && decodeURIComponent(r.url()).includes(run.pattern));
      await page.getByRole('button', { name: w.search }).click();
      await searched;
      const numberRow = page.getByRole('row').filter({ hasText: run.shown });
      await numberRow.waitFor();
      // Rendered a moment after the answer: the other number's row must go (a broken filter times out here).
      await page.getByRole('row').filter({ hasText: run.other }).first().waitFor({ state: 'detached' });
      assert.equal(await page.getByRole('row').filter({ hasText: run.other }).count(), 0, 'the pattern filters');
      await numberRow.getByRole('button', { name: w.assign }).click();
      const assign = page.getByRole('dialog');
      await assign.getByLabel(w.tenantField, { exact: true }).click();
      await page.locator('.ant-select-item-option').filter({ hasText: run.tenant }).click();
      await assign.getByLabel(w.reason).fill(w.reasonText);
      await assign.getByRole('button', { name: w.assign }).click();
      await page.getByText(w.assigned(run.shown)).waitFor();
      await page.getByLabel(w.pattern).fill(run.number);
      await page.locator('form#pool-search .ant-select-selector').click();
      await page.locator('.ant-select-item-option').filter({ hasText: w.anyStatus }).click();
      await page.getByRole('button', { name: w.search }).click();
      await numberRow.getByText(w.numberPending, { exact: true }).waitFor();
      await numberRow.getByRole('button', { name: w.activate, exact: true }).click();
      await numberRow.getByText(w.numberActive, { exact: true }).waitFor();
      assert.ok((await numberRow.innerText()).includes(run.tenant));
      await screenshot(page, `operator-pool-${run.lang}`);
      assert.deepEqual(errors, []);
      await page.context().close();

      // 4. The enterprise's 400-number login (issued as the operator does) signs in to the portal.
      const { password } = await issueNumberLogin(p.db, { tenantId, number: run.number }, systemActor('test'), usersSettings({ scrypt: TEST_SCRYPT }));
      const portal = await (await newContext(browser, p.baseURL)).newPage();
      await portal.goto('/sign-in?by=number');
      if (run.lang === 'en') await switchToEnglish(portal);
      await portal.getByRole('textbox', { name: w.number400 }).fill(run.shown);
      await portal.getByLabel(w.sixDigits).fill(password);
      await portal.keyboard.press('Enter');
      await portal.waitForURL(/\/change-password/);
      await portal.getByLabel(w.current).fill(password);
      await portal.getByLabel(w.fresh, { exact: true }).fill(run.newPassword);
      await portal.getByLabel(w.confirm).fill(run.newPassword);
      await portal.getByRole('button', { name: w.save }).click();
      await portal.waitForURL(/\/portal\/dashboard$/);
      assert.match(await portal.getByTestId('signed-in-user').innerText(), new RegExp(`400 ${run.number}`));
      await portal.context().close();
    });
  }
});
