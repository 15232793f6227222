import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAgentSkills } from '../../src/acd/skill-store.ts';
import { listMemberships } from '../../src/acd/membership-store.ts';
import { listNotReadyReasons } from '../../src/acd/not-ready-reason-store.ts';
import { listQueues } from '../../src/acd/queue-store.ts';
import { applyImport } from '../../src/provisioning/apply-import.ts';
import { getNumberPolicy } from '../../src/routing/number-policy-store.ts';
import { getNumberFlow } from '../../src/flows/flow-store.ts';
import type { ImportFile } from '../../src/provisioning/import-schema.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { forEachDialect } from '../support/databases.ts';
import { tenantWithNumber } from '../support/platform-harness.ts';

const users = usersSettings({ sipRealm: 'hotline', scrypt: TEST_SCRYPT });

function file(members: string[], extra: Partial<NonNullable<ImportFile['tenants']>[number]['acd']> = {}): ImportFile {
  const tenant = tenantWithNumber('4006123456', []);
  tenant.seats = 10;
  tenant.users = [
    { username: 'imp.a1', role: 'agent', agentId: '7001', sip: { username: 'imp-a1', password: 'Sip-Passw0rd-a1' } },
    { username: 'imp.a2', role: 'agent', agentId: '7002', boundNumber: '13900000002' },
  ];
  tenant.acd = {
    notReadyReasons: [{ code: 'break', name: '小休' }, { code: 'coaching', name: '辅导' }],
    skills: ['英语', '粤语'],
    queues: [
      { name: '销售', strategy: 'ring_all', overflow: { kind: 'queue', queue: '客服' }, members: members.map((username) => ({ username, tier: 1 })) },
      { name: '客服', skill: '英语', bullseye: [{ minProficiency: 4, untilSeconds: 30 }], wrapUpMode: 'manual', members: [{ username: 'imp.a1', priority: 2 }] },
    ],
    agents: [{ username: 'imp.a1', skills: [{ skill: '英语', proficiency: 5 }] }],
    ...extra,
  };
  return { tenants: [tenant] };
}

forEachDialect('hotline import: the ACD', ({ open }) => {
  test('queues (overflow to a queue named later), skills, members, reasons and agents’ skills; idempotent; a bad entry changes nothing', async () => {
    const { db } = await open();
    await applyImport(db, file(['imp.a1', 'imp.a2']), users);
    await applyImport(db, file(['imp.a1', 'imp.a2']), users);
    const tenantId = (await db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
    const queues = await listQueues(db, tenantId);
    assert.deepEqual(queues.map((q) => q.name).sort(), ['客服', '销售'].sort());
    const sales = queues.find((q) => q.name === '销售')!;
    const service = queues.find((q) => q.name === '客服')!;
    assert.deepEqual(sales.overflow, { kind: 'queue', queueId: service.id });
    assert.equal(sales.strategy, 'ring_all');
    assert.equal(service.wrapUpMode, 'manual');
    assert.equal((await listMemberships(db, tenantId, { queueId: sales.id })).length, 2);
    assert.equal((await listMemberships(db, tenantId, { queueId: service.id }))[0]!.priority, 2);
    assert.deepEqual((await listNotReadyReasons(db, tenantId)).map((r) => r.code), ['break', 'coaching']);
    assert.equal((await listAgentSkills(db, tenantId))[0]!.proficiency, 5);

    // Members replace: imp.a2 leaves 销售.
    await applyImport(db, file(['imp.a1']), users);
    assert.equal((await listMemberships(db, tenantId, { queueId: sales.id })).length, 1);

    // An unknown member or a bad setting: the whole file is refused and nothing changes.
    await assert.rejects(applyImport(db, file(['imp.a1', 'nobody']), users), /no agent nobody/);
    const badQueues = file(['imp.a1']);
    badQueues.tenants![0]!.acd!.queues![0]!.ringSeconds = 1;
    await assert.rejects(applyImport(db, badQueues, users), /ringSeconds/);
    assert.equal((await listQueues(db, tenantId)).find((q) => q.name === '销售')!.ringSeconds, 20);
  });

  test('a routing policy and a menu may name queues of the same file (C9); an unknown queue refuses the whole file', async () => {
    const { db } = await open();
    const withRouting = (queue: string): ImportFile => {
      const f = file(['imp.a1']);
      f.tenants![0]!.numbers![0]!.policy = { default: { queue } };
      f.tenants![0]!.numbers![0]!.flow = { menu: { prompt: { text: '销售请按1' }, options: [{ key: '1', queue: '客服' }] } };
      return f;
    };
    await applyImport(db, withRouting('销售'), users);
    const tenantId = (await db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', 'acme').executeTakeFirstOrThrow()).id;
    assert.deepEqual((await getNumberPolicy(db, tenantId, '4006123456'))?.policy.default, { queue: '销售' });
    assert.ok(await getNumberFlow(db, tenantId, '4006123456'));

    await assert.rejects(applyImport(db, withRouting('售后'), users), /no queue named '售后'/);
    assert.deepEqual((await getNumberPolicy(db, tenantId, '4006123456'))?.policy.default, { queue: '销售' }, 'nothing imported');
  });
});
