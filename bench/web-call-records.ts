/**
 * Time until the call-records page is usable, on loopback: the whole platform serving the built app
 * with N call records of the enterprise (default 5 000), a tenant admin signed in, then — with an
 * empty browser cache each round — from navigating to /portal/call-records until its first page of
 * rows is on screen (first row visible) in Debian's Chromium. Prints min / median / p95 over the
 * rounds. Goal: under 1.5 s.
 *   node scripts/build-web.mjs && node --import tsx bench/web-call-records.ts [--records N] [--rounds R]
 */
import { randomUUID } from 'node:crypto';
import { closeCallRecord, openCallRecord } from '../src/cdr/call-record-store.ts';
import { launchChromium, newContext } from '../test/support/browser.ts';
import { ADMIN, NUMBER, signInByName, startWebPlatform } from '../test/web/support/web-platform.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const records = arg('records', 5000);
const rounds = arg('rounds', 10);

const p = await startWebPlatform();
try {
  const now = Date.now();
  for (let i = 0; i < records; i++) {
    const id = randomUUID();
    const startedAt = new Date(now - (i + 1) * 60_000);
    await openCallRecord(p.db, { id, tenantId: p.tenantId, number400: NUMBER, sipCallId: `bench-${id}`, caller: { number: `+86139${String(10_000_000 + i).slice(-8)}`, kind: 'mobile' }, startedAt });
    await closeCallRecord(p.db, id, { endedAt: new Date(startedAt.getTime() + 45_000), outcome: i % 4 === 0 ? 'no_answer' : 'answered', sipStatus: 200, sipReason: 'OK', endedBy: 'caller', answeredAt: new Date(startedAt.getTime() + 5000), answeringNumber: '+8613800138000' });
  }
  const browser = await launchChromium();
  const times: number[] = [];
  try {
    for (let r = 0; r < rounds + 1; r++) {
      const ctx = await newContext(browser, p.baseURL);
      const page = await ctx.newPage();
      await signInByName(page, ADMIN, '/portal/dashboard');
      // A fresh context has an empty cache: every asset of the page is fetched, as on a first visit.
      const ctx2 = await newContext(browser, p.baseURL);
      await ctx2.addCookies(await ctx.cookies());
      const page2 = await ctx2.newPage();
      const t0 = performance.now();
      await page2.goto('/portal/call-records');
      await page2.locator('tbody tr.ant-table-row').first().waitFor();
      const ms = performance.now() - t0;
      if (r > 0) times.push(ms); // the first round warms the server (JIT, SQLite pages)
      await ctx.close();
      await ctx2.close();
    }
  } finally {
    await browser.close();
  }
  times.sort((a, b) => a - b);
  const q = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))] ?? NaN;
  console.log(`call-records page usable (cold cache, ${records} records, ${rounds} rounds): min ${q(0).toFixed(0)} ms, median ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms — goal < 1500 ms: ${q(0.95) < 1500 ? 'met' : 'NOT met'}`);
} finally {
  await p.stop();
}
