/**
 * Applies a provisioning file through the same domain functions the API uses, in one
 * transaction: the file lands whole or not at all, and running it twice changes nothing.
 */
import type { Kysely } from 'kysely';
import { withTransaction } from '../db/transaction.ts';
import { parsePhone } from '../phone/phone-number.ts';
import { upsertTrunk } from '../trunks/trunk-store.ts';
import { changeTenantStatus, upsertTenant } from '../tenants/tenant-store.ts';
import { putTenantDocument, setTenantDocumentVerified } from '../tenants/tenant-document-store.ts';
import { upsertUser } from '../users/upsert-user.ts';
import type { UsersSettings } from '../users/users-settings.ts';
import { systemActor } from '../audit/actor.ts';
import { setBoundPhones } from '../routing/bound-phone-store.ts';
import { setNumberPolicy } from '../routing/number-policy-store.ts';
import { setNumberFlow } from '../flows/flow-store.ts';
import { setNumberCaps } from '../caps/cap-store.ts';
import { toNumberCaps } from '../caps/number-caps.ts';
import type { BoundPhone } from '../routing/bound-phone.ts';
import { BoundPhoneError } from '../routing/bound-phone.ts';
import { normalizeNumber } from '../numbers/number-format.ts';
import { provisionNumber } from '../numbers/provision-number.ts';
import { setMissedCallRecipients } from '../notify/missed-call-recipients.ts';
import { hasActivationDocuments } from '../tenants/tenant-document-store.ts';
import type { ImportFile, ImportTenant } from './import-schema.ts';
import { importAcd } from './apply-acd-import.ts';
import { listQueues } from '../acd/queue-store.ts';

export interface ImportSummary {
  trunks: { created: number; updated: number };
  tenants: { created: number; updated: number };
  numbers: number;
  users: { created: number; updated: number };
}

const BY = 'import';

export async function applyImport(db: Kysely<object>, file: ImportFile, users: UsersSettings): Promise<ImportSummary> {
  const summary: ImportSummary = { trunks: { created: 0, updated: 0 }, tenants: { created: 0, updated: 0 }, numbers: 0, users: { created: 0, updated: 0 } };
  await withTransaction(db, async (trx) => {
    for (const t of file.trunks ?? []) {
      const r = await upsertTrunk(trx, {
        name: t.name,
        addresses: t.addresses,
        proxy: { host: t.proxy.host, port: t.proxy.port ?? 5060, transport: t.proxy.transport ?? 'udp' },
        maxConcurrentCalls: t.maxConcurrentCalls ?? null,
        enabled: t.enabled ?? true,
      }, BY);
      summary.trunks[r.created ? 'created' : 'updated']++;
    }
    for (const t of file.tenants ?? []) await importTenant(trx, t, summary, users);
  });
  return summary;
}

async function importTenant(db: Kysely<object>, t: ImportTenant, summary: ImportSummary, users: UsersSettings): Promise<void> {
  const { tenant, created } = await upsertTenant(db, {
    code: t.code,
    name: t.name,
    socialCreditCode: t.socialCreditCode ?? null,
    contact: { name: t.contact.name, phone: t.contact.phone, email: t.contact.email ?? null },
    ...(t.seats !== undefined ? { seats: t.seats } : {}),
    ...(t.timeZone !== undefined ? { timeZone: t.timeZone } : {}),
  }, BY);
  summary.tenants[created ? 'created' : 'updated']++;
  for (const d of t.documents ?? []) {
    await putTenantDocument(db, tenant.id, { kind: d.kind, number: d.number, fileRef: d.file ?? `import:${d.kind}` }, BY);
    if (d.verified) await setTenantDocumentVerified(db, tenant.id, d.kind, true, BY);
  }
  const docsVerified = (t.documents ?? []).length >= 2 && (t.documents ?? []).every((d) => d.verified);
  if (tenant.status === 'pending' && docsVerified) await changeTenantStatus(db, tenant.id, 'active', 'documents verified (import)', BY);
  // Bound phones after the users: a SIP bound phone must name one of this tenant's SIP users.
  const boundPhones: [string, BoundPhone[]][] = [];
  // Policies and flows after the ACD: a group or a menu key may name a queue of this file (C9).
  const routed: [string, NonNullable<ImportTenant['numbers']>[number]][] = [];
  for (const n of t.numbers ?? []) {
    const number = normalizeNumber(n.number);
    await provisionNumber(db, { number, tenantId: tenant.id, status: 'active', by: BY, reason: 'import', licencesOnFile: (id) => hasActivationDocuments(db, id) });
    if (n.boundPhones) boundPhones.push([number, n.boundPhones.map(toBoundPhone)]);
    if (n.policy !== undefined || n.flow !== undefined) routed.push([number, n]);
    if (n.caps) await setNumberCaps(db, tenant.id, number, toNumberCaps(n.caps), { by: 'import' });
    if (n.missedCallAlerts) await setMissedCallRecipients(db, tenant.id, number, { mobiles: n.missedCallAlerts.mobiles ?? [], emails: n.missedCallAlerts.emails ?? [] });
    summary.numbers++;
  }
  for (const u of t.users ?? []) {
    const r = await upsertUser(db, {
      tenantId: tenant.id,
      username: u.username,
      role: u.role,
      displayName: u.displayName ?? u.username,
      ...(u.password !== undefined ? { password: u.password } : {}),
      ...(u.agentId !== undefined ? { agentId: u.agentId } : {}),
      ...(u.sip ? { sipUsername: u.sip.username, sipPassword: u.sip.password } : {}),
      ...(u.boundNumber !== undefined ? { boundNumber: toE164(u.boundNumber) } : {}),
    }, systemActor(BY), users);
    summary.users[r.created ? 'created' : 'updated']++;
  }
  for (const [number, phones] of boundPhones) await setBoundPhones(db, tenant.id, number, phones);
  // After the users: members and agents' skills name them.
  if (t.acd) await importAcd(db, tenant.id, t.acd, new Date());
  if (routed.length > 0) {
    // A queue the tenant does not have is refused like the API refuses it: the whole file fails.
    const queues = new Set((await listQueues(db, tenant.id)).flatMap((q) => [q.id, q.name]));
    for (const [number, n] of routed) {
      if (n.policy !== undefined) await setNumberPolicy(db, tenant.id, number, n.policy, { by: 'import', queues });
      if (n.flow !== undefined) await setNumberFlow(db, tenant.id, number, n.flow, { by: 'import', queues });
    }
  }
}

function toBoundPhone(p: { pstn: string } | { sip: string }): BoundPhone {
  if ('sip' in p) return { kind: 'sip', target: p.sip };
  return { kind: 'pstn', target: toE164(p.pstn) };
}

function toE164(raw: string): string {
  const parsed = parsePhone(raw);
  if (!parsed || !parsed.isValid()) throw new BoundPhoneError('BAD_TARGET', `'${raw}' is not a phone number`);
  return parsed.number;
}
