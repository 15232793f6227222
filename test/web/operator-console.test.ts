/**
 * The rest of the operator console in Debian's Chromium against the whole platform, each page doing
 * the real thing and the result read back from the server: a trunk added and edited; a rate plan
 * created and an enterprise put on it; a top-up (its payment reference books once) and an
 * adjustment, with the balance and the month's statement; the platform audit log showing them; the
 * health page's live figures; and the 400-number login issued from the pool, whose password then
 * signs in. zh-CN; the health page in English too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { getBalance } from '../../src/billing/ledger-store.ts';
import { getTenantRatePlan, listRatePlans } from '../../src/billing/rate-plan-store.ts';
import { listTrunks } from '../../src/trunks/trunk-store.ts';
import { launchChromium, newContext, screenshot } from '../support/browser.ts';
import { pick } from '../support/web-select.ts';
import { NUMBER, OPERATOR, signedInPages, startWebPlatform, switchToEnglish } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

describe('web app: operator console — trunks, rate plans, accounts, audit, health, number logins', () => {
  let p: WebPlatform;
  let browser: Browser;
  let tenantName: string;
  before(async () => {
    p = await startWebPlatform();
    tenantName = (await p.db.withTables<{ tenants: { id: string; name: string } }>().selectFrom('tenants').select('name').where('id', '=', p.tenantId).executeTakeFirstOrThrow()).name;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });
  const open = signedInPages(() => ({ browser, baseURL: p.baseURL }), OPERATOR, 'operator-console-failed');

  test('zh-CN trunks: add one, edit its cap', async () => {
    const { page, errors } = await open('/operator/trunks');
    await page.getByRole('row').filter({ hasText: 'carrier' }).waitFor();
    await page.getByRole('button', { name: '新增中继' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('unicom-bj');
    await dialog.getByRole('combobox', { name: '来源地址' }).fill('10.20.0.0/24');
    await page.keyboard.press('Enter');
    await dialog.getByLabel('代理主机').fill('10.20.0.1');
    await dialog.getByLabel('端口').fill('5070');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存中继 unicom-bj').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'unicom-bj' });
    await row.getByText('UDP 10.20.0.1:5070').waitFor();
    let trunk = (await listTrunks(p.db)).find((t) => t.name === 'unicom-bj');
    assert.deepEqual(trunk?.addresses, ['10.20.0.0/24']);
    assert.equal(trunk?.maxConcurrentCalls, null);

    await row.getByRole('button', { name: '编辑 unicom-bj' }).click();
    await page.getByRole('dialog').getByLabel('最大并发').fill('30');
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await row.getByText('30', { exact: true }).waitFor();
    trunk = (await listTrunks(p.db)).find((t) => t.name === 'unicom-bj');
    assert.equal(trunk?.maxConcurrentCalls, 30);
    await screenshot(page, 'operator-trunks-zh');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('zh-CN rate plans: create a plan and put the enterprise on it', async () => {
    const { page, errors } = await open('/operator/rate-plans');
    await page.getByRole('button', { name: '新增套餐' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('套餐名称').fill('标准套餐');
    await dialog.getByLabel('月租').fill('50');
    await dialog.getByLabel('呼入转手机').fill('0.15');
    await dialog.getByLabel('呼入坐席').fill('0.06');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存套餐 标准套餐').waitFor();
    const plan = (await listRatePlans(p.db)).find((x) => x.name === '标准套餐');
    assert.equal(plan?.monthlyFeeLi, 50_000);
    assert.equal(plan?.billingUnitSeconds, 60);
    assert.deepEqual(plan?.rates, { inbound_agent: 60, inbound_forward_mobile: 150 });

    await pick(page, '企业', tenantName);
    await pick(page, '套餐', '标准套餐');
    await page.getByRole('button', { name: '设为该企业套餐' }).click();
    await page.getByTestId('tenant-plan').getByText('当前套餐：标准套餐').waitFor();
    assert.equal((await getTenantRatePlan(p.db, p.tenantId))?.name, '标准套餐');
    await screenshot(page, 'operator-rate-plans-zh');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('zh-CN top-ups and adjustments: the balance, a reference booked once, the statement; the platform log', async () => {
    const before = await getBalance(p.db, p.tenantId);
    const { page, errors } = await open('/operator/accounts');
    await pick(page, '企业', tenantName);
    const topUp = page.locator('form#top-up');
    await topUp.getByLabel('金额').fill('500');
    await topUp.getByLabel('付款流水号').fill('bank-20261207-01');
    await topUp.getByLabel('备注').fill('对公转账');
    await topUp.getByRole('button', { name: /充\s*值/ }).click();
    await page.getByText('已充值 ¥500.00').waitFor();
    assert.equal(await getBalance(p.db, p.tenantId), before + 500_000);
    await topUp.getByLabel('金额').fill('500');
    await topUp.getByLabel('付款流水号').fill('bank-20261207-01');
    await topUp.getByRole('button', { name: /充\s*值/ }).click();
    await page.getByText('该流水号已入账，未重复充值').waitFor();
    assert.equal(await getBalance(p.db, p.tenantId), before + 500_000, 'the same payment is not booked twice');

    const adjust = page.locator('form#adjustment');
    await adjust.getByLabel('调整金额').fill('-20');
    await adjust.getByLabel('原因').fill('话费争议退回');
    await adjust.getByRole('button', { name: /调\s*账/ }).click();
    await page.getByText('已调账 -¥20.00').waitFor();
    assert.equal(await getBalance(p.db, p.tenantId), before + 480_000);
    const statement = page.getByTestId('operator-statement');
    await statement.getByRole('row').filter({ hasText: 'bank-20261207-01' }).waitFor();
    await statement.getByRole('row').filter({ hasText: '话费争议退回' }).waitFor();
    await screenshot(page, 'operator-accounts-zh');

    // The platform log: its own entries, or one enterprise's — the postings are the enterprise's.
    await page.getByRole('navigation').getByText('平台日志', { exact: true }).click();
    const log = page.getByTestId('audit-log');
    await log.getByText('user.create').first().waitFor();
    assert.equal(await log.getByText('account.top-up').count(), 0);
    await pick(page, '企业', tenantName);
    await log.getByText('account.top-up').waitFor();
    await log.getByText('account.adjust').waitFor();
    await screenshot(page, 'operator-audit-zh');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('zh-CN health and the number login issued from the pool', async () => {
    const { page, errors } = await open('/operator/health');
    const figures = page.getByTestId('health-figures');
    // The tiles show a loading skeleton until the first poll answers; the 运行中 tag comes with the figures.
    await page.getByText('运行中', { exact: true }).waitFor();
    await figures.getByText('当前通话').waitFor();
    assert.match(await figures.innerText(), /当前通话\s*0[\s\S]*在线注册\s*\d+[\s\S]*每秒呼叫\s*0\.0/);
    await screenshot(page, 'operator-health-zh');

    await page.getByRole('navigation').getByText('号码池', { exact: true }).click();
    await page.getByLabel('号码模式').fill(NUMBER);
    await page.locator('form#pool-search .ant-select-selector').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '全部状态' }).click();
    await page.getByRole('button', { name: '搜索号码' }).click();
    await page.getByRole('row').filter({ hasText: '400-612-3456' }).getByRole('button', { name: '发放号码登录' }).click();
    const password = (await page.getByTestId('issued-password').innerText()).trim();
    assert.match(password, /^[0-9]{6}$/);
    await screenshot(page, 'operator-number-login-zh');
    assert.deepEqual(errors, []);
    await page.context().close();

    const portal = await (await newContext(browser, p.baseURL)).newPage();
    await portal.goto('/sign-in?by=number');
    await portal.getByRole('textbox', { name: '400 号码' }).fill('400-612-3456');
    await portal.getByLabel('6 位密码').fill(password);
    await portal.keyboard.press('Enter');
    await portal.waitForURL(/\/change-password/);
    await portal.context().close();
  });

  test('English health page', async () => {
    const { page, errors } = await open('/operator/health', 'en-US');
    await switchToEnglish(page);
    await page.getByRole('heading', { name: 'Health' }).waitFor();
    await page.getByTestId('health-figures').getByText('Calls per second').waitFor();
    await screenshot(page, 'operator-health-en');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
