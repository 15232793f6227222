/**
 * Starts the whole platform in this process on loopback (temp data dir, OS-chosen SIP and HTTP
 * ports, a private RTP range), provisions it from an import object, and stops it after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, type Settings } from '../../src/config/settings.ts';
import { startPlatform } from '../../src/platform/platform.ts';
import type { Platform, PlatformOptions } from '../../src/platform/platform.ts';
import { applyImport } from '../../src/provisioning/apply-import.ts';
import type { ImportFile } from '../../src/provisioning/import-schema.ts';
import { usersSettings } from '../../src/users/users-settings.ts';
import { TEST_SCRYPT } from '../../src/users/password.ts';

export interface Harness {
  platform: Platform;
  dataDir: string;
  provision(file: ImportFile): Promise<void>;
  /** What the platform logged (errors of calls included), for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

// Test RTP ranges stay below Linux's ephemeral ports (32768+, taken by every port-0 bind) and
// apart from SIPp's media ports (sipp-process.ts: 20000-31999), which SIPp binds without retrying.
let rtpBase = 10000 + (process.pid % 100) * 100;

/**
 * The toll-fraud controls off (docs/security.md): test tenants have no rate plan, and load-style
 * tests and benchmarks call out far faster than a real tenant may. The fraud tests turn them on.
 */
export const OUTBOUND_CONTROLS_OFF: Readonly<Record<string, string>> = {
  HOTLINE_REFUSE_UNRATED_CALLS: 'false',
  HOTLINE_TENANT_MAX_OUTBOUND_CALLS: '0',
  HOTLINE_TENANT_OUTBOUND_CALLS_PER_MINUTE: '0',
  HOTLINE_FRAUD_CALLS_PER_MINUTE: '0/0',
  HOTLINE_FRAUD_CONCURRENT_CALLS: '0/0',
  HOTLINE_FRAUD_CALLS_PER_HOUR: '0/0',
  HOTLINE_FRAUD_SEQUENTIAL_CALLS: '0/0',
};

/**
 * The settings every test platform runs with: loopback, OS-chosen SIP and HTTP ports, a fresh RTP
 * range of its own, a 3 s ring timeout and two media workers; `env` adds or overrides.
 */
export function harnessSettings(dataDir: string, env: Record<string, string> = {}): Settings {
  const rtp = `${rtpBase}-${rtpBase + 99}`;
  rtpBase = rtpBase + 200 > 20000 ? 10000 : rtpBase + 100;
  return loadSettings({
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_SIP_ADDRESS: '127.0.0.1',
    HOTLINE_SIP_PORT: '0',
    HOTLINE_HTTP_ADDRESS: '127.0.0.1',
    HOTLINE_HTTP_PORT: '0',
    HOTLINE_RTP_PORTS: rtp,
    HOTLINE_RING_TIMEOUT: '3',
    // Two media workers as on the 2-core development machine (auto on a many-core CI would start
    // two per core for every platform a test starts). HOTLINE_TEST_MEDIA_WORKERS=0 runs the suite
    // on the main-thread engine; HOTLINE_MEDIA_WORKERS in env overrides both.
    HOTLINE_MEDIA_WORKERS: process.env.HOTLINE_TEST_MEDIA_WORKERS ?? '2',
    ...OUTBOUND_CONTROLS_OFF,
    ...env,
  });
}

export async function startHarness(opts: PlatformOptions & { env?: Record<string, string> } = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-'));
  const settings = harnessSettings(dataDir, opts.env);
  const lines: string[] = [];
  const log = (l: string) => {
    lines.push(l);
    if (process.env.HOTLINE_TEST_VERBOSE) process.stderr.write(`${l}\n`);
  };
  const platform = await startPlatform(settings, { loadDemo: false, log, ...opts });
  return {
    platform,
    dataDir,
    provision: async (file) => {
      await applyImport(platform.database.db, file, usersSettings({ sipRealm: settings.sipRealm, scrypt: TEST_SCRYPT }));
      await platform.trunks.refresh();
    },
    logs: () => lines.join('\n'),
    stop: async () => {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tenant with one active 400 number, ready for calls (documents verified). */
export function tenantWithNumber(number: string, boundPhones: ({ pstn: string } | { sip: string })[], users: NonNullable<ImportFile['tenants']>[number]['users'] = []): NonNullable<ImportFile['tenants']>[number] {
  return {
    code: 'acme',
    name: '测试科技有限公司',
    contact: { name: '张三', phone: '+8613800138000' },
    documents: [
      { kind: 'business_licence', number: '91350100M000100Y43', verified: true },
      { kind: 'handler_id', number: '110101199003077777', verified: true },
    ],
    numbers: [{ number, boundPhones }],
    users,
  };
}
