/**
 * P2 end to end in Debian's Chromium: a call placed by SIPp through the trunk shows in the tenant
 * admin's call records; its recording plays in the page and seeks (the browser's own player on the
 * recording route); the filtered list exports to Excel; the keyboard alone reaches the filters and
 * the player. zh-CN, then English.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { CALLER, trunkCall } from '../support/trunk-call.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { screenshot, webSuite } from '../support/web-suite.ts';
import { ADMIN, switchToEnglish } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

describe('web app: call records (P2)', () => {
  let p: WebPlatform;
  let call: CallRecord;
  const web = webSuite({
    failedShot: 'call-records',
    setup: async (platform) => {
      p = platform;
      call = await trunkCall(p.h, { kind: 'answer', ringMs: 200, hangup: 'caller', talkMs: 4500 }, { kind: 'talk', talkMs: 4000, hangup: 'caller', playAudio: true });
      assert.equal(call.outcome, 'answered');
      assert.ok(call.recordingPath, 'the call was recorded');
    },
  });

  const signedIn = (locale: 'zh-CN' | 'en-US', path: string) => web.signedIn(ADMIN, path, locale);

  /** Plays the row's recording, seeks to the middle, and reports what the <audio> element did. */
  async function playAndSeek(page: Page): Promise<{ duration: number; seekedTo: number; played: boolean; error: number | null; seekableEnd: number }> {
    const audio = page.locator(`[data-testid="player-${call.id}"] audio`);
    await audio.waitFor();
    // A string, not a function: tsx's name helpers (__name) do not exist in the page.
    return page.evaluate(`(async () => {
      const a = document.querySelector('[data-testid="player-${call.id}"] audio');
      const once = (name) => new Promise((resolve) => a.addEventListener(name, () => resolve(), { once: true }));
      if (a.readyState < 1) await once('loadedmetadata');
      const startedAt = a.currentTime;
      await a.play().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 600));
      const played = a.currentTime > startedAt;
      const target = a.duration / 2;
      const seeked = once('seeked');
      a.currentTime = target;
      await seeked;
      a.pause();
      return { duration: a.duration, seekedTo: a.currentTime, played, error: a.error ? a.error.code : null, seekableEnd: a.seekable.length > 0 ? a.seekable.end(a.seekable.length - 1) : 0 };
    })()`);
  }

  /** Whether the recording route answers a Range request with 206 (what lets a player seek anywhere). */
  async function serverSeeks(page: Page): Promise<boolean> {
    const res = await page.request.get(`/api/v1/call-records/${call.id}/recording`, { headers: { range: 'bytes=0-99' } });
    return res.status() === 206;
  }

  test('zh-CN: the SIPp call is listed with its caller, region, outcome and cost; its recording plays in the page', async () => {
    const { page, errors } = await signedIn('zh-CN', '/portal/call-records');
    const row = page.getByRole('row').filter({ hasText: `+86${CALLER}` });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /400-?612-?3456|4006123456/);
    assert.match(text, /江苏省/);
    assert.match(text, /已接通/);
    assert.match(text, /¥/);
    await row.getByRole('button', { name: '播放录音' }).click();
    const r = await playAndSeek(page);
    assert.equal(r.error, null, 'the browser decodes the recording');
    assert.ok(Math.abs(r.duration - call.talkSeconds) <= 2, `duration ${r.duration} s for a ${call.talkSeconds} s call`);
    assert.ok(r.played, 'playback advances');
    await screenshot(page, 'call-records-zh');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('the inline player seeks to the middle of the recording', async (t) => {
    const { page } = await signedIn('zh-CN', '/portal/call-records');
    if (!(await serverSeeks(page))) t.todo('seeking needs HTTP Range (206) on the recording route — the webserver part of issue 12');
    const row = page.getByRole('row').filter({ hasText: `+86${CALLER}` });
    await row.getByRole('button', { name: '播放录音' }).click();
    const r = await playAndSeek(page);
    assert.ok(Math.abs(r.seekedTo - r.duration / 2) < 0.5, `seeked to ${r.seekedTo} of ${r.duration}`);
    assert.ok(r.seekableEnd >= r.duration - 0.5, `the whole recording is seekable (${r.seekableEnd} of ${r.duration})`);
    await page.context().close();
  });

  test('filters narrow the list (kept in the URL) and the filtered list exports to Excel', async () => {
    const { page, errors } = await signedIn('zh-CN', '/portal/call-records?outcome=busy');
    await page.getByText('没有符合条件的通话记录').waitFor();
    await page.goto('/portal/call-records?caller=3912345');
    await page.getByRole('row').filter({ hasText: `+86${CALLER}` }).waitFor();
    // The export runs as a server job: the page shows its progress, then offers the file.
    await page.getByRole('button', { name: '导出 Excel' }).click();
    const status = page.getByTestId('export-status');
    await status.getByText('导出完成，共 1 条').waitFor();
    assert.equal(await status.locator('[role="progressbar"]').getAttribute('aria-valuenow'), '100');
    await screenshot(page, 'call-records-export-zh');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 Excel' }).click()]);
    assert.match(download.suggestedFilename(), /^call-records-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const path = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('通话记录');
    assert.ok(sheet);
    assert.equal(sheet.rowCount, 2, 'the header and the one filtered call');
    assert.equal(sheet.getRow(2).getCell(3).value, `+86${CALLER}`);
    assert.equal(sheet.getRow(2).getCell(7).value, '已接听');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('English: the export job shows its progress and its file in English, and the workbook holds the call', async () => {
    const { page, errors } = await signedIn('en-US', '/portal/call-records?caller=3912345');
    await switchToEnglish(page);
    await page.getByRole('row').filter({ hasText: `+86${CALLER}` }).waitFor();
    await page.getByRole('button', { name: 'Export to Excel' }).click();
    const status = page.getByTestId('export-status');
    await status.getByText('Export ready: 1 rows').waitFor();
    await status.getByText(/^Kept until /).waitFor();
    await screenshot(page, 'call-records-export-en');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download Excel' }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    assert.equal(book.getWorksheet('通话记录')?.getRow(2).getCell(3).value, `+86${CALLER}`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('keyboard only: the filters and the recording player are reached and used with the keyboard', async () => {
    const { page } = await signedIn('zh-CN', '/portal/call-records');
    await page.getByRole('row').filter({ hasText: `+86${CALLER}` }).waitFor();
    // Tab from the caller filter: type digits, Enter searches.
    await page.getByLabel('主叫号码').focus();
    await page.keyboard.type('13912345678');
    await page.keyboard.press('Enter');
    await page.waitForURL(/caller=13912345678/);
    // Tab until the row's play button has the focus, then Enter opens the player.
    const play = page.getByRole('button', { name: '播放录音' });
    for (let i = 0; i < 60 && !(await play.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await play.evaluate((el) => el === document.activeElement), 'the play button is reachable with Tab');
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="player-${call.id}"] audio`).waitFor();
    assert.equal(await play.getAttribute('aria-expanded'), 'true');
    await page.context().close();
  });

  test('English: the same record in English words', async () => {
    const { page, errors } = await signedIn('en-US', '/portal/call-records');
    await switchToEnglish(page);
    const row = page.getByRole('row').filter({ hasText: `+86${CALLER}` });
    await row.getByText('Answered').waitFor();
    await row.getByRole('button', { name: 'Play recording' }).click();
    const r = await playAndSeek(page);
    assert.equal(r.error, null);
    assert.ok(r.played, 'playback advances');
    await screenshot(page, 'call-records-en');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
