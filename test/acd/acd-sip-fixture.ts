/**
 * The platform and its peers for the ACD's interop tests: one tenant with a 400 number whose
 * routing sends callers to a queue, agents who are SIP users of the tenant with baresip phones
 * registered as them, SIPp callers through the trunk, and a way to read the closed call records.
 */
import { after, before } from 'node:test';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import type { PlatformOptions } from '../../src/platform/platform.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from '../support/sipp-process.ts';
import type { SippRun } from '../support/sipp-process.ts';
import { freeBaresipPort, startBaresip } from '../support/baresip-process.ts';
import type { Baresip } from '../support/baresip-process.ts';
import { until } from '../support/until.ts';
import { portFree } from '../support/free-port.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { MEMBERSHIP_DEFAULTS, QUEUE_DEFAULTS } from '../../src/acd/acd-model.ts';
import type { AgentPhone, Membership, QueueSettings } from '../../src/acd/acd-model.ts';
import { setNumberPolicy } from '../../src/routing/number-policy-store.ts';
import type { InMemoryAcdEngine } from '../../src/acd/in-memory-acd-engine.ts';
import { acdCallerScenario } from './acd-sipp-scenarios.ts';
import type { AcdCallerPlan } from './acd-sipp-scenarios.ts';

export const NUMBER = '4006123456';
export const CALLER = '13912345678';

export interface AcdSip {
  readonly h: Harness;
  readonly tenantId: string;
  readonly engine: InMemoryAcdEngine;
  /** The trunk's far end: where calls out (a mobile agent, a callback's customer) arrive. */
  readonly trunkPort: number;
  queue(id: string, s?: Partial<QueueSettings>): void;
  /** `skills`: proficiency 1–5 by skill id. */
  agent(agentId: string, queues: (string | ({ queueId: string } & Partial<Membership>))[], phone?: AgentPhone, skills?: Record<string, number>): void;
  ready(agentId: string): void;
  logOutAll(): void;
  /** A baresip registered as the agent's SIP user: answers at once, or rings on ('manual'). */
  softphone(agentId: string, answerMode?: 'auto' | 'manual'): Promise<Baresip>;
  /** Sends the callers to this queue (by id or name). */
  route(queueRef: string): Promise<void>;
  /** Starts a SIPp caller; `done` is its verdict. */
  dial(plan: AcdCallerPlan, caller?: string): Promise<{ done: Promise<SippRun> }>;
  /** One caller, start to end: asserts SIPp passed, resolves the closed call record. */
  call(plan: AcdCallerPlan, caller?: string): Promise<CallRecord>;
  /** The tenant's latest call records, newest first. */
  records(): Promise<CallRecord[]>;
}

/**
 * SIPp's next media port whose RTP/RTCP (and video) pair is free now: SIPp binds it without
 * retrying, and other test processes on the machine walk the same range.
 */
export async function freeMediaPort(): Promise<number> {
  for (let i = 0; ; i++) {
    const port = nextMediaPort();
    const free = await Promise.all([0, 1, 2, 3].map((d) => portFree(port + d, 'udp')));
    if (free.every(Boolean) || i >= 50) return port;
  }
}

