// Starts the platform as the benchmark's system under test (c): a fresh data dir, a carrier trunk
// on loopback whose proxy is the SIPp callee (BENCH_UAS_PORT), a 400 number bound to a PSTN number
// through it, then `hotline start` with SIP on BENCH_SIP_PORT. Use it as
//   --sut-cmd 'node --import tsx bench/sip-cps/platform-sut.ts' --service 4006123456
// (the caller's From user, --caller, must be a valid phone number: the default 13800138000 is).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/sipp.ts';
import { OUTBOUND_CONTROLS_OFF } from '../../test/support/platform-harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sipPort = process.env.BENCH_SIP_PORT;
const uasPort = process.env.BENCH_UAS_PORT;
if (sipPort === undefined || uasPort === undefined) throw new Error('BENCH_SIP_PORT and BENCH_UAS_PORT must be set');

const dataDir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
const file = join(dataDir, 'bench.yaml');
writeFileSync(
  file,
  `trunks:
  - name: bench-carrier
    addresses: [127.0.0.1]
    proxy: { host: 127.0.0.1, port: ${uasPort}, transport: udp }
    maxConcurrentCalls: 100000
tenants:
  - code: bench
    name: 压测科技有限公司
    socialCreditCode: 91350100M000100Y43
    contact: { name: 压测, phone: "+8613800138000", email: bench@example.com }
    documents:
      - { kind: business_licence, number: 91350100M000100Y43, verified: true }
      - { kind: handler_id, number: "110101199003077777", verified: true }
    numbers:
      - number: 400-612-3456
        boundPhones:
          - pstn: "13900139000"
`,
);
const httpPort = await freePort('tcp');
const env = {
  ...process.env,
  HOTLINE_DATA_DIR: dataDir,
  HOTLINE_SIP_ADDRESS: '127.0.0.1',
  HOTLINE_SIP_PORT: sipPort,
  HOTLINE_HTTP_PORT: String(httpPort),
  HOTLINE_RTP_PORTS: process.env.BENCH_RTP_PORTS ?? '30000-39999',
  // As platform-sut.sh: this benchmark measures the SIP hop; bench/media measures recording.
  HOTLINE_RECORD_CALLS: process.env.HOTLINE_RECORD_CALLS ?? 'false',
  // A load test is one tenant calling out at hundreds of calls/s without a rate plan: the toll-fraud
  // controls (docs/security.md) would refuse it, as they should for a real tenant.
  ...OUTBOUND_CONTROLS_OFF,
};
const imported = spawnSync(process.execPath, [join(root, 'bin/hotline.mjs'), 'import', file], { env, stdio: 'inherit' });
if (imported.status !== 0) process.exit(imported.status ?? 1);
// BENCH_NODE_ARGS: extra node flags for the platform process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin/hotline.mjs'), 'start'], { env, stdio: 'inherit' });
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
console.log(`platform-sut: data ${dataDir}, SIP 127.0.0.1:${sipPort}, HTTP ${httpPort}, callee 127.0.0.1:${uasPort}`);
