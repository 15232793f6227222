/**
 * The wallboard (C17) at the scale: the whole platform serving the built app, a supervisor's
 * /wallboard open in Debian's Chromium, N agents (default 500) in a queue whose states the ACD
 * changes at a steady rate (log in, ready, not ready — real agent.state_changed events and the
 * wallboard's figures), and C live calls (default 200) on the bus, each created, answered and bridged,
 * then held and taken off hold in turn. Prints the event-to-screen latency (an agent's event time on
 * the bus → its state cell changed in the page's DOM, measured in the page) p50/p99/max, and the
 * browser's CPU while it runs (Chromium's own task time ÷ wall time, from the DevTools protocol).
 * The calls are the bus's events, not SIP: this measures the page, not the SIP stack.
 * Every other change is one of the first --on-screen agents (those in view when the page loads), so
 * the latency has samples from rows on screen whether the page windows its tables or not.
 *   node scripts/build-web.mjs && node --import tsx bench/wallboard.ts [--agents 500] [--calls 200] [--rate 50] [--seconds 30] [--on-screen 10]
 */
import { randomUUID } from 'node:crypto';
import { systemActor } from '../src/audit/actor.ts';
import { MEMBERSHIP_DEFAULTS, QUEUE_DEFAULTS } from '../src/acd/acd-model.ts';
import { TEST_SCRYPT } from '../src/users/password.ts';
import { upsertUser } from '../src/users/upsert-user.ts';
import { usersSettings } from '../src/users/users-settings.ts';
import { launchChromium, newContext } from '../test/support/browser.ts';
import { NUMBER, signInByName, startWebPlatform } from '../test/web/support/web-platform.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const agents = arg('agents', 500);
const calls = arg('calls', 200);
const rate = arg('rate', 50);
const seconds = arg('seconds', 30);
const onScreen = arg('on-screen', 10);

