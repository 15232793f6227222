/**
 * /api/v1/tenants: the operator manages enterprises — details, status, N4 documents.
 * /api/v1/tenant: a tenant's own users read their enterprise (the tenant comes from the session).
 */
import type { TenantDocument, TenantDocumentKind } from '../../tenants/tenant-document.ts';
import type { TenantStatus } from '../../tenants/tenant-status.ts';
import { listTenantDocuments, putTenantDocument, setTenantDocumentVerified } from '../../tenants/tenant-document-store.ts';
import { MAX_SEATS, TENANT_CODE_PATTERN } from '../../tenants/tenant-input.ts';
import { changeTenantStatus, createTenant, getTenant, listTenants, tenantStatusHistory, updateTenant } from '../../tenants/tenant-store.ts';
import type { Tenant } from '../../tenants/tenant.ts';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, IdParams, Timestamp, Type } from '../schema.ts';
import type { Static } from '../schema.ts';

const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false };
const OWN_TENANT: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };
const OWN_ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };

const Status = Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('suspended'), Type.Literal('closed')]);
const DocumentKind = Type.Union([Type.Literal('business_licence'), Type.Literal('handler_id')]);
// The literal lists above must stay the domain's: the compiler checks it here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemasMatchDomain: [Same<Static<typeof Status>, TenantStatus>, Same<Static<typeof DocumentKind>, TenantDocumentKind>] = [true, true];
const Contact = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    phone: Type.String({ minLength: 1, maxLength: 32 }),
    email: Type.Union([Type.String({ maxLength: 320 }), Type.Null()]),
  },
  { additionalProperties: false },
);
const CreditCode = Type.Union([Type.String({ maxLength: 32, description: 'Unified social credit code (GB 32100-2015)' }), Type.Null()]);
const Seats = Type.Integer({ minimum: 0, maximum: MAX_SEATS, description: 'Agent seats purchased (C32)' });
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, default Asia/Shanghai' });

