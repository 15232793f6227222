/**
 * C17 in Debian's Chromium: the supervisor's wallboard follows a scripted sequence of real calls
 * exactly — SIPp callers through the trunk into a queue, agents with baresip phones whose states the
 * supervisor forces from the wallboard itself — waiting count, abandoned, answered, agent states,
 * calls today and the live call's legs, each step asserted on screen. Then the feed is cut (the
 * page's WebSocket closed and refused) while a caller enters the queue: the page reconnects, resumes
 * from its last seq and shows the caller; a reload (a fresh snapshot) shows the same. And a floor
 * of 300 agents: the agents table mounts only the rows in view, and a scrolled-to row follows its
 * agent (the speed at 500 agents is bench/wallboard.ts's, not a test's: no wall-clock asserts). Last,
 * the platform restarts on the same data: the day's figures are the same (seeded from the records).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { MEMBERSHIP_DEFAULTS, QUEUE_DEFAULTS } from '../../src/acd/acd-model.ts';
import { systemActor } from '../../src/audit/actor.ts';
import { startPlatform } from '../../src/platform/platform.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { setNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { upsertUser } from '../../src/users/upsert-user.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { acdCallerScenario } from '../acd/acd-sipp-scenarios.ts';
import { freeBaresipPort, startBaresip } from '../support/baresip-process.ts';
import type { Baresip } from '../support/baresip-process.ts';
import { collectPageErrors, launchChromium, newContext, screenshot } from '../support/browser.ts';
import { signIn } from '../support/platform-api.ts';
import { harnessSettings } from '../support/platform-harness.ts';
import { freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import { until } from '../support/until.ts';
import { ADMIN, NUMBER, signInByName, startWebPlatform } from './support/web-platform.ts';
import type { WebPlatform } from './support/web-platform.ts';

const SUPERVISOR = { username: 'acme-sup', password: 'Acme-Sup-2026!x' };
const AGENTS = ['801', '802'] as const;
const QUEUE = '客服';

describe('web app: the wallboard (C17)', () => {
  let p: WebPlatform;
  /** The platform started again on the same data by the restart test. */
  let restarted: Platform | undefined;
  let browser: Browser;
  const phones: Baresip[] = [];
  const callers: { kill(): void }[] = [];
  const userIds = new Map<string, string>();

  before(async () => {
    p = await startWebPlatform();
    const settings = usersSettings({ scrypt: TEST_SCRYPT, sipRealm: p.h.platform.settings.sipRealm });
    await upsertUser(p.db, { tenantId: p.tenantId, username: SUPERVISOR.username, role: 'supervisor', displayName: '班长小周', password: SUPERVISOR.password, mustChangePassword: false }, systemActor('test'), settings);
    for (const a of AGENTS) {
      const { user } = await upsertUser(p.db, { tenantId: p.tenantId, username: `agent${a}`, role: 'agent', displayName: `座席${a}`, password: `Agent-${a}-2026!x`, mustChangePassword: false, agentId: a, sipUsername: a, sipPassword: `secret-${a}` }, systemActor('test'), settings);
      userIds.set(a, user.id);
    }
    const admin = await signIn(p.h, ADMIN.username, ADMIN.password);
    const q = await admin.request('POST', '/api/v1/acd/queues', { name: QUEUE, overflowWhenNoAgents: false, maxWaitSeconds: null, announceEverySeconds: 0, announceAgentId: false, wrapUpMode: 'none' });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    const queueId = (q.body as { id: string }).id;
    for (const a of AGENTS) assert.equal((await admin.request('PUT', `/api/v1/acd/queues/${queueId}/members/${userIds.get(a)}`, {})).status, 200);
    await setNumberPolicy(p.db, p.tenantId, NUMBER, { default: { queue: QUEUE } }, { queues: new Set([QUEUE]) });
    let rtp = 37000 + (process.pid % 40) * 40;
    for (const a of AGENTS) {
      phones.push(startBaresip({ sipPort: await freeBaresipPort(), registrar: `127.0.0.1:${p.h.platform.sipPort}`, username: a, password: `secret-${a}`, rtpPorts: `${rtp}-${rtp + 9}` }));
      rtp += 10;
      const phone = phones.at(-1)!;
      await until(() => p.h.platform.registrar.lookup(a).length > 0, `baresip ${a} to register`).catch((err: Error) => {
        throw new Error(`${err.message}\n${phone.output()}\n${p.h.logs()}`);
      });
    }
    browser = await launchChromium();
  });
  after(async () => {
    for (const c of callers) c.kill();
    await browser?.close();
    for (const ph of phones) await ph.stop();
    await restarted?.stop();
    await p?.stop();
  });

  /** A SIPp caller into the queue who hangs up after `holdMs` (waiting and talking). */
  async function dial(caller: string, holdMs: number): Promise<void> {
    const run = startSipp({ scenario: acdCallerScenario({ steps: [{ pause: holdMs }], end: 'bye' }), port: await freeUdpPort(), mediaPort: nextMediaPort(), remote: `127.0.0.1:${p.h.platform.sipPort}`, service: NUMBER, keys: { caller }, timeoutSeconds: 120 });
    callers.push(run);
  }

  const text = (page: Page, id: string) => page.getByTestId(id).innerText();
  async function shows(page: Page, id: string, expected: string, what: string): Promise<void> {
    await until(async () => (await text(page, id).catch(() => '')).trim() === expected, `${what}: ${id} shows ${expected}`, 20_000).catch(async (err: Error) => {
      throw new Error(`${err.message} (it shows ${await text(page, id).catch(() => '?')})`);
    });
  }
  async function agentState(page: Page, agent: string, state: string): Promise<void> {
    const cell = page.getByTestId(`agent-state-${agent}`);
    await until(async () => (await cell.getAttribute('data-state').catch(() => null)) === state, `agent ${agent} shown ${state}`, 20_000).catch(async (err: Error) => {
      throw new Error(`${err.message} (shown ${await cell.getAttribute('data-state').catch(() => '?')})`);
    });
  }
  async function force(page: Page, agent: string, label: string): Promise<void> {
    await page.getByTestId(`force-${agent}`).click();
    await page.getByRole('menuitem', { name: label }).click();
  }

  test('waiting count, abandoned, answered and agent states follow the calls; a cut feed resumes; a reload shows the same', async () => {
    const ctx = await newContext(browser, p.baseURL, 'zh-CN');
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    // The page's event feed passes through here, so the test can cut it and refuse reconnects.
    let cut = false;
    let feed: { page: WebSocketRoute; server: WebSocketRoute } | undefined;
    await page.routeWebSocket(/\/api\/v1\/events/, (ws) => {
      if (cut) return void ws.close({ code: 1001, reason: 'cut by the test' });
      feed = { page: ws, server: ws.connectToServer() };
    });
    await signInByName(page, SUPERVISOR, '/wallboard');
    await page.getByTestId('feed-status').filter({ hasText: '实时' }).waitFor();

    // 1. Nobody logged in, nobody waiting.
    await shows(page, `waiting-${QUEUE}`, '0', 'start');
    await agentState(page, '801', 'logged_out');
    await agentState(page, '802', 'logged_out');

    // 2. The supervisor logs 801 in and puts them on a break, from the wallboard.
    await force(page, '801', '签入');
    await until(async () => ['ready', 'not_ready'].includes((await page.getByTestId('agent-state-801').getAttribute('data-state')) ?? ''), '801 logged in');
    await force(page, '801', '置为小休');
    await agentState(page, '801', 'not_ready');

    // 3. Two callers wait.
    await dial('13900000001', 90_000);
    await dial('13900000002', 6_000);
    await shows(page, `waiting-${QUEUE}`, '2', 'two callers');

    // 4. The second gives up.
    await shows(page, `abandoned-${QUEUE}`, '1', 'caller 2 hung up');
    await shows(page, `waiting-${QUEUE}`, '1', 'caller 2 hung up');

    // 5. 801 made ready: their phone answers the first caller.
    await force(page, '801', '置为就绪');
    await agentState(page, '801', 'talking');
    await shows(page, `waiting-${QUEUE}`, '0', 'caller 1 answered');
    await shows(page, `answered-${QUEUE}`, '1', 'caller 1 answered');
    await shows(page, 'calls-today-801', '1', 'caller 1 answered');
    await until(async () => /13900000001/.test(await text(page, 'agent-call-801').catch(() => '')), '801’s current call');
    const call1 = page.getByTestId('live-calls').getByRole('row').filter({ hasText: '13900000001' });
    await until(async () => /801 通话中/.test(await call1.getByTestId('legs').innerText().catch(() => '')), 'the live call’s agent leg').catch(async (err: Error) => {
      throw new Error(`${err.message}: ${await page.getByTestId('live-calls').innerText()}`);
    });
    await screenshot(page, 'wallboard-zh');

    // 6. The feed is cut; a third caller enters the queue meanwhile.
    cut = true;
    await feed!.server.close();
    await feed!.page.close({ code: 1001, reason: 'cut by the test' });
    await page.getByTestId('feed-status').filter({ hasText: '重新连接中' }).waitFor();
    await dial('13900000003', 90_000);
    await until(() => p.h.platform.live.queuesNow(p.tenantId).some((q) => q.waiting.length === 1), 'caller 3 waiting on the server');
    assert.equal(await text(page, `waiting-${QUEUE}`), '0', 'the page heard nothing while cut');
    cut = false;
    await page.getByTestId('feed-status').filter({ hasText: '实时' }).waitFor({ timeout: 20_000 });
    await shows(page, `waiting-${QUEUE}`, '1', 'after the resume');

    // 7. 802 logged in and made ready from the wallboard: takes caller 3.
    await force(page, '802', '签入');
    await until(async () => ['ready', 'not_ready', 'talking', 'ringing', 'reserved'].includes((await page.getByTestId('agent-state-802').getAttribute('data-state')) ?? ''), '802 logged in');
    if ((await page.getByTestId('agent-state-802').getAttribute('data-state')) === 'not_ready') await force(page, '802', '置为就绪');
    await agentState(page, '802', 'talking');
    await shows(page, `waiting-${QUEUE}`, '0', 'caller 3 answered');
    await shows(page, `answered-${QUEUE}`, '2', 'caller 3 answered');

    // 8. A reload starts from a fresh snapshot and the day's figures: the same picture.
    await page.reload();
    await page.getByTestId('feed-status').filter({ hasText: '实时' }).waitFor();
    await shows(page, `waiting-${QUEUE}`, '0', 'after the reload');
    await shows(page, `abandoned-${QUEUE}`, '1', 'after the reload');
    await shows(page, `answered-${QUEUE}`, '2', 'after the reload');
    await agentState(page, '801', 'talking');
    await agentState(page, '802', 'talking');
    await shows(page, 'calls-today-802', '1', 'after the reload');

    // A live call's caller links to the 班长席 page with that call selected.
    await page.getByTestId('live-calls').getByRole('row').filter({ hasText: '13900000003' }).getByTestId('step-in-link').click();
    await page.waitForURL((u) => u.pathname === '/supervision' && u.searchParams.has('call'));
    await until(async () => /13900000003/.test(await page.locator('[data-testid="live-calls"] tr[data-selected="true"]').innerText().catch(() => '')), 'the call selected on the step-in page');
    await page.goBack();
    await page.getByTestId('feed-status').filter({ hasText: '实时' }).waitFor();

    // The forced changes are the supervisor's, in the audit log.
    const audit = await p.db.withTables<{ audit_log: { action: string; target_id: string | null } }>().selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'acd.agent.force').execute();
    assert.ok(audit.filter((r) => r.target_id === userIds.get('801')).length >= 3, 'each forced change of 801 audited');

    // The big-screen mode: no menu, the same figures.
    await page.goto('/wallboard/tv');
    await shows(page, `answered-${QUEUE}`, '2', 'big screen');
    assert.equal(await page.locator('.ant-layout-sider, .ant-menu').count(), 0, 'no chrome on the big screen');
    await screenshot(page, 'wallboard-tv');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('a floor of 300 more agents: only the rows in view are in the page, a scroll reaches the last, whose change shows', async () => {
    // Straight into the running engine, as bench/wallboard.ts does: their events are real.
    const engine = p.h.platform.acd.engine;
    const tenantId = p.tenantId;
    engine.putQueue({ ...QUEUE_DEFAULTS, id: 'floor-queue', tenantId, name: '大厅' });
    const ids = Array.from({ length: 300 }, (_, i) => String(5000 + i));
    for (const a of ids) engine.putAgent({ tenantId, userId: `floor-${a}`, agentId: a, displayName: `座席${a}`, phone: { kind: 'mobile', number: `+86139${a.padStart(8, '0')}` }, skills: new Map(), regions: [] }, [{ ...MEMBERSHIP_DEFAULTS, queueId: 'floor-queue', userId: `floor-${a}` }]);
    for (const a of ids) engine.logIn(tenantId, `floor-${a}`, 'agent');

    const ctx = await newContext(browser, p.baseURL, 'zh-CN');
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signInByName(page, SUPERVISOR, '/wallboard');
    await page.getByTestId('feed-status').filter({ hasText: '实时' }).waitFor();
    const agents = page.getByTestId('agents');
    await until(async () => Number(await agents.getAttribute('data-rows')) === 302, 'all 302 agents known to the page');
    const mounted = await page.locator('[data-testid^="agent-state-"]').count();
    assert.ok(mounted > 5 && mounted < 60, `a window of rows is in the page, not all 302 (${mounted})`);
    assert.equal(await page.getByTestId('agent-state-5299').count(), 0, 'the last agent is not mounted before a scroll');

    await agents.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await agentState(page, '5299', engine.agent(tenantId, 'floor-5299')!.status.state);
    engine.setNotReady(tenantId, 'floor-5299', 'break', 'supervisor');
    await agentState(page, '5299', 'not_ready');
    engine.setReady(tenantId, 'floor-5299', 'supervisor');
    await agentState(page, '5299', 'ready');
    assert.equal(await page.getByTestId('agent-state-801').count(), 0, 'the first rows left the page when scrolled out of view');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('a restart keeps the day: the same answered, abandoned, service level and calls today, read from the call records', async () => {
    // The first test's day: 客服 answered 2 (callers 1 and 3), abandoned 1 (caller 2); 801 and 802 one call each.
    const figures = [`answered-${QUEUE}`, `abandoned-${QUEUE}`, `sl-${QUEUE}`, 'calls-today-801', 'calls-today-802'];
    const records = () => p.db.withTables<{ call_records: { queue_id: string | null; agent_user_id: string | null; abandoned_in_queue: number } }>().selectFrom('call_records').select(['agent_user_id', 'abandoned_in_queue']).where('queue_id', 'is not', null).execute();
    await until(async () => (await records()).filter((r) => r.agent_user_id !== null).length === 2 && (await records()).some((r) => Number(r.abandoned_in_queue) === 1), 'the queue facts on the call records');
    const read = async (page: Page) => Object.fromEntries(await Promise.all(figures.map(async (id) => [id, (await text(page, id)).trim()] as const)));

    let ctx = await newContext(browser, p.baseURL, 'zh-CN');
    let page = await ctx.newPage();
    await signInByName(page, SUPERVISOR, '/wallboard');
    await page.getByTestId('feed-status').filter({ hasText: '实时' }).waitFor();
    await shows(page, `answered-${QUEUE}`, '2', 'before the restart');
    const before = await read(page);
    assert.deepEqual([before[`abandoned-${QUEUE}`], before['calls-today-801'], before['calls-today-802']], ['1', '1', '1']);
    await ctx.close();

    // The platform stops (the calls still on are cut) and starts again on the same data.
    for (const c of callers.splice(0)) c.kill();
    await p.h.platform.stop();
    restarted = await startPlatform(harnessSettings(p.h.dataDir), { loadDemo: false, log: () => undefined });

    ctx = await newContext(browser, `http://127.0.0.1:${restarted.httpPort}`, 'zh-CN');
    page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signInByName(page, SUPERVISOR, '/wallboard');
    await page.getByTestId('feed-status').filter({ hasText: '实时' }).waitFor();
    for (const [id, value] of Object.entries(before)) await shows(page, id, value, 'after the restart');
    await screenshot(page, 'wallboard-after-restart');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
