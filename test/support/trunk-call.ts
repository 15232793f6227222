/**
 * One call through the platform as the interop tests place it: a SIPp caller behind the trunk
 * dials the 400 number, a SIPp phone behind the same trunk answers (or not) as planned; resolves
 * the call record once it is closed.
 */
import { spawnSync } from 'node:child_process';
import type { Harness } from './platform-harness.ts';
import { tenantWithNumber } from './platform-harness.ts';
import { assertSippPassed, freeUdpPort, nextMediaPort, startSipp } from './sipp-process.ts';
import { callerScenario, phoneScenario } from './sipp-scenarios.ts';
import type { CallerPlan, PhonePlan } from './sipp-scenarios.ts';
import { listCallRecords } from '../../src/cdr/call-record-store.ts';
import type { CallRecord } from '../../src/cdr/call-record.ts';
import { freePort } from './free-port.ts';
import { freeBaresipPort, startBaresip } from './baresip-process.ts';
import type { Baresip } from './baresip-process.ts';
import { until } from './until.ts';

export const NUMBER = '4006123456';
export const CALLER = '13912345678';

export async function tenantIdOf(h: Harness, code = 'acme'): Promise<string> {
  const row = await h.platform.database.db.withTables<{ tenants: { id: string; code: string } }>().selectFrom('tenants').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

export async function trunkCall(h: Harness, phone: PhonePlan, caller: CallerPlan, callerTransport: 'udp' | 'tcp' = 'udp'): Promise<CallRecord> {
  const phonePort = await freeUdpPort();
  await h.provision({
    trunks: [{ name: 'carrier', addresses: ['127.0.0.1'], proxy: { host: '127.0.0.1', port: phonePort, transport: 'udp' } }],
    tenants: [tenantWithNumber(NUMBER, [{ pstn: '13800138000' }])],
  });
  const uas = startSipp({ scenario: phoneScenario(phone, CALLER), port: phonePort, mediaPort: nextMediaPort(), extraArgs: ['-rtp_echo'] });
  await uas.listening();
  const uac = startSipp({ scenario: callerScenario(caller), port: await freePort(callerTransport), mediaPort: nextMediaPort(), remote: `127.0.0.1:${h.platform.sipPort}`, service: NUMBER, keys: { caller: CALLER }, extraArgs: callerTransport === 'tcp' ? ['-t', 't1'] : [] });
  const [c, p] = await Promise.all([uac.done, uas.done]);
  assertSippPassed(c, 'caller');
  assertSippPassed(p, 'phone');
  return lastClosedRecord(h);
}

/** The tenant's latest call record once it is closed (the write lands as the call ends). */
export async function lastClosedRecord(h: Harness): Promise<CallRecord> {
  const tenantId = await tenantIdOf(h);
  for (let i = 0; i < 50; i++) {
    const recs = await listCallRecords(h.platform.database.db, tenantId, { limit: 1 });
    if (recs[0]?.outcome) return recs[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no closed call record\n${h.logs()}`);
}

export function soxInfo(path: string): { channels: number; seconds: number } {
  const channels = Number(spawnSync('soxi', ['-c', path], { encoding: 'utf8' }).stdout.trim());
  const seconds = Number(spawnSync('soxi', ['-D', path], { encoding: 'utf8' }).stdout.trim());
  return { channels, seconds };
}

/** RMS amplitude (0..1) of one channel, from sox's stat effect. */
export function channelRms(path: string, channel: number): number {
  const out = spawnSync('sox', [path, '-n', 'remix', String(channel), 'stat'], { encoding: 'utf8' }).stderr;
  return Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
}

/**
 * The tenant's agent phone 1002 (SIP password `phone-secret-1002`) as a real baresip, registered at
 * the harness: resolves once its binding is there (the phone's log in the error otherwise).
 */
export async function registeredPhone1002(h: Harness, rtpBase: number): Promise<Baresip> {
  const phone = startBaresip({ sipPort: await freeBaresipPort(), registrar: `127.0.0.1:${h.platform.sipPort}`, username: '1002', password: 'phone-secret-1002', rtpPorts: `${rtpBase}-${rtpBase + 9}` });
  await until(() => h.platform.registrar.bindingCount() === 1, 'baresip to register').catch((err: Error) => {
    throw new Error(`${err.message}\n${phone.output()}`);
  });
  return phone;
}
