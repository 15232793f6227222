/**
 * C19 in Debian's Chromium: a call placed by SIPp and recorded is queued for review; a QA reviewer
 * (质检员) opens it, hears the recording in the page, scores it against the tenant's form; the agent
 * who answered (by bound number) sees the score and disputes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemActor } from '../../src/audit/actor.ts';
import { createForm } from '../../src/quality/qa-form-store.ts';
import { queueReview } from '../../src/quality/qa-review-store.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { upsertUser } from '../../src/users/upsert-user.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { collectPageErrors, launchChromium, newContext, screenshot } from '../support/browser.ts';
import { trunkCall } from '../support/trunk-call.ts';
import { signInByName, startWebPlatform } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

const QA = { username: 'acme-qa', password: 'Acme-Qa-2026!x' };
const AGENT = { username: 'acme-agent', password: 'Acme-Agent-2026!x' };

describe('web app: quality inspection (C19)', () => {
  let p: WebPlatform;
  let browser: Browser;
  before(async () => {
    p = await startWebPlatform();
    const settings = usersSettings({ scrypt: TEST_SCRYPT, sipRealm: p.h.platform.settings.sipRealm });
    await upsertUser(p.db, { tenantId: p.tenantId, username: QA.username, role: 'qa_reviewer', displayName: '质检小李', password: QA.password, mustChangePassword: false }, systemActor('test'), settings);
    await upsertUser(p.db, { tenantId: p.tenantId, username: AGENT.username, role: 'agent', displayName: '坐席小王', password: AGENT.password, mustChangePassword: false, boundNumber: '+8613800138000' }, systemActor('test'), settings);
    const call = await trunkCall(p.h, { kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 3000 }, { kind: 'talk', talkMs: 2500, hangup: 'caller', playAudio: true });
    assert.ok(call.recordingPath, 'the call was recorded');
    await createForm(p.db, p.tenantId, { name: '标准质检表', items: [
      { id: 'greeting', label: '问候语规范', weight: 40, fatal: false, commentRequired: true },
      { id: 'solution', label: '问题解决', weight: 60, fatal: false, commentRequired: false },
      { id: 'privacy', label: '泄露客户信息', weight: 0, fatal: true, commentRequired: true },
    ] }, 'test', new Date());
    await queueReview(p.db, p.tenantId, call.id, 'manual', new Date());
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await p?.stop();
  });

  test('the reviewer plays and scores the call; the agent sees the score and disputes it', async () => {
    const ctx = await newContext(browser, p.baseURL, 'zh-CN');
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signInByName(page, QA, '/quality');
    const row = page.getByTestId('qa-reviews').getByRole('row').filter({ hasText: '待质检' });
    await row.getByRole('button', { name: /查\s?看/ }).click();
    const played = await page.evaluate(`(async () => {
      const a = document.querySelector('audio');
      if (a.readyState < 1) await new Promise((r) => a.addEventListener('loadedmetadata', r, { once: true }));
      await a.play().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
      const t = a.currentTime; a.pause();
      return { duration: a.duration, t, error: a.error ? a.error.code : null };
    })()`) as { duration: number; t: number; error: number | null };
    assert.equal(played.error, null, 'the recording decodes');
    assert.ok(played.duration > 1 && played.t > 0, `plays (${played.t} of ${played.duration} s)`);
    await page.getByLabel('问候语规范', { exact: true }).fill('30');
    await page.getByLabel('问候语规范 备注').fill('未报工号');
    await page.getByRole('button', { name: '提交评分' }).click();
    await page.getByTestId('qa-reviews').getByRole('row').filter({ hasText: '已评分' }).waitFor();
    assert.match(await page.getByTestId('qa-reviews').innerText(), /已评分[\s\S]*90/);
    await screenshot(page, 'quality-reviewer-zh');
    assert.deepEqual(errors, []);
    await ctx.close();

    const ctx2 = await newContext(browser, p.baseURL, 'zh-CN');
    const agentPage = await ctx2.newPage();
    const agentErrors = collectPageErrors(agentPage);
    await signInByName(agentPage, AGENT, '/quality');
    await agentPage.getByRole('heading', { name: '我的质检' }).waitFor();
    const mine = agentPage.getByTestId('qa-reviews').getByRole('row').filter({ hasText: '已评分' });
    assert.match(await mine.innerText(), /90/);
    await mine.getByRole('button', { name: /查\s?看/ }).click();
    assert.match(await agentPage.getByTestId('qa-score').innerText(), /得分: 90/);
    await agentPage.getByText('未报工号', { exact: false }).waitFor();
    await agentPage.getByLabel('申诉理由').fill('我报了工号，在录音开头');
    await agentPage.getByRole('button', { name: /^申\s?诉$/ }).click();
    await agentPage.getByTestId('qa-reviews').getByRole('row').filter({ hasText: '申诉中' }).waitFor();
    await screenshot(agentPage, 'quality-agent-zh');
    assert.deepEqual(agentErrors, []);
    await ctx2.close();
  });
});
