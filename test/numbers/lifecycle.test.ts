import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.ts';
import { addNumbers, findActiveNumber, getNumber, getNumberHistory, listTenantNumbers } from '../../src/numbers/number-inventory.ts';
import {
  activateNumber,
  assignNumber,
  cancelAssignment,
  expireReservations,
  recycleNumber,
  releaseNumber,
  reserveNumber,
  resumeNumber,
  suspendNumber,
  unreserveNumber,
} from '../../src/numbers/number-actions.ts';
import { provisionNumber } from '../../src/numbers/provision-number.ts';
import { NumberError } from '../../src/numbers/number-error.ts';
import type { NumberErrorCode } from '../../src/numbers/number-error.ts';
import { NUMBER_STATUSES, TRANSITIONS } from '../../src/numbers/number-lifecycle.ts';
import type { NumberAction } from '../../src/numbers/number-lifecycle.ts';

const T0 = new Date('2026-11-23T02:00:00.000Z'); // Monday 10:00 in Shanghai
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);
const yes = () => true;
const no = () => false;

function coded(code: NumberErrorCode) {
  return (e: unknown) => {
    assert.ok(e instanceof NumberError, String(e));
    assert.equal(e.code, code, e.message);
    return true;
  };
}

forEachDialect('numbers lifecycle', ({ open }) => {
  test('the whole path, every transition in the history with who and why', async () => {
    const { db } = await open();
    const added = await addNumbers(db, ['400-612-3456', '4008123888', '+86 400 612 3456'], 'op-1', { now: T0 });
    assert.deepEqual(added, { added: ['4006123456', '4008123888'], existing: [] });
    const fresh = await getNumber(db, '400 612 3456');
    assert.equal(fresh?.status, 'available');
    assert.equal(fresh?.carrier, 'unicom');
    assert.equal(fresh?.classCode, 'A');
    assert.equal(fresh?.display, '400-612-3456');
    assert.equal(fresh?.tenantId, null);

    const r = await reserveNumber(db, { number: '4006123456', tenantId: 't1', by: 'u1', reason: 'likes it', now: T0 });
    assert.equal(r.status, 'reserved');
    assert.equal(r.reservedUntil, '2026-11-26T02:00:00.000Z');
    const p = await assignNumber(db, { number: '4006123456', tenantId: 't1', by: 'op-1', reason: 'contract signed', now: at(1) });
    assert.equal(p.status, 'pending_activation');
    // Class A is special: 15 working days from Monday 2026-11-23.
    assert.equal(p.activationDueOn, '2026-12-14');
    assert.equal(await findActiveNumber(db, '4006123456'), undefined);
    await assert.rejects(activateNumber(db, { number: '4006123456', by: 'op-1', reason: 'open', licencesOnFile: no, now: at(2) }), coded('NUMBER_LICENCE_MISSING'));
    const a = await activateNumber(db, { number: '4006123456', by: 'op-1', reason: 'carrier opened it', licencesOnFile: yes, now: at(3) });
    assert.equal(a.status, 'active');
    assert.equal(a.activationDueOn, null);
    assert.deepEqual(await findActiveNumber(db, '+864006123456'), { number: '4006123456', tenantId: 't1', status: 'active' });
    await suspendNumber(db, { number: '4006123456', by: 'billing', reason: 'balance exhausted', now: at(4) });
    assert.equal(await findActiveNumber(db, '4006123456'), undefined);
    await resumeNumber(db, { number: '4006123456', by: 'billing', reason: 'topped up', now: at(5) });
    const rel = await releaseNumber(db, { number: '4006123456', tenantId: 't1', by: 'u1', reason: 'moving on', now: at(6) });
    assert.equal(rel.status, 'released');
    assert.equal(rel.tenantId, 't1', 'released numbers stay registered to their tenant during quarantine');
    await assert.rejects(recycleNumber(db, { number: '4006123456', by: 'op-1', reason: 'reuse', now: at(7) }), coded('NUMBER_QUARANTINED'));
    const back = await recycleNumber(db, { number: '4006123456', by: 'op-1', reason: 'reuse', now: at(24 * 91) });
    assert.equal(back.status, 'available');
    assert.equal(back.tenantId, null);

    const history = await getNumberHistory(db, '4006123456');
    assert.deepEqual(
      history.map((h) => [h.action, h.fromStatus, h.toStatus, h.by, h.reason]),
      [
        ['add', null, 'available', 'op-1', 'added to the pool'],
        ['reserve', 'available', 'reserved', 'u1', 'likes it'],
        ['assign', 'reserved', 'pending_activation', 'op-1', 'contract signed'],
        ['activate', 'pending_activation', 'active', 'op-1', 'carrier opened it'],
        ['suspend', 'active', 'suspended', 'billing', 'balance exhausted'],
        ['resume', 'suspended', 'active', 'billing', 'topped up'],
        ['release', 'active', 'released', 'u1', 'moving on'],
        ['recycle', 'released', 'available', 'op-1', 'reuse'],
      ],
    );
    assert.equal(history[1]?.at, '2026-11-23T02:00:00.000Z');
    assert.ok(history.slice(1).every((h) => h.tenantId === 't1'));
  });

  test('refused transitions give a coded error and change nothing', async () => {
    const { db } = await open();
    await addNumbers(db, ['4006351792'], 'op', { now: T0 });
    const refusals: Array<[NumberAction, () => Promise<unknown>]> = [
      ['activate', () => activateNumber(db, { number: '4006351792', by: 'op', reason: 'x', licencesOnFile: yes, now: T0 })],
      ['suspend', () => suspendNumber(db, { number: '4006351792', by: 'op', reason: 'x', now: T0 })],
      ['release', () => releaseNumber(db, { number: '4006351792', by: 'op', reason: 'x', now: T0 })],
      ['unreserve', () => unreserveNumber(db, { number: '4006351792', by: 'op', reason: 'x', now: T0 })],
      ['cancel', () => cancelAssignment(db, { number: '4006351792', by: 'op', reason: 'x', now: T0 })],
      ['recycle', () => recycleNumber(db, { number: '4006351792', by: 'op', reason: 'x', now: T0 })],
    ];
    for (const [action, attempt] of refusals) {
      await assert.rejects(attempt(), (e: unknown) => {
        assert.ok(e instanceof NumberError);
        assert.equal(e.code, 'NUMBER_TRANSITION_REFUSED');
        assert.equal(e.status, 409);
        assert.equal(e.details.action, action);
        assert.equal(e.details.status, 'available');
        return true;
      });
    }
    assert.equal((await getNumberHistory(db, '4006351792')).length, 1);
    assert.equal((await getNumber(db, '4006351792'))?.status, 'available');
    await assert.rejects(suspendNumber(db, { number: '4006999999', by: 'op', reason: 'x' }), coded('NUMBER_NOT_FOUND'));
    await assert.rejects(suspendNumber(db, { number: '12345', by: 'op', reason: 'x' }), coded('NUMBER_INVALID'));
    await assert.rejects(addNumbers(db, ['4006000001', 'nope'], 'op'), coded('NUMBER_INVALID'));
    assert.equal(await getNumber(db, '4006000001'), undefined, 'a refused batch adds nothing');
  });

  test('one tenant per number; another tenant sees not found; reservations lapse', async () => {
    const { db } = await open();
    await addNumbers(db, ['4008000001', '4008000002'], 'op', { now: T0 });
    await reserveNumber(db, { number: '4008000001', tenantId: 't1', by: 'u1', reason: 'hold', now: T0, until: at(1) });
    await assert.rejects(reserveNumber(db, { number: '4008000001', tenantId: 't2', by: 'u2', reason: 'mine', now: at(0.5) }), coded('NUMBER_HELD_BY_OTHER_TENANT'));
    await assert.rejects(assignNumber(db, { number: '4008000001', tenantId: 't2', by: 'u2', reason: 'mine', now: at(0.5) }), coded('NUMBER_HELD_BY_OTHER_TENANT'));
    await assert.rejects(unreserveNumber(db, { number: '4008000001', tenantId: 't2', by: 'u2', reason: 'x', now: at(0.5) }), coded('NUMBER_NOT_FOUND'));
    // After the hold lapses, t2 may take it; the lapse is recorded first.
    const taken = await reserveNumber(db, { number: '4008000001', tenantId: 't2', by: 'u2', reason: 'mine now', now: at(2) });
    assert.equal(taken.tenantId, 't2');
    const actions = (await getNumberHistory(db, '4008000001')).map((h) => `${h.action}:${h.by}`);
    assert.deepEqual(actions, ['add:op', 'reserve:u1', 'expire:system', 'reserve:u2']);

    await reserveNumber(db, { number: '4008000002', tenantId: 't1', by: 'u1', reason: 'hold', now: T0, until: at(1) });
    assert.deepEqual(await expireReservations(db, { now: at(0.5) }), []);
    assert.deepEqual(await expireReservations(db, { now: at(1) }), ['4008000002']);
    assert.equal((await getNumber(db, '4008000002'))?.status, 'available');
    await assert.rejects(reserveNumber(db, { number: '4008000002', tenantId: 't1', by: 'u1', reason: 'x', now: T0, until: T0 }), coded('NUMBER_TRANSITION_REFUSED'));

    assert.deepEqual((await listTenantNumbers(db, 't2')).map((n) => n.number), ['4008000001']);
    assert.deepEqual(await listTenantNumbers(db, 't1'), []);
    // Ordinary number: 3 working days.
    const p = await assignNumber(db, { number: '4008000002', tenantId: 't1', by: 'op', reason: 'x', now: T0 });
    assert.equal(p.classCode, 'ordinary');
    assert.equal(p.activationDueOn, '2026-11-26');
    const cancelled = await cancelAssignment(db, { number: '4008000002', tenantId: 't1', by: 'op', reason: 'documents refused', now: at(1) });
    assert.equal(cancelled.status, 'available');
  });

  test('the store itself refuses a held number without tenant and an available one with a tenant', async () => {
    const { db } = await open();
    await addNumbers(db, ['4007000001'], 'op');
    const t = db.withTables<{ number_inventory: { number: string; status: string; tenant_id: string | null } }>();
    await assert.rejects(t.updateTable('number_inventory').set({ status: 'active' }).where('number', '=', '4007000001').execute());
    await assert.rejects(t.updateTable('number_inventory').set({ tenant_id: 't1' }).where('number', '=', '4007000001').execute());
    await assert.rejects(t.updateTable('number_inventory').set({ status: 'bogus', tenant_id: 't1' }).where('number', '=', '4007000001').execute());
  });

  test('provisionNumber walks the lifecycle once and is idempotent', async () => {
    const { db } = await open();
    const first = await provisionNumber(db, { number: '400-100-3721', tenantId: 't1', status: 'active', by: 'import', now: T0 });
    assert.deepEqual(first.actions, ['add', 'assign', 'activate']);
    assert.equal(first.record.status, 'active');
    const again = await provisionNumber(db, { number: '4001003721', tenantId: 't1', status: 'active', by: 'import', now: T0 });
    assert.deepEqual(again.actions, []);
    assert.equal((await getNumberHistory(db, '4001003721')).length, 3);
    await assert.rejects(provisionNumber(db, { number: '4001003721', tenantId: 't2', status: 'active', by: 'import' }), coded('NUMBER_HELD_BY_OTHER_TENANT'));
    await suspendNumber(db, { number: '4001003721', by: 'op', reason: 'x', now: at(1) });
    assert.deepEqual((await provisionNumber(db, { number: '4001003721', tenantId: 't1', status: 'active', by: 'import', now: at(2) })).actions, ['resume']);
    await releaseNumber(db, { number: '4001003721', by: 'op', reason: 'x', now: at(3) });
    assert.deepEqual((await provisionNumber(db, { number: '4001003721', tenantId: 't1', status: 'active', by: 'import', now: at(4) })).actions, ['recycle', 'assign', 'activate']);
    await assert.rejects(
      provisionNumber(db, { number: '4001003722', tenantId: 't1', status: 'active', by: 'import', licencesOnFile: no }),
      coded('NUMBER_LICENCE_MISSING'),
    );
    assert.equal(await getNumber(db, '4001003722'), undefined, 'a failed provision leaves nothing');
    const pending = await provisionNumber(db, { number: '4001003723', tenantId: 't1', status: 'pending_activation', by: 'import' });
    assert.deepEqual(pending.actions, ['add', 'assign']);
    await assert.rejects(provisionNumber(db, { number: '4001003721', tenantId: 't1', status: 'pending_activation', by: 'import' }), coded('NUMBER_TRANSITION_REFUSED'));
  });
});

test('the transition table names only known states', () => {
  for (const t of Object.values(TRANSITIONS)) {
    assert.ok(NUMBER_STATUSES.includes(t.to));
    for (const f of t.from) assert.ok(NUMBER_STATUSES.includes(f));
  }
});
