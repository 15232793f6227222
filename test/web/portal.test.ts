/**
 * The portal's dashboard and spending pages (P3) in Debian's Chromium against the whole platform: a
 * top-up and a SIPp call through the trunk, then today's figures, the charts, the balance, the
 * year's totals and the month's statement — zh-CN, and spending in English.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { topUp } from '../../src/billing/ledger-store.ts';
import { trunkCall } from '../support/trunk-call.ts';
import { screenshot, webSuite } from '../support/web-suite.ts';
import { ADMIN, switchToEnglish } from './support/web-platform.ts';

const TOP_UP_LI = 1_234_500;

describe('web app: dashboard and spending', () => {
  const web = webSuite({
    failedShot: 'portal',
    setup: async (p) => {
      await topUp(p.db, p.tenantId, TOP_UP_LI, { reference: 'bank-0001', note: '首次充值' }, 'test');
      const call = await trunkCall(p.h, { kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 2500 }, { kind: 'talk', talkMs: 2000, hangup: 'caller' });
      assert.equal(call.outcome, 'answered');
    },
  });

  const open = (path: string, locale: 'zh-CN' | 'en-US' = 'zh-CN') => web.signedIn(ADMIN, path, locale);

  const canvasIn = (page: Page, testId: string) => page.getByTestId(testId).locator('canvas').first().waitFor();

  test("zh-CN dashboard: today's calls, answer rate, missed, talk time, balance and three charts", async () => {
    const { page, errors } = await open('/portal/dashboard');
    const figures = page.getByTestId('dashboard-figures');
    await figures.getByText('¥1,234.50').waitFor();
    const text = await figures.innerText();
    assert.match(text, /今日来电\s*1\b/);
    assert.match(text, /接通率\s*100%/);
    assert.match(text, /未接来电\s*0\b/);
    for (const id of ['chart-hourly', 'chart-outcomes', 'chart-spend30']) await canvasIn(page, id);
    await screenshot(page, 'dashboard-zh');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('zh-CN spending: year totals, the daily chart, the months and a statement with the top-up', async () => {
    const { page, errors } = await open('/portal/spending');
    await page.getByText('全年充值').waitFor();
    await page.getByText('¥1,234.50').first().waitFor();
    await canvasIn(page, 'spending-chart');
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    await page.getByRole('row').filter({ hasText: month }).getByText(month).click();
    const statement = page.getByTestId('statement');
    await statement.getByRole('row').filter({ hasText: 'bank-0001' }).getByText('充值', { exact: true }).waitFor();
    assert.match(await statement.innerText(), /首次充值/);
    await screenshot(page, 'spending-zh');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('English spending', async () => {
    const { page, errors } = await open('/portal/spending', 'en-US');
    await switchToEnglish(page);
    await page.getByText('Topped up this year').waitFor();
    await page.getByRole('heading', { name: 'Spending' }).waitFor();
    await canvasIn(page, 'spending-chart');
    await screenshot(page, 'spending-en');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});

