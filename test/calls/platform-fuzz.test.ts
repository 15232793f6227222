/**
 * Issue 2 ("the process never dies of input"): whole calls fuzzed through the running platform.
 * Mutated INVITEs to the 400 number (headers, request URI, SDP) and, once a call is up, mutated
 * in-dialog requests reach routing, caller attribution, offer/answer, the media engine and the
 * B2BUA. Afterwards: no exception escaped anywhere, every call is gone with its record closed and
 * its media released, and the platform still answers. Seeds are fixed, so a failure replays;
 * `bench/call-fuzz.ts` runs the same cases at length with other seeds.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { FuzzCaller, FuzzPhone } from '../support/call-fuzz.ts';
import { runCallFuzz } from '../support/call-fuzz-run.ts';

const CASES = 240;

let h: Harness;
let phone: FuzzPhone;
/** Points the trunk's outbound proxy (where the bound phone is rung) at `p`. */
const ringAt = (p: FuzzPhone) =>
  h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: p.port, transport: 'udp' } }],
    tenants: [tenantWithNumber('4006123456', [{ pstn: '13800138000' }])],
  });
before(async () => {
  h = await startHarness({ sipTimers: { t1: 100, t2: 400, t4: 500 }, env: { HOTLINE_MEDIA_TIMEOUT: '3' } });
  phone = await FuzzPhone.open();
  await ringAt(phone);
});
after(async () => {
  phone?.close();
  await h?.stop();
});

test(`${CASES} fuzzed calls through the platform: nothing escapes, every call ends with its record closed and its media released`, async (t) => {
  const caller = await FuzzCaller.open(h.platform.sipPort);
  try {
    const report = await runCallFuzz(h, caller, phone, { firstSeed: 1, cases: CASES, concurrency: 8 });
    t.diagnostic(report.summary);
    assert.deepEqual(report.problems, [], report.problems.join('\n'));
    // The fuzz reached past the front door: calls were answered, refused and ended in both ways.
    assert.ok((report.byStatus.get(200) ?? 0) > 10, report.summary);
    assert.ok(phone.invites > 20, `the bound phone was rung ${phone.invites} times`);
  } finally {
    caller.close();
  }
});

test('the carrier side fuzzed as well: the phone’s 180/183/200/486 mutated (SDP answers, tags, Contact): the same holds', async (t) => {
  const mutating = await FuzzPhone.open({ mutateSeed: 1 });
  const caller = await FuzzCaller.open(h.platform.sipPort);
  try {
    await ringAt(mutating);
    const report = await runCallFuzz(h, caller, mutating, { firstSeed: 10_001, cases: 120, concurrency: 12 });
    t.diagnostic(`${report.summary}; ${mutating.mutated} of the phone's answers mutated`);
    assert.deepEqual(report.problems, [], report.problems.join('\n'));
    assert.ok(mutating.mutated > 30, `${mutating.mutated} answers mutated`);
  } finally {
    caller.close();
    mutating.close();
  }
});
