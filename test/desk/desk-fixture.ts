/**
 * The desk tests' platform: one tenant with a 400 number, a tenant admin and two agents (each with
 * a SIP user), a queue 销售 with both agents as members — made through the API as an admin would —
 * and a trunk on loopback for SIPp callers.
 */
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { signIn } from '../support/platform-api.ts';
import type { ApiSession } from '../support/platform-api.ts';
import { freeUdpPort } from '../support/sipp-process.ts';
import { freeBaresipPort, startBaresip } from '../support/baresip-process.ts';
import type { Baresip } from '../support/baresip-process.ts';
import { until } from '../support/until.ts';
import type { PlatformOptions } from '../../src/platform/platform.ts';

export const NUMBER = '4006123456';
export const CALLER = '13912345678';

export interface DeskAgent {
  userId: string;
  sip: string;
  sipPassword: string;
  session: ApiSession;
}

export interface DeskFixture {
  h: Harness;
  tenantId: string;
  queueId: string;
  trunkPort: number;
  admin: ApiSession;
  agents: [DeskAgent, DeskAgent];
  /** Starts a baresip that auto-answers as the agent's SIP phone and waits for its registration (stopped with the fixture). */
  baresip(agent: DeskAgent): Promise<Baresip>;
  stop(): Promise<void>;
}

export async function startDeskFixture(opts: PlatformOptions & { env?: Record<string, string>; queue?: Record<string, unknown> } = {}): Promise<DeskFixture> {
  const { queue: queueSettings, ...harnessOpts } = opts;
  const h = await startHarness(harnessOpts);
  const trunkPort = await freeUdpPort();
  const agents = ['8001', '8002'].map((a) => ({ username: `agent${a}`, password: `Agent-Passw0rd-${a}`, role: 'agent' as const, agentId: a, displayName: `坐席${a}`, sip: { username: a, password: `secret-${a}` } }));
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: trunkPort, transport: 'udp' } }],
    tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138001' }], [{ username: 'boss', password: 'Admin-Passw0rd-1', role: 'tenant_admin' }, ...agents])],
  });
  const db = h.platform.database.db.withTables<{ tenants: { id: string; code: string }; users: { id: string; username: string } }>();
  const tenantId = (await db.selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
  const admin = await signIn(h, 'boss', 'Admin-Passw0rd-1');
  const q = await admin.request('POST', '/api/v1/acd/queues', { name: '销售', ringSeconds: 20, maxWaitSeconds: null, overflowWhenNoAgents: false, announceAgentId: false, announceEverySeconds: 0, wrapUpMode: 'none', ...queueSettings });
  assert.equal(q.status, 201, JSON.stringify(q.body));
  const queueId = (q.body as { id: string }).id;
  const deskAgents: DeskAgent[] = [];
  for (const a of agents) {
    const userId = (await db.selectFrom('users').select('id').where('username', '=', a.username).executeTakeFirstOrThrow()).id;
    const m = await admin.request('PUT', `/api/v1/acd/queues/${queueId}/members/${userId}`, {});
    assert.equal(m.status, 200, JSON.stringify(m.body));
    deskAgents.push({ userId, sip: a.sip.username, sipPassword: a.sip.password, session: await signIn(h, a.username, a.password) });
  }
  const phones: Baresip[] = [];
  let rtp = 48000 + (process.pid % 50) * 40;
  const baresip = async (agent: DeskAgent): Promise<Baresip> => {
    const p = startBaresip({ sipPort: await freeBaresipPort(), registrar: `127.0.0.1:${h.platform.sipPort}`, username: agent.sip, password: agent.sipPassword, rtpPorts: `${rtp}-${rtp + 9}`, answerMode: 'auto' });
    rtp += 10;
    phones.push(p);
    await until(() => h.platform.registrar.lookup(agent.sip).length > 0, `baresip ${agent.sip} to register`).catch((err: Error) => {
      throw new Error(`${err.message}\n${p.output()}`);
    });
    return p;
  };
  const stop = async (): Promise<void> => {
    for (const p of phones) await p.stop();
    await h.stop();
  };
  return { h, tenantId, queueId, trunkPort, admin, agents: deskAgents as [DeskAgent, DeskAgent], baresip, stop };
}
