/**
 * What the agent-desk browser tests share: an agent's desk opened in a fresh browser context (the
 * softphone registered, the feed open), what the page hears from the far end (Web Audio on the
 * desk's remote stream), and picking a transfer target from the desk's list.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageErrors } from '../support/browser.ts';
import { signInByName } from './support/web-platform.ts';

export interface DeskAgent {
  username: string;
  password: string;
  agentId: string;
  sip: string;
  displayName: string;
}

export interface Desk {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** An agent signs in: the desk opens, they take calls in this browser, the softphone registers. */
export async function openDesk(browser: Browser, baseURL: string, a: DeskAgent): Promise<Desk> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 1366, height: 1000 } });
  context.setDefaultTimeout(25_000);
  await context.grantPermissions(['microphone'], { origin: baseURL });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto('/');
  await signInByName(page, a, '/desk');
  await page.getByTestId('desk-phone-choice').waitFor();
  const phoneTag = page.getByTestId('desk-softphone');
  if ((await phoneTag.count()) === 0) {
    await page.getByTestId('desk-phone-choice').getByText('本浏览器').click();
    await page.getByTestId('desk-phone-choice').getByRole('button', { name: /^保\s?存$/ }).click();
  }
  await page.locator('[data-testid="desk-softphone"][data-state="registered"]').waitFor();
  await page.locator('[data-testid="desk-feed"][data-status="open"]').waitFor();
  return { context, page, errors };
}

/**
 * The far end's sound in the page right now: for each of `hz`, its level in dB (Web Audio
 * analyser on the desk's remote stream; -Infinity before media), and the loudest frequency.
 */
export function heardLevels(page: Page, hz: number[]): Promise<{ peakHz: number; peakDb: number; db: number[] }> {
  return page.evaluate((freqs) => {
    const w = window as unknown as { probe?: { stream: MediaStream; analyser: AnalyserNode; rate: number } };
    const audio = document.querySelector('[data-testid="desk-remote-audio"]') as HTMLAudioElement | null;
    const stream = audio?.srcObject as MediaStream | null;
    if (!stream) return { peakHz: 0, peakDb: -Infinity, db: freqs.map(() => -Infinity) };
    if (w.probe?.stream !== stream) {
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 8192;
      ctx.createMediaStreamSource(stream).connect(analyser);
      w.probe = { stream, analyser, rate: ctx.sampleRate };
    }
    const { analyser, rate } = w.probe;
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let best = 1;
    for (let i = 1; i < bins.length; i++) if ((bins[i] ?? -Infinity) > (bins[best] ?? -Infinity)) best = i;
    // A tone spreads over a bin or two either side: the loudest of them. (No named functions in
    // here: the test's TypeScript loader would wrap them in a helper the page does not have.)
    const db = freqs.map((f) => {
      const i = Math.round((f * analyser.fftSize) / rate);
      return Math.max(bins[i - 1] ?? -Infinity, bins[i] ?? -Infinity, bins[i + 1] ?? -Infinity);
    });
    return { peakHz: (best * rate) / analyser.fftSize, peakDb: bins[best] ?? -Infinity, db };
  }, hz);
}

/** The loudest frequency the page hears from the far end right now (Hz), or 0 before media. */
export async function heardPeak(page: Page): Promise<number> {
  const { peakHz, peakDb } = await heardLevels(page, []);
  return peakDb > -70 ? peakHz : 0;
}

/** What the desk's remote <audio> has, for a failure message. */
export function remoteAudioState(page: Page): Promise<unknown> {
  return page.evaluate(() => {
    const audio = document.querySelector('[data-testid="desk-remote-audio"]') as HTMLAudioElement | null;
    const stream = audio?.srcObject as MediaStream | null;
    return { paused: audio?.paused, tracks: stream?.getTracks().map((t) => ({ kind: t.kind, state: t.readyState, muted: t.muted, enabled: t.enabled })) ?? null };
  });
}

/**
 * Picks an agent among the call's transfer targets (GET /desk/transfer-targets): searched by name,
 * shown with their ACD state.
 */
export async function chooseTransferAgent(page: Page, target: DeskAgent, state?: string): Promise<void> {
  const select = page.getByTestId('desk-transfer').locator('.desk-transfer-agent');
  await select.click();
  await select.locator('input').fill(target.displayName);
  const option = page.locator(`.ant-select-dropdown:visible [data-testid="desk-transfer-agent-option"][data-to="${target.sip}"]`);
  if (state) await option.filter({ hasText: state }).waitFor();
  await option.click();
}