/** Registers before/after hooks for a describe block; the fixture is usable inside its tests. */
export function acdSipFixture(agentIds: readonly string[], platformOptions: PlatformOptions = {}): AcdSip {
  let h!: Harness;
  let tenantId = '';
  let trunkPort = 0;
  const phones = new Map<string, Baresip>();
  let rtpBase = 36000 + (process.pid % 50) * 60;
  const queues = new Set<string>();

  before(async () => {
    h = await startHarness(platformOptions);
    trunkPort = await freeUdpPort();
    const users = agentIds.map((a) => ({ username: `agent${a}`, role: 'agent' as const, agentId: a, sip: { username: a, password: `secret-${a}` } }));
    await h.provision({
      trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: trunkPort, transport: 'udp' } }],
      tenants: [{ ...tenantWithNumber(NUMBER, [], users) }],
    });
    tenantId = (await h.platform.database.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    for (const p of phones.values()) await p.stop();
    await h?.stop();
  });

  const engine = (): InMemoryAcdEngine => h.platform.acd.engine;
  const fixture: AcdSip = {
    get h() {
      return h;
    },
    get tenantId() {
      return tenantId;
    },
    get engine() {
      return engine();
    },
    get trunkPort() {
      return trunkPort;
    },
    queue(id, s = {}) {
      queues.add(id);
      engine().putQueue({ ...QUEUE_DEFAULTS, id, tenantId, name: id, announceEverySeconds: 0, announceAgentId: false, overflowWhenNoAgents: false, maxWaitSeconds: null, ...s });
    },
    agent(agentId, memberOf, phone = { kind: 'sip', username: agentId }, skills = {}) {
      engine().putAgent(
        { tenantId, userId: `u${agentId}`, agentId, displayName: `agent${agentId}`, phone, skills: new Map(Object.entries(skills)), regions: [] },
        memberOf.map((m) => ({ ...MEMBERSHIP_DEFAULTS, userId: `u${agentId}`, ...(typeof m === 'string' ? { queueId: m } : m) })),
      );
    },
    ready(agentId) {
      engine().logIn(tenantId, `u${agentId}`, 'agent');
      if (engine().agent(tenantId, `u${agentId}`)?.status.state === 'not_ready') engine().setReady(tenantId, `u${agentId}`, 'agent');
    },
    logOutAll() {
      for (const a of agentIds) {
        const state = engine().agent(tenantId, `u${a}`)?.status.state;
        if (state !== undefined && state !== 'logged_out') engine().logOut(tenantId, `u${a}`, 'supervisor');
      }
    },
    async softphone(agentId, answerMode = 'auto') {
      await phones.get(agentId)?.stop();
      const aor = `sip:${agentId}@${h.platform.settings.sipRealm}`;
      const before = h.platform.registrar.bindingCount();
      const p = startBaresip({
        sipPort: await freeBaresipPort(),
        registrar: `127.0.0.1:${h.platform.sipPort}`,
        username: agentId,
        password: `secret-${agentId}`,
        rtpPorts: `${rtpBase}-${rtpBase + 9}`,
        answerMode,
      });
      rtpBase += 10;
      phones.set(agentId, p);
      await until(() => h.platform.registrar.bindingCount() > before || h.platform.registrar.lookup(aor).length > 0, `baresip ${agentId} to register`).catch((err: Error) => {
        throw new Error(`${err.message}\n${p.output()}`);
      });
      return p;
    },
    async route(queueRef) {
      await setNumberPolicy(h.platform.database.db, tenantId, NUMBER, { default: { queue: queueRef } }, { queues: new Set(queues) });
    },
    async dial(plan, caller = CALLER) {
      const start = async (): Promise<SippRun> =>
        startSipp({ scenario: acdCallerScenario(plan), port: await freeUdpPort(), mediaPort: await freeMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller }, timeoutSeconds: 90 }).done;
      // A media port taken between the check and SIPp's bind (the machine's other tests walk the
      // same range): SIPp stops before sending anything, so starting it again is safe.
      const done = (async () => {
        for (let attempt = 0; ; attempt++) {
          const run = await start();
          if (run.exitCode === 0 || attempt >= 3 || !/Unable to bind audio RTP socket/.test(run.errors + run.stdout)) return run;
        }
      })();
      return { done };
    },
    async call(plan, caller = CALLER) {
      const seen = new Set((await fixture.records()).map((r) => r.id));
      const run = await fixture.dial(plan, caller);
      assertSippPassed(await run.done, 'caller', h.logs());
      let r: CallRecord | undefined;
      await until(async () => {
        r = (await fixture.records()).find((x) => !seen.has(x.id) && x.outcome !== null);
        return r !== undefined;
      }, 'the closed call record');
      return r!;
    },
    records: () => listCallRecords(h.platform.database.db, tenantId, { limit: 200 }),
  };
  return fixture;
}