const SUPERVISOR = { username: 'bench-sup', password: 'Bench-Sup-2026!x' };
const p = await startWebPlatform();
const browser = await launchChromium();
try {
  await upsertUser(p.db, { tenantId: p.tenantId, username: SUPERVISOR.username, role: 'supervisor', displayName: '班长', password: SUPERVISOR.password, mustChangePassword: false }, systemActor('bench'), usersSettings({ scrypt: TEST_SCRYPT }));
  const page = await (await newContext(browser, p.baseURL, 'zh-CN')).newPage();
  await signInByName(page, SUPERVISOR, '/wallboard');
  await page.getByTestId('feed-status').filter({ hasText: '实时' }).waitFor();

  // The queue and its agents, straight into the running engine (their events are real).
  const engine = p.h.platform.acd.engine;
  const tenantId = p.tenantId;
  engine.putQueue({ ...QUEUE_DEFAULTS, id: 'bench-queue', tenantId, name: '基准队列' });
  const ids = Array.from({ length: agents }, (_, i) => String(5000 + i));
  for (const a of ids) engine.putAgent({ tenantId, userId: `u${a}`, agentId: a, displayName: `座席${a}`, phone: { kind: 'mobile', number: `+86139${a.padStart(8, '0')}` }, skills: new Map(), regions: [] }, [{ ...MEMBERSHIP_DEFAULTS, queueId: 'bench-queue', userId: `u${a}` }]);
  for (const a of ids) engine.logIn(tenantId, `u${a}`, 'agent');

  // The live calls: created, two legs, answered, bridged.
  const bus = p.h.platform.events;
  const callIds = Array.from({ length: calls }, () => randomUUID());
  const legs = new Map<string, string>();
  callIds.forEach((callId, i) => {
    const caller = `+86138${String(i).padStart(8, '0')}`;
    const [inLeg, outLeg] = [randomUUID(), randomUUID()];
    legs.set(callId, inLeg);
    bus.publish({ type: 'call.created', tenantId, callId, direction: 'inbound', number400: NUMBER, callerNumber: caller, state: 'setup' });
    bus.publish({ type: 'leg.created', tenantId, callId, legId: inLeg, direction: 'inbound', party: { kind: 'pstn', number: caller }, state: 'offering' });
    bus.publish({ type: 'leg.created', tenantId, callId, legId: outLeg, direction: 'outbound', party: { kind: 'sip', username: ids[i % ids.length]! }, state: 'calling' });
    bus.publish({ type: 'leg.answered', tenantId, callId, legId: outLeg, previous: 'calling', state: 'answered' });
    bus.publish({ type: 'leg.answered', tenantId, callId, legId: inLeg, previous: 'offering', state: 'answered' });
    bus.publish({ type: 'call.bridged', tenantId, callId, legIds: [inLeg, outLeg], previous: 'dialing', state: 'answered' });
  });
  // Every row is known to the page (a windowed table says how many it holds; an unwindowed one has them all in the DOM).
  await page.waitForFunction((n) => {
    const t = document.querySelector('[data-testid="live-calls"]');
    return Number(t?.getAttribute('data-rows') ?? t?.querySelectorAll('tbody tr.ant-table-row').length ?? 0) >= n;
  }, calls, { timeout: 60_000 });
  await page.waitForFunction((n) => {
    const rows = document.querySelector('[data-testid="agents"]')?.getAttribute('data-rows');
    return Number(rows ?? document.querySelectorAll('[data-testid^="agent-state-"]').length) >= n;
  }, agents, { timeout: 60_000 });

  // In the page: each agent state cell's change, timed against its event's bus time.
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[] };
    w.__lat = [];
    new MutationObserver((records) => {
      const now = Date.now();
      for (const r of records) {
        const el = r.target as HTMLElement;
        const t = el.getAttribute?.('data-event-time');
        if (r.attributeName === 'data-event-time' && t) w.__lat.push(now - Date.parse(t));
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-event-time'] });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskTime = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0);
  const cpu0 = await taskTime();
  const wall0 = Date.now();

  // The run: `rate` agent changes a second (ready ⇄ not ready), and the calls held / unheld in turn.
  // Every other change is one of the first `onScreen` agents (in view on load, windowed or not): the
  // latency is measured on rows a supervisor sees, and a windowed table mounts no others.
  let changes = 0;
  let tick = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const a = changes % 2 === 0 ? ids[Math.floor(Math.random() * Math.min(onScreen, ids.length))]! : ids[Math.floor(Math.random() * ids.length)]!;
    const state = engine.agent(tenantId, `u${a}`)?.status.state;
    if (state === 'ready') engine.setNotReady(tenantId, `u${a}`, 'break', 'supervisor');
    else engine.setReady(tenantId, `u${a}`, 'supervisor');
    changes++;
    if (++tick % 5 === 0) {
      const callId = callIds[tick % callIds.length]!;
      const legId = legs.get(callId)!;
      const held = tick % 10 === 0;
      bus.publish(held ? { type: 'leg.held', tenantId, callId, legId, previous: 'answered', state: 'held' } : { type: 'leg.unheld', tenantId, callId, legId, previous: 'held', state: 'answered' });
    }
    await new Promise((r) => setTimeout(r, 1000 / rate));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const cpu = (await taskTime()) - cpu0;
  const wall = (Date.now() - wall0) / 1000;
  const lat = (await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat)).sort((x, y) => x - y);
  const q = (f: number) => lat[Math.min(lat.length - 1, Math.floor(f * lat.length))] ?? NaN;
  console.log(`wallboard: ${agents} agents, ${calls} live calls, ${changes} agent changes in ${wall.toFixed(1)} s (${(changes / wall).toFixed(1)}/s) + calls held/unheld`);
  console.log(`event-to-screen latency over ${lat.length} agent changes seen on screen: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${lat.at(-1)} ms`);
  console.log(`browser CPU (renderer task time ÷ wall time): ${((cpu / wall) * 100).toFixed(1)} % of a core`);
} finally {
  await browser.close();
  await p.stop();
}
