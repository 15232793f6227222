/**
 * The demo set a first start on an empty database loads (examples/demo.yaml), with fresh random
 * passwords printed once: a fresh install can be called and signed in to at once, and no two
 * installs share credentials.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { listTenants } from '../tenants/tenant-store.ts';
import { applyImport } from '../provisioning/apply-import.ts';
import { assignRatePlan, createRatePlan } from '../billing/rate-plan-store.ts';
import { readImportFile } from '../provisioning/read-import-file.ts';
import type { ImportFile } from '../provisioning/import-schema.ts';
import { generatedPassword } from '../users/generated-password.ts';
import type { FirstOperator } from '../users/first-operator.ts';
import type { UsersSettings } from '../users/users-settings.ts';

export const DEMO_FILE = fileURLToPath(new URL('../../examples/demo.yaml', import.meta.url));

export interface DemoCredentials {
  numbers: string[];
  users: { username: string; password: string; role: string; sip?: { username: string; password: string } }[];
}

/** Li per started minute (1 yuan = 1000 li). */
const DEMO_RATES = { inbound_agent: 60, inbound_forward_mobile: 150, inbound_forward_landline: 120, inbound_forward_international: 2000 };

/** Loads the demo set when the database has no tenant yet; returns what it made, or undefined. */
export async function loadDemoIfEmpty(db: Kysely<object>, users: UsersSettings): Promise<DemoCredentials | undefined> {
  if ((await listTenants(db)).length > 0) return undefined;
  const file = withFreshPasswords(readImportFile(DEMO_FILE));
  await applyImport(db, file, users);
  // Calls out through the trunk are refused unless rated (docs/security.md): the demo tenant gets a plan.
  const plan = await createRatePlan(db, { name: '演示资费 Demo rates', billingUnitSeconds: 60, monthlyFeeLi: 0, rates: DEMO_RATES }, 'demo');
  for (const t of await listTenants(db)) await assignRatePlan(db, t.id, plan.id, 'demo');
  const out: DemoCredentials = { numbers: [], users: [] };
  for (const t of file.tenants ?? []) {
    for (const n of t.numbers ?? []) out.numbers.push(n.number);
    for (const u of t.users ?? []) {
      out.users.push({ username: u.username, password: u.password ?? '', role: u.role, ...(u.sip ? { sip: u.sip } : {}) });
    }
  }
  return out;
}

function withFreshPasswords(file: ImportFile): ImportFile {
  for (const t of file.tenants ?? []) {
    for (const u of t.users ?? []) {
      if (u.password !== undefined) u.password = generatedPassword();
      if (u.sip) u.sip.password = randomBytes(9).toString('base64url');
    }
  }
  return file;
}

export function describeDemo(demo: DemoCredentials, sipAddress: string, sipPort: number, httpPort: number): string {
  const lines = [
    'First start: loaded the demo set (examples/demo.yaml). These passwords are shown only once.',
    `  400 number(s): ${demo.numbers.join(', ')}`,
  ];
  for (const u of demo.users) {
    lines.push(`  user ${u.username} (${u.role}) password ${u.password}${u.sip ? `; SIP phone ${u.sip.username} / ${u.sip.password}` : ''}`);
  }
  lines.push(
    `  Register a softphone as sip:1001@${sipAddress}:${sipPort} (the SIP password above), then call`,
    `  sip:${demo.numbers[0]?.replace(/-/g, '') ?? '4006123456'}@${sipAddress}:${sipPort} from this machine (trusted as the demo trunk).`,
    `  Web API: http://${sipAddress}:${httpPort}/api/docs`,
  );
  return lines.join('\n');
}

export function describeFirstOperator(operator: FirstOperator, webUrl: string): string {
  return [
    'First start: created the operator account. This password is shown only once (it must be changed at first sign-in):',
    `  user ${operator.username} (operator_admin) password ${operator.password}`,
    `  Sign in at ${webUrl} ; more operator accounts: hotline user add NAME --role operator_admin`,
  ].join('\n');
}
