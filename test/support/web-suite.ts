/**
 * The browser tests' one fixture: called inside a `describe`, it starts the platform with its web
 * app (test/web/support/web-platform.ts: one enterprise, its admin, an operator admin) and one
 * Chromium for the whole file, and gives each test fresh pages:
 *
 *   describe('web app: …', () => {
 *     const web = webSuite({ failedShot: 'numbers', setup: async (p) => { … seed … } });
 *     test('…', async () => {
 *       const { page, errors } = await web.signedIn(ADMIN, '/portal/numbers');
 *       …
 *       assert.deepEqual(errors, []);
 *     });
 *   });
 *
 * Every page collects the errors it logs (collectPageErrors). After each test, the contexts it
 * opened are closed; when the test failed, each page still open is kept as a screenshot
 * `.tmp/screenshots/<failedShot>-failed-<n>.png` first.
 */
import { after, afterEach, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageErrors, launchChromium, newContext, screenshot } from './browser.ts';
import { signInByName, startWebPlatform } from '../web/support/web-platform.ts';
import type { WebPlatform } from '../web/support/web-platform.ts';

export type Locale = 'zh-CN' | 'en-US';

export interface WebSuiteOptions {
  /** Seeds the platform (users, calls, top-ups …) before the browser starts. */
  setup?: (p: WebPlatform) => Promise<void>;
  /** Names the screenshots of failed tests. */
  failedShot: string;
  /** Every page's microphone plays this WAV (see launchChromium). */
  fakeMicWav?: string;
}

export interface WebSuite {
  /** The platform (from `before` on). */
  readonly p: WebPlatform;
  readonly browser: Browser;
  readonly baseURL: string;
  /** A clean browser profile in `locale`, closed after the test. */
  context(locale?: Locale): Promise<BrowserContext>;
  /** A page of its own context, its logged errors collected in `errors`. */
  page(locale?: Locale): Promise<{ page: Page; errors: string[] }>;
  /** `page()` signed in by name as `who`, landed on `path`. */
  signedIn(who: { username: string; password: string }, path: string, locale?: Locale): Promise<{ page: Page; errors: string[] }>;
}

export function webSuite(opts: WebSuiteOptions): WebSuite {
  let platform: WebPlatform | undefined;
  let chromium: Browser | undefined;
  let opened: BrowserContext[] = [];
  let failures = 0;

  before(async () => {
    platform = await startWebPlatform();
    await opts.setup?.(platform);
    chromium = await launchChromium(opts.fakeMicWav === undefined ? {} : { fakeMicWav: opts.fakeMicWav });
  });
  afterEach(async (t) => {
    const contexts = opened;
    opened = [];
    // TestContext.passed (Node ≥ 20.12); @types/node here does not know it yet.
    const failed = (t as { passed?: boolean }).passed !== true;
    for (const ctx of contexts) {
      if (failed) {
        for (const page of ctx.pages()) await screenshot(page, `${opts.failedShot}-failed-${++failures}`).catch(() => undefined);
      }
      await ctx.close().catch(() => undefined);
    }
  });
  after(async () => {
    await chromium?.close();
    await platform?.stop();
  });

  const started = <T>(what: T | undefined): T => {
    if (what === undefined) throw new Error('webSuite: used before its before() hook ran (call it inside describe, use it inside tests)');
    return what;
  };
  const suite: WebSuite = {
    get p() {
      return started(platform);
    },
    get browser() {
      return started(chromium);
    },
    get baseURL() {
      return started(platform).baseURL;
    },
    context: async (locale = 'zh-CN') => {
      const ctx = await newContext(suite.browser, suite.baseURL, locale);
      opened.push(ctx);
      return ctx;
    },
    page: async (locale = 'zh-CN') => {
      const page = await (await suite.context(locale)).newPage();
      return { page, errors: collectPageErrors(page) };
    },
    signedIn: async (who, path, locale = 'zh-CN') => {
      const opened = await suite.page(locale);
      await signInByName(opened.page, who, path);
      return opened;
    },
  };
  return suite;
}

export { screenshot };
