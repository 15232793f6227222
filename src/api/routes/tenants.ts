/**
 * /api/v1/tenants: the operator manages enterprises — details, status, N4 documents (upload on the
 * enterprise's behalf, view, approve, reject with a reason).
 * /api/v1/tenant: a tenant's own users read their enterprise and its admin uploads its documents
 * (the tenant comes from the session). A document file's body is the file itself (PDF, JPEG or PNG,
 * sniffed from its bytes).
 */
import { DOCUMENT_FILE_LIMIT, DOCUMENT_FILE_TYPES } from '../../tenants/document-file-type.ts';
import type { TenantDocument, TenantDocumentKind } from '../../tenants/tenant-document.ts';
import { getTenantDocumentFile, listTenantDocumentFiles, tenantDocumentFilePath, uploadTenantDocument } from '../../tenants/tenant-document-files.ts';
import type { TenantDocumentFile } from '../../tenants/tenant-document-files.ts';
import type { TenantStatus } from '../../tenants/tenant-status.ts';
import {
  getTenantDocument,
  hasActivationDocuments,
  listTenantDocuments,
  putTenantDocument,
  rejectTenantDocument,
  setTenantDocumentVerified,
} from '../../tenants/tenant-document-store.ts';
import { TenantError } from '../../tenants/tenant-error.ts';
import { MAX_SEATS, TENANT_CODE_PATTERN } from '../../tenants/tenant-input.ts';
import { changeTenantStatus, createTenant, getTenant, listTenants, tenantStatusHistory, updateTenant } from '../../tenants/tenant-store.ts';
import type { Tenant } from '../../tenants/tenant.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, IdParams, Timestamp, Type } from '../schema.ts';
import { sendFile } from '../send-file.ts';
import type { Static } from '../schema.ts';

const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false };
const OWN_TENANT: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };
const OWN_ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };

const Status = Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('suspended'), Type.Literal('closed')]);
const DocumentKind = Type.Union([
  Type.Literal('business_licence'),
  Type.Literal('handler_id'),
  Type.Literal('legal_rep_id'),
  Type.Literal('application_form'),
  Type.Literal('commitment_letter'),
]);
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