const TenantView = Type.Object(
  {
    id: Id,
    code: Type.String(),
    name: Type.String(),
    socialCreditCode: Type.Union([Type.String(), Type.Null()]),
    contact: Contact,
    status: Status,
    seats: Type.Integer(),
    timeZone: Type.String(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);

const CreateTenant = Type.Object(
  {
    code: Type.String({ pattern: TENANT_CODE_PATTERN, maxLength: 64, description: 'Stable key (also used by hotline import)' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    socialCreditCode: Type.Optional(CreditCode),
    contact: Contact,
    seats: Type.Optional(Seats),
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
);

const PatchTenant = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    socialCreditCode: Type.Optional(CreditCode),
    contact: Type.Optional(Contact),
    seats: Type.Optional(Seats),
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false, minProperties: 1 },
);

const StatusChange = Type.Object({ status: Status, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
const StatusHistory = Type.Array(
  Type.Object({ from: Type.Union([Status, Type.Null()]), to: Status, reason: Type.String(), by: Type.String(), at: Timestamp }, { additionalProperties: false }),
);

const DocumentView = Type.Object(
  {
    kind: DocumentKind,
    fileRef: Type.String(),
    number: Type.String(),
    verified: Type.Boolean(),
    verifiedBy: Type.Union([Type.String(), Type.Null()]),
    verifiedAt: Type.Union([Timestamp, Type.Null()]),
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);
const DocumentParams = Type.Object({ id: Id, kind: DocumentKind }, { additionalProperties: false });
const PutDocument = Type.Object(
  { fileRef: Type.String({ minLength: 1, maxLength: 500 }), number: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
const Verification = Type.Object({ verified: Type.Boolean() }, { additionalProperties: false });

function byOf(req: FastifyRequest): string {
  const actor = actorOf(req);
  return actor.id ?? actor.name;
}

function documentView(d: TenantDocument) {
  return { kind: d.kind, fileRef: d.fileRef, number: d.number, verified: d.verified, verifiedBy: d.verifiedBy, verifiedAt: d.verifiedAt, updatedAt: d.updatedAt };
}

async function tenantOr404(req: FastifyRequest, id: string): Promise<Tenant> {
  const tenant = await getTenant(req.db, id);
  if (!tenant) throw new ApiError('NOT_FOUND', 'No such tenant');
  return tenant;
}

const tenantRoutes: RoutePlugin = async (app) => {
  const now = () => app.hotline.now();

  app.get('/tenant', {
    config: { access: OWN_TENANT },
    schema: { summary: 'Your enterprise', response: { 200: TenantView } },
  }, async (req) => tenantOr404(req, tenantIdOf(req)));

  app.get('/tenant/documents', {
    config: { access: OWN_ADMIN },
    schema: { summary: 'Your enterprise’s activation documents and whether they are verified', response: { 200: Type.Array(DocumentView) } },
  }, async (req) => (await listTenantDocuments(req.db, tenantIdOf(req))).map(documentView));

  app.get('/tenants', {
    config: { access: OPERATOR },
    schema: {
      summary: 'Enterprises on the platform',
      querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
      response: { 200: Type.Array(TenantView) },
    },
  }, async (req) => listTenants(req.db, req.query.status ? { status: req.query.status } : {}));

  app.get('/tenants/:id', {
    config: { access: OPERATOR },
    schema: { summary: 'One enterprise', params: IdParams, response: { 200: TenantView } },
  }, async (req) => tenantOr404(req, req.params.id));

  app.post('/tenants', {
    config: { access: OPERATOR },
    schema: { summary: 'Add an enterprise (status pending)', body: CreateTenant, response: { 201: TenantView } },
  }, async (req, reply) => {
    const tenant = await createTenant(req.db, req.body, byOf(req), now());
    await recordAudit(req, { tenantId: tenant.id, action: 'tenant.create', targetType: 'tenant', targetId: tenant.id, details: { code: tenant.code, name: tenant.name } });
    return reply.code(201).send(tenant);
  });

  app.patch('/tenants/:id', {
    config: { access: OPERATOR },
    schema: { summary: 'Change an enterprise’s details', params: IdParams, body: PatchTenant, response: { 200: TenantView } },
  }, async (req) => {
    const current = await tenantOr404(req, req.params.id);
    const tenant = await updateTenant(req.db, current.id, req.body, byOf(req), now());
    await recordAudit(req, { tenantId: tenant.id, action: 'tenant.update', targetType: 'tenant', targetId: tenant.id, details: { fields: Object.keys(req.body) } });
    return tenant;
  });

  app.post('/tenants/:id/status', {
    config: { access: OPERATOR },
    schema: { summary: 'Activate, suspend or close an enterprise', params: IdParams, body: StatusChange, response: { 200: TenantView } },
  }, async (req) => {
    const current = await tenantOr404(req, req.params.id);
    const tenant = await changeTenantStatus(req.db, current.id, req.body.status, req.body.reason, byOf(req), now());
    await recordAudit(req, { tenantId: tenant.id, action: 'tenant.status', targetType: 'tenant', targetId: tenant.id, details: { from: current.status, to: tenant.status, reason: req.body.reason } });
    return tenant;
  });

  app.get('/tenants/:id/status-history', {
    config: { access: OPERATOR },
    schema: { summary: 'Every status change of an enterprise, oldest first', params: IdParams, response: { 200: StatusHistory } },
  }, async (req) => tenantStatusHistory(req.db, (await tenantOr404(req, req.params.id)).id));

  app.get('/tenants/:id/documents', {
    config: { access: OPERATOR },
    schema: { summary: 'The enterprise’s N4 activation documents', params: IdParams, response: { 200: Type.Array(DocumentView) } },
  }, async (req) => (await listTenantDocuments(req.db, (await tenantOr404(req, req.params.id)).id)).map(documentView));

  app.put('/tenants/:id/documents/:kind', {
    config: { access: OPERATOR },
    schema: { summary: 'Record the business licence or handler ID (a new file must be verified again)', params: DocumentParams, body: PutDocument, response: { 200: DocumentView } },
  }, async (req) => {
    const tenant = await tenantOr404(req, req.params.id);
    const doc = await putTenantDocument(req.db, tenant.id, { kind: req.params.kind, ...req.body }, byOf(req), now());
    await recordAudit(req, { tenantId: tenant.id, action: 'tenant.document', targetType: 'tenant', targetId: tenant.id, details: { kind: doc.kind, fileRef: doc.fileRef } });
    return documentView(doc);
  });

  app.put('/tenants/:id/documents/:kind/verification', {
    config: { access: OPERATOR },
    schema: { summary: 'Mark a document verified (or withdraw it)', params: DocumentParams, body: Verification, response: { 200: DocumentView } },
  }, async (req) => {
    const tenant = await tenantOr404(req, req.params.id);
    const doc = await setTenantDocumentVerified(req.db, tenant.id, req.params.kind, req.body.verified, byOf(req), now());
    await recordAudit(req, { tenantId: tenant.id, action: 'tenant.document-verify', targetType: 'tenant', targetId: tenant.id, details: { kind: doc.kind, verified: doc.verified } });
    return documentView(doc);
  });
};

export default tenantRoutes;
