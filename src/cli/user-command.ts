/**
 * `hotline user add NAME --role ROLE [--tenant CODE] [--name TEXT]` and
 * `hotline user reset-password NAME`: accounts made from the shell, for the operator (the first
 * one comes with the first start; a lost operator password has no other way back). Each prints
 * a fresh random password once, to be changed at first sign-in; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { systemActor } from '../audit/actor.ts';
import { loadSettings } from '../config/settings.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { getTenantByCode } from '../tenants/tenant-store.ts';
import { generatedPassword } from '../users/generated-password.ts';
import { isRole } from '../users/role.ts';
import { updateUser } from '../users/update-user.ts';
import { upsertUser } from '../users/upsert-user.ts';
import { findUserRowByUsername } from '../users/user-store.ts';
import { normalizeUsername } from '../users/user.ts';
import { UserError } from '../users/user-error.ts';
import { usersSettings } from '../users/users-settings.ts';

const USAGE = `usage: hotline user add NAME --role ROLE [--tenant CODE] [--name DISPLAY-NAME]
       hotline user reset-password NAME
ROLE: operator_admin (no --tenant), or tenant_admin | supervisor | agent with --tenant CODE.
`;

type Db = Awaited<ReturnType<typeof openDatabase>>['db'];

export async function userCommand(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' }, tenant: { type: 'string' }, name: { type: 'string' } } });
  } catch (err) {
    process.stderr.write(`hotline user: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [username, ...extra] = positionals;
  if ((verb !== 'add' && verb !== 'reset-password') || !username || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (verb === 'reset-password' && (values.role !== undefined || values.tenant !== undefined || values.name !== undefined)) {
    process.stderr.write(`hotline user reset-password takes only the user name\n${USAGE}`);
    return 2;
  }
  if (verb === 'add' && (values.role === undefined || !isRole(values.role))) {
    process.stderr.write(`hotline user add: --role must be one of operator_admin, tenant_admin, supervisor, agent\n${USAGE}`);
    return 2;
  }
  const settings = loadSettings();
  const database = await openDatabase({ dataDir: settings.dataDir, ...(settings.databaseUrl ? { url: settings.databaseUrl } : {}) });
  try {
    await migrateToLatest(database.db);
    const users = usersSettings({ sipRealm: settings.sipRealm });
    const password = generatedPassword();
    const name = normalizeUsername(username);
    if (verb === 'add') {
      await addUser(database.db, { username: name, role: values.role as string, tenant: values.tenant, displayName: values.name }, password, users);
      process.stdout.write(`Created user ${name} (${values.role}). Password (shown only once, to be changed at first sign-in): ${password}\n`);
    } else {
      const row = await findUserRowByUsername(database.db, name);
      if (!row) throw new UserError('USER_NOT_FOUND', `no user named ${name}`);
      await updateUser(database.db, row.tenant_id, row.id, { password, mustChangePassword: true }, systemActor('hotline user reset-password'), users);
      process.stdout.write(`New password for ${name} (shown only once, to be changed at first sign-in; their sessions are ended): ${password}\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

async function addUser(
  db: Db,
  input: { username: string; role: string; tenant: string | undefined; displayName: string | undefined },
  password: string,
  users: ReturnType<typeof usersSettings>,
): Promise<void> {
  const role = input.role;
  if (!isRole(role)) throw new UserError('INVALID_USER', `unknown role ${role}`);
  let tenantId: string | null = null;
  if (role === 'operator_admin') {
    if (input.tenant !== undefined) throw new UserError('INVALID_USER', 'an operator admin belongs to no tenant: leave out --tenant');
  } else {
    if (input.tenant === undefined) throw new UserError('INVALID_USER', `a ${role} belongs to a tenant: give --tenant CODE`);
    const tenant = await getTenantByCode(db, input.tenant);
    if (!tenant) throw new UserError('INVALID_USER', `no tenant with code ${input.tenant}`);
    tenantId = tenant.id;
  }
  // add never updates: an existing name (of any tenant) is refused rather than silently changed.
  if (await findUserRowByUsername(db, input.username)) throw new UserError('NAME_UNAVAILABLE', `user name ${input.username} is taken (reset its password with hotline user reset-password)`);
  await upsertUser(db, { tenantId, username: input.username, role, displayName: input.displayName ?? input.username, password, mustChangePassword: true }, systemActor('hotline user add'), users);
}
