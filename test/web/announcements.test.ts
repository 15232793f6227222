/**
 * C21 in Debian's Chromium: an agent's announcements page is open; a supervisor publishes to all
 * agents from their own page; the agent's unread count goes to 1 without a reload (pushed by the
 * event feed), they confirm reading, the count goes back to 0.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { systemActor } from '../../src/audit/actor.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { upsertUser } from '../../src/users/upsert-user.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { collectPageErrors } from '../support/browser.ts';
import { screenshot, webSuite } from '../support/web-suite.ts';
import { ADMIN, signInByName } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

const AGENT = { username: 'acme-agent', password: 'Acme-Agent-2026!x' };

describe('web app: announcements (C21)', () => {
  let p: WebPlatform;
  const web = webSuite({
    failedShot: 'announcements',
    setup: async (platform) => {
      p = platform;
      const settings = usersSettings({ scrypt: TEST_SCRYPT, sipRealm: p.h.platform.settings.sipRealm });
      await upsertUser(p.db, { tenantId: p.tenantId, username: AGENT.username, role: 'agent', displayName: '坐席小王', password: AGENT.password, mustChangePassword: false }, systemActor('test'), settings);
    },
  });

  test('published by the admin, seen at once by the agent with the unread count, confirmed', async () => {
    const agentCtx = await web.context('zh-CN');
    const agent = await agentCtx.newPage();
    const errors = collectPageErrors(agent);
    await signInByName(agent, AGENT, '/announcements');
    await agent.getByRole('heading', { name: '公告' }).waitFor();
    assert.equal((await agent.getByTestId('unread-count').innerText()).trim(), '0');
    await agent.waitForTimeout(500);

    const adminCtx = await web.context('zh-CN');
    const admin = await adminCtx.newPage();
    await signInByName(admin, ADMIN, '/announcements');
    await admin.getByLabel('标题').fill('明日系统升级');
    await admin.getByLabel('内容').fill('明早 8 点前请勿登录。');
    await admin.getByRole('button', { name: '发布公告' }).click();
    await admin.getByText('已发布').waitFor();

    await agent.getByText('明日系统升级').waitFor({ timeout: 10_000 });
    assert.equal((await agent.getByTestId('unread-count').innerText()).trim(), '1');
    await agent.getByRole('button', { name: '确认已读' }).click();
    await agent.getByText('已确认').waitFor();
    assert.equal((await agent.getByTestId('unread-count').innerText()).trim(), '0');
    await screenshot(agent, 'announcements-agent-zh');
    assert.deepEqual(errors, []);
    await agentCtx.close();
    await adminCtx.close();
  });
});
