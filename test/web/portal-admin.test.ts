/**
 * The portal's administration pages in Debian's Chromium against the whole platform, each doing the
 * real thing and reading the result back from the server: call analysis after a SIPp call through
 * the trunk; the prompts library (upload a WAV, hear a text-to-speech preview, keep it, play it);
 * users and seats (add an agent, change a role, reset a password, disable); API keys (issue with a
 * right, the key shown once and working, revoke); voicemail (listen marks it heard, mark new,
 * delete with its file); and the tenant's audit log showing those actions. zh-CN; users in English.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addVoicemail, getVoicemail } from '../../src/flows/voicemail-store.ts';
import { listPrompts } from '../../src/prompts/prompt-store.ts';
import { findUserRowByUsername } from '../../src/users/user-store.ts';
import { trunkCall } from '../support/trunk-call.ts';
import { chooseOption } from '../support/web-select.ts';
import { screenshot, webSuite } from '../support/web-suite.ts';
import { ADMIN, NUMBER, switchToEnglish } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

/** One second of a 440 Hz tone, 8 kHz 16-bit mono: what a customer would upload. */
function toneWav(): Buffer {
  const rate = 8000;
  const samples = rate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVE', 8);
  head.write('fmt ', 12);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

describe('web app: portal administration pages', () => {
  let p: WebPlatform;
  let voicemailId: string;
  let voicemailPath: string;
  const web = webSuite({
    failedShot: 'portal-admin',
    setup: async (platform) => {
      p = platform;
      const call = await trunkCall(p.h, { kind: 'answer', ringMs: 100, hangup: 'caller', talkMs: 2500 }, { kind: 'talk', talkMs: 2000, hangup: 'caller' });
      assert.equal(call.outcome, 'answered');
      const dir = join(p.h.platform.settings.dataDir, 'voicemail-test');
      mkdirSync(dir, { recursive: true });
      voicemailPath = join(dir, 'vm1.wav');
      writeFileSync(voicemailPath, toneWav());
      voicemailId = (await addVoicemail(p.db, { tenantId: p.tenantId, number400: NUMBER, callId: call.id, callerNumber: '+8613912345678', path: voicemailPath, durationMs: 1000, createdAt: new Date() })).id;
    },
  });

  const open = (path: string, locale: 'zh-CN' | 'en-US' = 'zh-CN') => web.signedIn(ADMIN, path, locale);

  /** The audio element has data and its position moves: it really plays. */
  async function plays(page: Page, testId: string): Promise<void> {
    await page.getByTestId(testId).evaluate(
      (el: HTMLAudioElement) =>
        new Promise<void>((resolve, reject) => {
          el.addEventListener('timeupdate', () => (el.currentTime > 0 ? resolve() : undefined));
          el.addEventListener('error', () => reject(new Error(`audio error ${el.error?.code}`)));
          if (el.currentTime > 0) resolve();
          else void el.play().catch(() => undefined);
        }),
    );
  }

  test('zh-CN call analysis: the call is counted for the number and the phone, with charts', async () => {
    const { page, errors } = await open('/portal/analysis');
    const numbers = page.getByTestId('analysis-numbers');
    await numbers.getByRole('row').filter({ hasText: NUMBER }).waitFor();
    assert.match(await numbers.getByRole('row').filter({ hasText: NUMBER }).innerText(), new RegExp(`${NUMBER}\\s+1\\s+1\\s+0\\s+0`));
    await page.getByTestId('analysis-phones').getByRole('row').filter({ hasText: '13800138000' }).waitFor();
    await page.getByTestId('chart-by-number').locator('canvas').first().waitFor();
    await page.getByTestId('chart-by-phone').locator('canvas').first().waitFor();
    await screenshot(page, 'analysis-zh');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('zh-CN prompts: upload a WAV, preview and keep a spoken prompt, play it', async () => {
    const { page, errors } = await open('/portal/prompts');
    await page.locator('input[type=file]').setInputFiles({ name: '欢迎语.wav', mimeType: 'audio/wav', buffer: toneWav() });
    assert.equal(await page.getByRole('textbox', { name: '名称' }).first().inputValue(), '欢迎语');
    await page.getByRole('button', { name: /上\s*传/ }).click();
    await page.getByText('已添加语音 欢迎语').waitFor();
    await page.getByRole('row').filter({ hasText: '欢迎语' }).getByText('上传').waitFor();

    const tts = page.locator('form#tts');
    await tts.getByLabel('名称').fill('下班提示');
    await tts.getByLabel('文字').fill('您好，现在是下班时间，请在工作日上午九点后来电。');
    await tts.getByRole('button', { name: /试\s*听/ }).click();
    await plays(page, 'tts-preview');
    await tts.getByRole('button', { name: '保存为语音' }).click();
    await page.getByText('已添加语音 下班提示').waitFor();
    const stored = await listPrompts(p.db, p.tenantId);
    assert.deepEqual(stored.map((x) => [x.name, x.source]).sort(), [['下班提示', 'tts'], ['欢迎语', 'upload']]);
    assert.ok(stored.every((x) => x.durationMs > 500), 'both have audio');

    await page.getByRole('button', { name: '播放 欢迎语' }).click();
    await plays(page, 'prompt-player-欢迎语');
    await screenshot(page, 'prompts-zh');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('zh-CN voicemail: listening marks it heard, mark new, delete with its audio', async () => {
    const { page, errors } = await open('/portal/voicemail');
    const row = page.getByRole('row').filter({ hasText: '+8613912345678' });
    await row.getByText('新留言').waitFor();
    await row.getByRole('button', { name: /收\s*听/ }).click();
    await plays(page, `voicemail-player-${voicemailId}`);
    await row.getByText(/已听/).waitFor();
    assert.ok((await getVoicemail(p.db, p.tenantId, voicemailId))?.heardAt);
    await row.getByRole('button', { name: '标为未听' }).click();
    await row.getByText('新留言').waitFor();
    assert.equal((await getVoicemail(p.db, p.tenantId, voicemailId))?.heardAt, null);
    await screenshot(page, 'voicemail-zh');
    await row.getByRole('button', { name: /删\s*除/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal(await getVoicemail(p.db, p.tenantId, voicemailId), undefined);
    for (let i = 0; i < 50 && existsSync(voicemailPath); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(existsSync(voicemailPath), false);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('zh-CN users and seats: add an agent, change a role, reset a password, disable', async () => {
    const { page, errors } = await open('/portal/users');
    await page.getByRole('button', { name: '新增用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('zhang.san');
    await dialog.getByLabel('姓名').fill('张三');
    await dialog.getByLabel('工号').fill('1001');
    await dialog.getByLabel('初始密码').fill('Zhang-San-2026!');
    // The enterprise bought no seats (C32): an agent is refused, and the dialog says why.
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByRole('alert').getByText(/seats are taken/).waitFor();
    assert.equal(await findUserRowByUsername(p.db, 'zhang.san'), undefined);
    await chooseOption(page, dialog.getByRole('combobox', { name: '角色' }), '班长');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已创建用户 zhang.san').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'zhang.san' });
    await row.getByText('班长').waitFor();
    let stored = await findUserRowByUsername(p.db, 'zhang.san');
    assert.equal(stored?.role, 'supervisor');

    await chooseOption(page, row.getByRole('combobox', { name: 'zhang.san 的角色' }), '企业管理员');
    await page.getByText('已保存').first().waitFor();
    stored = await findUserRowByUsername(p.db, 'zhang.san');
    assert.equal(stored?.role, 'tenant_admin');

    // A weak reset is refused with the reason; a strong one is taken and must be changed at sign-in.
    await row.getByRole('button', { name: '重置密码' }).click();
    const reset = page.getByRole('dialog', { name: '重置 zhang.san 的密码' });
    await reset.getByLabel('新密码').fill('123456');
    await reset.getByRole('button', { name: /保\s*存/ }).click();
    await reset.getByRole('alert').filter({ hasText: /password/i }).waitFor();
    await reset.getByLabel('新密码').fill('Temp-Reset-2026!');
    await reset.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已重置 zhang.san 的密码').waitFor();
    stored = await findUserRowByUsername(p.db, 'zhang.san');
    assert.ok(stored && Number(stored.must_change_password) === 1, 'the owner picks a new password');

    await row.getByRole('switch', { name: '启用 zhang.san' }).click();
    await row.getByRole('switch', { name: '启用 zhang.san', checked: false }).waitFor();
    stored = await findUserRowByUsername(p.db, 'zhang.san');
    assert.equal(Number(stored?.disabled), 1);
    await screenshot(page, 'users-zh');
    assert.deepEqual(errors.filter((e) => !/status of (409|422|400)/.test(e)), []);
    await page.context().close();
  });

  test('zh-CN API keys: issue with a right, the key works once shown, revoke; the audit log shows it all', async () => {
    const { page, errors } = await open('/portal/api-keys');
    await page.getByRole('button', { name: '创建密钥' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('CRM 同步');
    await dialog.getByRole('checkbox', { name: 'call-records:read' }).check();
    await dialog.getByRole('button', { name: /生\s*成/ }).click();
    const key = (await page.getByTestId('issued-key').innerText()).trim();
    assert.match(key, /^hk_/);
    const res = await fetch(`${p.baseURL}/api/v1/call-records?limit=5`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(res.status, 200, 'the issued key reads call records');
    const row = page.getByRole('row').filter({ hasText: 'CRM 同步' });
    await row.getByText('call-records:read').waitFor();
    await screenshot(page, 'api-keys-zh');
    await row.getByRole('button', { name: '吊销 CRM 同步' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await row.getByText('已吊销').waitFor();
    assert.equal((await fetch(`${p.baseURL}/api/v1/call-records?limit=5`, { headers: { authorization: `Bearer ${key}` } })).status, 401);

    await page.getByRole('navigation').getByText('操作日志', { exact: true }).click();
    const log = page.getByTestId('audit-log');
    await log.getByText('api-key.revoke').waitFor();
    await log.getByText('api-key.create').waitFor();
    await page.getByRole('searchbox', { name: '操作' }).fill('api-key.create');
    await page.getByRole('searchbox', { name: '操作' }).press('Enter');
    await log.getByText('api-key.revoke').waitFor({ state: 'detached' });
    await screenshot(page, 'audit-zh');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('English users page', async () => {
    const { page, errors } = await open('/portal/users', 'en-US');
    await switchToEnglish(page);
    await page.getByRole('heading', { name: 'Users and seats' }).waitFor();
    await page.getByTestId('seats').getByText(/Seats \d+ \/ \d+/).waitFor();
    await screenshot(page, 'users-en');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