const FileView = Type.Object(
  {
    id: Id,
    kind: DocumentKind,
    name: Type.String(),
    contentType: Type.Union([Type.Literal('application/pdf'), Type.Literal('image/jpeg'), Type.Literal('image/png')]),
    sizeBytes: Type.Integer(),
    sha256: Type.String(),
    uploadedBy: Type.String(),
    uploadedAt: Timestamp,
    url: Type.String({ description: 'GET it to view the file (PDF, JPEG or PNG)' }),
  },
  { additionalProperties: false },
);
const DocumentView = Type.Object(
  {
    kind: DocumentKind,
    fileRef: Type.String(),
    number: Type.String(),
    review: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
    verified: Type.Boolean(),
    verifiedBy: Type.Union([Type.String(), Type.Null()]),
    verifiedAt: Type.Union([Timestamp, Type.Null()]),
    rejectionReason: Type.Union([Type.String(), Type.Null()]),
    rejectedBy: Type.Union([Type.String(), Type.Null()]),
    rejectedAt: Type.Union([Timestamp, Type.Null()]),
    updatedAt: Timestamp,
    file: Type.Union([FileView, Type.Null()], { description: 'The uploaded file; null for a document recorded by reference (import)' }),
  },
  { additionalProperties: false },
);
const DocumentParams = Type.Object({ id: Id, kind: DocumentKind }, { additionalProperties: false });
const FileParams = Type.Object({ id: Id, fileId: Id }, { additionalProperties: false });
const UploadQuery = Type.Object(
  {
    kind: DocumentKind,
    number: Type.Optional(Type.String({ maxLength: 64, description: 'The credit code or ID-card number; required for the licence and ID cards' })),
    name: Type.Optional(Type.String({ maxLength: 255, description: 'The file’s name as the uploader had it' })),
  },
  { additionalProperties: false },
);
const UPLOAD_SUMMARY = `Upload the document's file: the PDF, JPEG or PNG itself as the body (≤ ${DOCUMENT_FILE_LIMIT / 1024 / 1024} MiB; the type is read from the content). It becomes the current document of its kind, waiting for review`;
const Review = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Why it is rejected (required to reject); the tenant sees it' })),
    fileId: Type.Optional(Type.String({ maxLength: 64, description: 'The file reviewed: refused (409) when a newer one was uploaded meanwhile' })),
  },
  { additionalProperties: false },
);
const FileBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The PDF, JPEG or PNG file' });
const PutDocument = Type.Object(
  { fileRef: Type.String({ minLength: 1, maxLength: 500 }), number: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
const Verification = Type.Object({ verified: Type.Boolean() }, { additionalProperties: false });

function byOf(req: FastifyRequest): string {
  const actor = actorOf(req);
  return actor.id ?? actor.name;
}

function documentView(d: TenantDocument, file: TenantDocumentFile | undefined, fileUrl: (id: string) => string) {
  return {
    kind: d.kind,
    fileRef: d.fileRef,
    number: d.number,
    review: d.review,
    verified: d.verified,
    verifiedBy: d.verifiedBy,
    verifiedAt: d.verifiedAt,
    rejectionReason: d.rejectionReason,
    rejectedBy: d.rejectedBy,
    rejectedAt: d.rejectedAt,
    updatedAt: d.updatedAt,
    file: file ? fileView(file, fileUrl) : null,
  };
}

function fileView(f: TenantDocumentFile, fileUrl: (id: string) => string) {
  return { id: f.id, kind: f.kind, name: f.name, contentType: f.contentType, sizeBytes: f.sizeBytes, sha256: f.sha256, uploadedBy: f.uploadedBy, uploadedAt: f.uploadedAt, url: fileUrl(f.id) };
}

const ownFileUrl = (id: string) => `/api/v1/tenant/document-files/${id}`;
const operatorFileUrl = (tenantId: string) => (id: string) => `/api/v1/tenants/${tenantId}/document-files/${id}`;

/** The tenant's documents on file, each with its current file. */
async function documentViews(req: FastifyRequest, tenantId: string, fileUrl: (id: string) => string) {
  const files = new Map((await listTenantDocumentFiles(req.db, tenantId)).map((f) => [f.id, f]));
  return (await listTenantDocuments(req.db, tenantId)).map((d) => documentView(d, d.fileId === null ? undefined : files.get(d.fileId), fileUrl));
}

/** Keeps the uploaded file (the request body) as the tenant's current document of its kind. */
async function uploadFrom(req: FastifyRequest, query: Static<typeof UploadQuery>, tenantId: string, fileUrl: (id: string) => string) {
  const { kind } = query;
  if (!Buffer.isBuffer(req.body)) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the file itself as the body (Content-Type application/pdf, image/jpeg, image/png or application/octet-stream)');
  const { document, file } = await uploadTenantDocument(req.db, req.server.hotline.dataDir, {
    tenantId,
    kind,
    number: query.number ?? '',
    bytes: req.body,
    name: query.name ?? '',
    by: byOf(req),
    at: req.server.hotline.now(),
  });
  await recordAudit(req, { tenantId, action: 'tenant.document-upload', targetType: 'tenant', targetId: tenantId, details: { kind, fileId: file.id, contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 } });
  return documentView(document, file, fileUrl);
}

/** Sends one of the tenant's files (404 for another tenant's id); a read is audited — these are ID cards. */
async function sendDocumentFile(req: FastifyRequest, reply: FastifyReply, tenantId: string, fileId: string): Promise<FastifyReply> {
  const file = await getTenantDocumentFile(req.db, tenantId, fileId);
  if (!file) throw new ApiError('NOT_FOUND', 'No such document file');
  await sendFile(req, reply, { path: tenantDocumentFilePath(req.server.hotline.dataDir, file), type: file.contentType, filename: file.name, inline: true }, () =>
    recordAudit(req, { tenantId, action: 'tenant.document-read', targetType: 'tenant', targetId: tenantId, details: { kind: file.kind, fileId: file.id } }),
  );
  return reply;
}

async function tenantOr404(req: FastifyRequest, id: string): Promise<Tenant> {
  const tenant = await getTenant(req.db, id);
  if (!tenant) throw new ApiError('NOT_FOUND', 'No such tenant');
  return tenant;
}

const tenantRoutes: RoutePlugin = async (app) => {
  const now = () => app.hotline.now();
  // A document upload's body is the file itself (this plugin's routes only; elsewhere JSON alone).
  app.addContentTypeParser([...DOCUMENT_FILE_TYPES, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: DOCUMENT_FILE_LIMIT }, (_req, body, done) => done(null, body));

  app.get('/tenant', {
    config: { access: OWN_TENANT },
    schema: { summary: 'Your enterprise', response: { 200: TenantView } },
  }, async (req) => tenantOr404(req, tenantIdOf(req)));

  app.get('/tenant/documents', {
    config: { access: OWN_ADMIN },
    schema: { summary: 'Your enterprise’s qualification documents and their review', response: { 200: Type.Array(DocumentView) } },
  }, async (req) => documentViews(req, tenantIdOf(req), ownFileUrl));

  app.post('/tenant/document-files', {
    config: { access: OWN_ADMIN },
    bodyLimit: DOCUMENT_FILE_LIMIT,
    schema: { summary: UPLOAD_SUMMARY, querystring: UploadQuery, response: { 201: DocumentView } },
  }, async (req, reply) => reply.code(201).send(await uploadFrom(req, req.query, tenantIdOf(req), ownFileUrl)));

  app.get('/tenant/document-files', {
    config: { access: OWN_ADMIN },
    schema: { summary: 'Every document file your enterprise has uploaded, newest first (replaced ones too)', response: { 200: Type.Array(FileView) } },
  }, async (req) => (await listTenantDocumentFiles(req.db, tenantIdOf(req))).map((f) => fileView(f, ownFileUrl)));

  app.get('/tenant/document-files/:id', {
    config: { access: OWN_ADMIN },
    schema: { summary: 'One of your document files, as uploaded', params: IdParams, response: { 200: FileBody, 206: FileBody } },
  }, async (req, reply) => sendDocumentFile(req, reply, tenantIdOf(req), req.params.id));

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
    // N4: an enterprise is opened only once its licence and handler's ID are approved.
    if (current.status === 'pending' && req.body.status === 'active' && !(await hasActivationDocuments(req.db, current.id))) {
      throw new TenantError('DOCUMENTS_MISSING', 'the business licence and the handler’s ID must be on file and approved first');
    }
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
    schema: { summary: 'The enterprise’s N4 qualification documents and their review', params: IdParams, response: { 200: Type.Array(DocumentView) } },
  }, async (req) => {
    const tenant = await tenantOr404(req, req.params.id);
    return documentViews(req, tenant.id, operatorFileUrl(tenant.id));
  });

  app.post('/tenants/:id/document-files', {
    config: { access: OPERATOR },
    bodyLimit: DOCUMENT_FILE_LIMIT,
    schema: { summary: `${UPLOAD_SUMMARY} (on the enterprise’s behalf)`, params: IdParams, querystring: UploadQuery, response: { 201: DocumentView } },
  }, async (req, reply) => {
    const tenant = await tenantOr404(req, req.params.id);
    return reply.code(201).send(await uploadFrom(req, req.query, tenant.id, operatorFileUrl(tenant.id)));
  });

  app.get('/tenants/:id/document-files/:fileId', {
    config: { access: OPERATOR },
    schema: { summary: 'View one of the enterprise’s document files', params: FileParams, response: { 200: FileBody, 206: FileBody } },
  }, async (req, reply) => sendDocumentFile(req, reply, (await tenantOr404(req, req.params.id)).id, req.params.fileId));

  app.post('/tenants/:id/documents/:kind/review', {
    config: { access: OPERATOR },
    schema: { summary: 'Approve a document on file, or reject it with a reason the enterprise sees', params: DocumentParams, body: Review, response: { 200: DocumentView } },
  }, async (req) => {
    const tenant = await tenantOr404(req, req.params.id);
    const { kind } = req.params;
    const current = await getTenantDocument(req.db, tenant.id, kind);
    if (!current) throw new TenantError('DOCUMENT_NOT_FOUND', `no ${kind.replaceAll('_', ' ')} on file`);
    if (req.body.fileId !== undefined && req.body.fileId !== current.fileId) throw new TenantError('DOCUMENT_CHANGED', 'a newer file was uploaded since; review that one');
    let doc: TenantDocument;
    if (req.body.decision === 'approve') doc = await setTenantDocumentVerified(req.db, tenant.id, kind, true, byOf(req), now());
    else {
      if (req.body.reason === undefined) throw new TenantError('INVALID_DOCUMENT', 'a rejection needs a reason');
      doc = await rejectTenantDocument(req.db, tenant.id, kind, req.body.reason, byOf(req), now());
    }
    await recordAudit(req, { tenantId: tenant.id, action: 'tenant.document-review', targetType: 'tenant', targetId: tenant.id, details: { kind, fileId: doc.fileId, decision: req.body.decision, reason: req.body.reason ?? null } });
    const file = doc.fileId === null ? undefined : await getTenantDocumentFile(req.db, tenant.id, doc.fileId);
    return documentView(doc, file, operatorFileUrl(tenant.id));
  });

  app.put('/tenants/:id/documents/:kind', {
    config: { access: OPERATOR },
    schema: { summary: 'Record the business licence or handler ID (a new file must be verified again)', params: DocumentParams, body: PutDocument, response: { 200: DocumentView } },
  }, async (req) => {
    const tenant = await tenantOr404(req, req.params.id);
    const doc = await putTenantDocument(req.db, tenant.id, { kind: req.params.kind, ...req.body }, byOf(req), now());
    await recordAudit(req, { tenantId: tenant.id, action: 'tenant.document', targetType: 'tenant', targetId: tenant.id, details: { kind: doc.kind, fileRef: doc.fileRef } });
    return documentView(doc, undefined, operatorFileUrl(tenant.id));
  });

  app.put('/tenants/:id/documents/:kind/verification', {
    config: { access: OPERATOR },
    schema: { summary: 'Mark a document verified (or withdraw it)', params: DocumentParams, body: Verification, response: { 200: DocumentView } },
  }, async (req) => {
    const tenant = await tenantOr404(req, req.params.id);
    const doc = await setTenantDocumentVerified(req.db, tenant.id, req.params.kind, req.body.verified, byOf(req), now());
    await recordAudit(req, { tenantId: tenant.id, action: 'tenant.document-verify', targetType: 'tenant', targetId: tenant.id, details: { kind: doc.kind, verified: doc.verified } });
    const file = doc.fileId === null ? undefined : await getTenantDocumentFile(req.db, tenant.id, doc.fileId);
    return documentView(doc, file, operatorFileUrl(tenant.id));
  });
};

export default tenantRoutes;
