// Long whole-call fuzz of the running platform (the cases of test/calls/platform-fuzz.test.ts at
// length, with other seeds): `node --import tsx bench/call-fuzz.ts [cases] [firstSeed] [concurrency] [phoneSeed]`;
// with a phoneSeed the bound phone's answers (180/183/200/486) are mutated too.
// Prints the summary and every problem; exits 1 when there was one. A problem names its seed range:
// rerun with that first seed and one case at a time to replay it.
import { FuzzCaller, FuzzPhone } from '../test/support/call-fuzz.ts';
import { runCallFuzz } from '../test/support/call-fuzz-run.ts';
import { startHarness, tenantWithNumber } from '../test/support/platform-harness.ts';

const cases = Number(process.argv[2] ?? 5000);
const firstSeed = Number(process.argv[3] ?? Date.now() % 2 ** 30);
const concurrency = Number(process.argv[4] ?? 16);
const phoneSeed = process.argv[5] === undefined ? undefined : Number(process.argv[5]);

// A wide RTP range (the harness's 50 pairs would refuse most calls at 16 or more at a time).
const h = await startHarness({ sipTimers: { t1: 100, t2: 400, t4: 500 }, env: { HOTLINE_MEDIA_TIMEOUT: '3', HOTLINE_RTP_PORTS: '12000-13999' } });
const phone = await FuzzPhone.open(phoneSeed === undefined ? {} : { mutateSeed: phoneSeed });
const caller = await FuzzCaller.open(h.platform.sipPort);
try {
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phone.port, transport: 'udp' } }],
    tenants: [tenantWithNumber('4006123456', [{ pstn: '13800138000' }])],
  });
  const report = await runCallFuzz(h, caller, phone, { firstSeed, cases, concurrency });
  console.log(`seeds ${firstSeed}–${firstSeed + cases - 1}${phoneSeed === undefined ? '' : `, phone seeds from ${phoneSeed} (${phone.mutated} answers mutated)`}: ${report.summary}`);
  for (const p of report.problems) console.log(`PROBLEM ${p}`);
  process.exitCode = report.problems.length > 0 ? 1 : 0;
} finally {
  caller.close();
  phone.close();
  await h.stop();
}
