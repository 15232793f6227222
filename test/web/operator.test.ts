/**
 * The operator console in Debian's Chromium against the whole platform: onboard an enterprise (add,
 * record and verify its licence and handler ID, activate it — N4), find a number in the pool by
 * pattern, assign it and activate it (N2, N5); then that enterprise's admin signs in by the 400
 * number with the first 6-digit password (P1).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemActor } from '../../src/audit/actor.ts';
import { addNumbers } from '../../src/numbers/number-inventory.ts';
import { issueNumberLogin } from '../../src/users/number-login.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { collectPageErrors, launchChromium, newContext, screenshot } from '../support/browser.ts';
import { OPERATOR, signInByName, startWebPlatform } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

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

  test('zh-CN: onboard an enterprise, give it a number from the pool, and its admin signs in by that number', async () => {
    const page = await (await newContext(browser, p.baseURL)).newPage();
    const errors = collectPageErrors(page);
    await signInByName(page, OPERATOR, '/operator/tenants');

    // 1. Add the enterprise.
    await page.getByRole('button', { name: '新增企业' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('企业编码').fill('xinxing');
    await dialog.getByLabel('企业名称').fill('新星科技有限公司');
    await dialog.getByLabel('联系人', { exact: true }).fill('李四');
    await dialog.getByLabel('联系电话').fill('+8613900001111');
    await screenshot(page, 'operator-new-tenant-zh');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const row = page.getByRole('row').filter({ hasText: 'xinxing' });
    await row.getByText('待开通').waitFor();

    // 2. Its documents: record both, verify both, activate.
    await row.getByRole('button', { name: /展开行|Expand row/ }).click();
    const docs = page.getByTestId('documents-xinxing');
    for (const [form, number] of [['doc-xinxing-business_licence', '91350100M000100Y43'], ['doc-xinxing-handler_id', '110101199003077777']] as const) {
      const f = docs.locator(`form#${form}`);
      await f.getByLabel('证件号码').fill(number);
      await f.getByLabel('文件位置').fill(`scans/xinxing/${number}.pdf`);
      await f.getByRole('button', { name: /保\s*存/ }).click();
      await docs.getByText(number).waitFor();
    }
    for (let i = 0; i < 2; i++) {
      await docs.getByRole('button', { name: '核验通过' }).first().click();
      await docs.getByText('已核验').nth(i).waitFor();
    }
    await docs.getByRole('button', { name: '开通企业' }).click();
    await row.getByText('正常').waitFor();
    await screenshot(page, 'operator-tenants-zh');

    // 3. The pool: find 400-820-8888 by its tail, assign it, activate it.
    await page.getByRole('navigation').getByText('号码池', { exact: true }).click();
    await page.getByLabel('号码模式').fill('*8888');
    await page.getByRole('button', { name: '搜索号码' }).click();
    const numberRow = page.getByRole('row').filter({ hasText: '400-820-8888' });
    await numberRow.waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: '400-820-1234' }).count(), 0, 'the pattern filters');
    await numberRow.getByRole('button', { name: '分配给企业' }).click();
    const assign = page.getByRole('dialog');
    await assign.getByLabel('企业', { exact: true }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '新星科技有限公司' }).click();
    await assign.getByLabel('原因').fill('开户');
    await assign.getByRole('button', { name: '分配给企业' }).click();
    await page.getByText('400-820-8888 已分配，待开通').waitFor();
    await page.getByLabel('号码模式').fill('4008208888');
    await page.locator('form#pool-search .ant-select-selector').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '全部状态' }).click();
    await page.getByRole('button', { name: '搜索号码' }).click();
    await numberRow.getByText('待开通').waitFor();
    await numberRow.getByRole('button', { name: /开\s*通/ }).click();
    await numberRow.getByText('已开通').waitFor();
    assert.match(await numberRow.innerText(), /新星科技有限公司/);
    await screenshot(page, 'operator-pool-zh');
    assert.deepEqual(errors, []);
    await page.context().close();

    // 4. The enterprise's 400-number login (issued as the operator does) signs in to the portal.
    const tenantId = (await p.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'xinxing').executeTakeFirstOrThrow()).id;
    const { password } = await issueNumberLogin(p.db, { tenantId, number: '4008208888' }, systemActor('test'), usersSettings({ scrypt: TEST_SCRYPT }));
    const portal = await (await newContext(browser, p.baseURL)).newPage();
    await portal.goto('/sign-in?by=number');
    await portal.getByRole('textbox', { name: '400 号码' }).fill('400-820-8888');
    await portal.getByLabel('6 位密码').fill(password);
    await portal.keyboard.press('Enter');
    await portal.waitForURL(/\/change-password/);
    await portal.getByLabel('当前密码').fill(password);
    await portal.getByLabel('新密码', { exact: true }).fill('Xinxing-2026-ok!');
    await portal.getByLabel('确认新密码').fill('Xinxing-2026-ok!');
    await portal.getByRole('button', { name: /保\s*存/ }).click();
    await portal.waitForURL(/\/portal\/dashboard$/);
    assert.match(await portal.getByTestId('signed-in-user').innerText(), /400 4008208888/);
    await portal.context().close();
  });
});
