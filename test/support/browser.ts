/**
 * Debian's Chromium driven through playwright-core (never a downloaded browser), for the web app's
 * tests: one browser at a time, a fresh context per test, and screenshots kept with the test output
 * under .tmp/screenshots/ (gitignored) so a person can look at every page a test saw.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../.tmp/screenshots/', import.meta.url));

/**
 * `fakeMicWav`: every page's microphone plays this WAV (48 or 44.1 kHz; one file per browser
 * process), and WebRTC may use the platform's loopback address (Chromium leaves loopback out of
 * ICE unless told).
 */
export function launchChromium(opts: { fakeMicWav?: string } = {}): Promise<Browser> {
  const media = opts.fakeMicWav ? ['--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${opts.fakeMicWav}`, '--allow-loopback-in-peer-connection'] : [];
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required', ...media],
  });
}

/** A clean browser profile in the given language (Accept-Language; the app starts in zh-CN anyway). */
export async function newContext(browser: Browser, baseURL: string, locale: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL, locale, viewport: { width: 1366, height: 860 }, acceptDownloads: true });
  ctx.setDefaultTimeout(20_000);
  return ctx;
}

/** Saves a full-page screenshot as .tmp/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fails a test on any error the page logs (CSP violations and uncaught exceptions included). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 401/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}
