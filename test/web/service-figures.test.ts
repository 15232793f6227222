/**
 * C34 in Debian's Chromium: the tenant's service figures page shows the figures of seeded call
 * records (answer rate, abandonment, drop rate, speed of answer, connect time, per day and per
 * queue), and the operator's page shows the same beside seed 003's promises, a missed one in red.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectPageErrors } from '../support/browser.ts';
import { seedCall } from '../support/seed-calls.ts';
import { screenshot, webSuite } from '../support/web-suite.ts';
import { ADMIN, OPERATOR, signInByName, switchToEnglish } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

describe('web app: service figures (C34)', () => {
  let p: WebPlatform;
  const web = webSuite({
    failedShot: 'service-figures',
    setup: async (platform) => {
      p = platform;
      // An hour ago (today in Shanghai unless it is just past midnight; the page shows the last 7 days).
      const at = new Date(Date.now() - 3600_000);
      // 4 offered: answered in 4 s and 8 s (connect 2 s), one abandoned, one answered and dropped by the platform; one refused (not offered).
      await seedCall(p.db, { id: 'f1', tenantId: p.tenantId, startedAt: at, answerSeconds: 4, connectSeconds: 2 });
      await seedCall(p.db, { id: 'f2', tenantId: p.tenantId, startedAt: at, answerSeconds: 8, connectSeconds: 2 });
      await seedCall(p.db, { id: 'f3', tenantId: p.tenantId, startedAt: at, outcome: 'cancelled', connectSeconds: 2 });
      await seedCall(p.db, { id: 'f4', tenantId: p.tenantId, startedAt: at, answerSeconds: 30, connectSeconds: 2, endedBy: 'platform' });
      await seedCall(p.db, { id: 'f5', tenantId: p.tenantId, startedAt: at, outcome: 'blocked' });
    },
  });

  const card = (page: import('playwright-core').Page, key: string) => page.getByTestId(`figure-${key}`).innerText();

  test('zh-CN: the tenant sees its figures as the records give them', async () => {
    const ctx = await web.context('zh-CN');
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signInByName(page, ADMIN, '/portal/service-figures');
    await page.getByRole('heading', { name: '服务指标' }).waitFor();
    await page.getByTestId('figure-answerRate').getByText('75.00%').waitFor();
    assert.match(await card(page, 'answerRate'), /接通率\s+75\.00%/);
    assert.match(await card(page, 'abandonmentRate'), /25\.00%/);
    assert.match(await card(page, 'serviceLevel'), /50\.00%/, 'two of four answered within 20 s');
    assert.match(await card(page, 'dropRate'), /33\.33%/, 'one of three answered calls dropped');
    assert.match(await card(page, 'averageSpeedOfAnswerSeconds'), /14\.0 s/);
    assert.match(await card(page, 'averageConnectSeconds'), /2\.0 s/);
    const queueRow = page.getByTestId('figures-queues').getByRole('row').filter({ hasText: '4006123456' });
    assert.match(await queueRow.innerText(), /\b4\b[\s\S]*\b3\b[\s\S]*75\.00%/);
    await screenshot(page, 'service-figures-zh');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('English: the operator sees the tenant beside the promises, the missed ones red', async () => {
    const ctx = await web.context('en-US');
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signInByName(page, OPERATOR, '/operator/service-figures');
    await switchToEnglish(page);
    await page.getByRole('heading', { name: 'Platform service figures' }).waitFor();
    await page.getByTestId('figure-answerRate').getByText('75.00%').waitFor();
    assert.match(await card(page, 'answerRate'), /Promise missed > 99%/);
    assert.match(await card(page, 'averageConnectSeconds'), /Promise < 7 s/, 'connect 2 s keeps the promise');
    const tenantRow = page.getByTestId('figures-tenants').getByRole('row').filter({ hasText: '(acme)' });
    assert.match(await tenantRow.innerText(), /75\.00%/);
    await screenshot(page, 'service-figures-operator-en');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
