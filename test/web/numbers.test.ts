/**
 * The numbers page and routing editor (P5, R1–R6) in Debian's Chromium against the whole platform:
 * the tenant admin adds bound phones, drags one to the top, splits calls by percentage (the sum is
 * checked in place), adds a group, a time plan (the server's refusal of a window that ends before it
 * starts shown in its tab), a caller-region rule picked from the province/city list, a blacklist
 * and forwarding; saves; the stored policy is what the page showed, and a reload shows it back.
 * Then the monthly caps and the pre-dial flow. zh-CN, the routing page in English too.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { getNumberCaps } from '../../src/caps/cap-store.ts';
import { getNumberFlow } from '../../src/flows/flow-store.ts';
import { listBoundPhones } from '../../src/routing/bound-phone-store.ts';
import { getNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { pick } from '../support/web-select.ts';
import { screenshot, webSuite } from '../support/web-suite.ts';
import { ADMIN, NUMBER, switchToEnglish } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

describe('web app: numbers and the routing editor', () => {
  let p: WebPlatform;
  const web = webSuite({ failedShot: 'numbers', setup: async (platform) => void (p = platform) });

  const order = async (page: Page) => (await page.getByTestId('bound-phones').locator('li').allInnerTexts()).map((t) => t.match(/(\+?[0-9]{4,})/)?.[1]);

  test('zh-CN: bind phones, reorder by drag and drop, percentages, group, time plan, region, blacklist, forwarding; caps and flow', async () => {
    const { page, errors } = await web.signedIn(ADMIN, '/portal/numbers');
    await page.getByRole('link', { name: '400-612-3456' }).click();
    await page.waitForURL(/\/portal\/numbers\/4006123456$/);
    await page.getByRole('heading', { name: '4006123456 路由设置' }).waitFor();

    // Bound phones: add a mobile and a SIP extension, drag the extension to the top.
    await page.getByTestId('bound-phone-+8613800138000').waitFor();
    await page.getByRole('textbox', { name: '号码 / 分机' }).fill('+8613900139000');
    await page.getByRole('button', { name: '添加电话' }).click();
    await pick(page, '类型', 'SIP 分机');
    await page.getByRole('textbox', { name: '号码 / 分机' }).fill('8001');
    await page.getByRole('button', { name: '添加电话' }).click();
    assert.deepEqual(await order(page), ['+8613800138000', '+8613900139000', '8001']);
    // 8001 is no SIP user of this enterprise: the server says so next to the phones.
    await page.getByRole('button', { name: '保存路由' }).click();
    await page.getByTestId('problems-phones').getByText("'8001' is not a SIP user of this tenant").waitFor();
    await page.getByRole('button', { name: '删除 8001' }).click();
    await pick(page, '类型', '手机 / 固话');
    await page.getByRole('textbox', { name: '号码 / 分机' }).fill('+8613700137000');
    await page.getByRole('button', { name: '添加电话' }).click();
    await page.getByTestId('bound-phone-+8613700137000').dragTo(page.getByTestId('bound-phone-+8613800138000'));
    assert.deepEqual(await order(page), ['+8613700137000', '+8613800138000', '+8613900139000']);

    // Percentages: 50 + 40 = 90 is refused in place, 50 + 40 + 10 is taken.
    await page.getByText('按比例分配', { exact: true }).click();
    await page.getByLabel('+8613700137000 的比例').fill('50');
    await page.getByLabel('+8613800138000 的比例').fill('40');
    await page.getByTestId('percent-sum').getByText('比例合计须为 100（当前 90）').waitFor();
    await page.getByLabel('+8613900139000 的比例').fill('10');
    await page.getByTestId('percent-sum').waitFor({ state: 'detached' });

    // A group for the evenings and for callers from Shenzhen.
    await page.getByRole('tab', { name: '电话分组' }).click();
    await page.getByRole('button', { name: '添加分组' }).click();
    await page.getByLabel('分组名称').fill('night');

    // Time plan: a window that ends before it starts is the server's to refuse, shown in its tab.
    await page.getByRole('tab', { name: '时间计划' }).click();
    await page.getByRole('switch', { name: '启用时间计划' }).click();
    await page.getByRole('button', { name: '添加时段' }).click();
    await page.getByLabel('结束').fill('08:00');
    await page.getByText('转到分组', { exact: true }).click();
    await pick(page, '非工作时间分组', 'night');
    await page.getByTestId('holiday-preview').waitFor();
    await page.getByRole('button', { name: '保存路由' }).click();
    const scheduleProblems = page.getByTestId('problems-schedule');
    await scheduleProblems.waitFor();
    assert.match(await scheduleProblems.innerText(), /'to' must be after 'from'/);
    await screenshot(page, 'routing-problem-zh');
    assert.equal(await getNumberPolicy(p.db, p.tenantId, NUMBER), undefined, 'a refused policy changes nothing');
    await page.getByLabel('结束').fill('18:00');

    // Region rule: 广东 › 深圳 goes to the night group.
    await page.getByRole('tab', { name: '地区规则' }).click();
    await page.getByRole('button', { name: '添加地区规则' }).click();
    await page.locator('.ant-select-selector').filter({ hasText: '选择省份或城市' }).click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: /^广东$/ }).click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: /^深圳$/ }).click();
    await page.keyboard.press('Escape');
    await pick(page, '转到分组', 'night');

    // Blacklist and forwarding.
    await page.getByRole('tab', { name: '黑名单' }).click();
    await page.getByRole('combobox', { name: '拒接号码' }).fill('13500001111');
    await page.keyboard.press('Enter');
    await page.getByText('拒接未显示号码的来电').click();
    await page.getByRole('tab', { name: '呼叫转移' }).click();
    await page.getByRole('combobox', { name: '遇忙转移到' }).fill('13600001111');
    await page.keyboard.press('Enter');

    await page.getByRole('button', { name: '保存路由' }).click();
    await page.getByText('路由已保存，下一通来电生效').waitFor();
    await screenshot(page, 'routing-zh');

    assert.deepEqual(await listBoundPhones(p.db, p.tenantId, NUMBER), [
      { kind: 'pstn', target: '+8613700137000' },
      { kind: 'pstn', target: '+8613800138000' },
      { kind: 'pstn', target: '+8613900139000' },
    ]);
    const stored = (await getNumberPolicy(p.db, p.tenantId, NUMBER))?.policy;
    assert.deepEqual(stored?.default?.distribution, {
      strategy: 'percentage',
      weights: [
        { phone: '+8613700137000', percent: 50 },
        { phone: '+8613800138000', percent: 40 },
        { phone: '+8613900139000', percent: 10 },
      ],
    });
    assert.deepEqual(stored?.groups, { night: { distribution: { strategy: 'top-down' } } });
    assert.deepEqual(stored?.schedule, { windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' }], holidays: 'cn', closed: { group: 'night' } });
    assert.deepEqual(stored?.regionRules, [{ group: 'night', regions: [{ province: '广东', city: '深圳' }] }]);
    assert.deepEqual(stored?.blocking, { numbers: ['13500001111'], anonymous: true });
    assert.deepEqual(stored?.forwarding, { onBusy: ['13600001111'] });

    // A reload shows what the server keeps.
    await page.reload();
    await page.getByLabel('+8613700137000 的比例').waitFor();
    assert.equal(await page.getByLabel('+8613700137000 的比例').inputValue(), '50');
    assert.deepEqual(await order(page), ['+8613700137000', '+8613800138000', '+8613900139000']);

    // Monthly caps.
    await page.getByRole('tab', { name: '月度上限' }).click();
    await page.getByTestId('caps-usage').waitFor();
    await page.getByLabel('月消费上限').fill('300');
    await page.getByLabel('月来电上限').fill('500');
    await page.locator('form#caps').getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').first().waitFor();
    const caps = await getNumberCaps(p.db, p.tenantId, NUMBER);
    assert.equal(caps?.monthlySpendLi, 300_000);
    assert.equal(caps?.monthlyCalls, 500);

    // The flow: the system welcome and voicemail.
    await page.getByRole('tab', { name: '来电流程' }).click();
    await pick(page, '欢迎语', '欢迎致电');
    await page.getByRole('switch', { name: '无人接听时留言' }).click();
    await page.getByRole('button', { name: '保存流程' }).click();
    await page.getByText('已保存').first().waitFor();
    await screenshot(page, 'flow-zh');
    const flow = await getNumberFlow(p.db, p.tenantId, NUMBER);
    assert.deepEqual(flow?.flow.welcome, { system: 'welcome' });
    assert.equal(flow?.flow.voicemail?.enabled, true);
    // The two refusals above are the browser's only complaints.
    assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
    assert.equal(errors.length, 2);
    await page.context().close();
  });

  test('English routing editor', async () => {
    const { page, errors } = await web.signedIn(ADMIN, `/portal/numbers/${NUMBER}`, 'en-US');
    await switchToEnglish(page);
    await page.getByRole('heading', { name: `Routing of ${NUMBER}` }).waitFor();
    await page.getByRole('tab', { name: 'Time plan' }).click();
    await page.getByRole('button', { name: 'Save routing' }).waitFor();
    await screenshot(page, 'routing-en');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
