/**
 * /api/v1/numbers: 400 numbers (REQUIREMENTS N1–N5). Tenants list and manage their own numbers and
 * search the pool on offer; the operator fills the pool, walks numbers through their lifecycle and
 * edits class terms. Everything goes through the numbers domain functions (`src/numbers`), the same
 * ones `hotline import` uses.
 */
import type { FastifyRequest } from 'fastify';
import { getActiveRuleSet, setActiveRuleSet } from '../../numbers/active-rule-set.ts';
import { listClassTerms, updateClassTerms } from '../../numbers/class-terms.ts';
import type { NumberClassInfo } from '../../numbers/class-terms.ts';
import {
  activateNumber,
  assignNumber,
  cancelAssignment,
  recycleNumber,
  releaseNumber,
  reserveNumber,
  resumeNumber,
  suspendNumber,
  unreserveNumber,
} from '../../numbers/number-actions.ts';
import { addNumbers, getNumber, getNumberHistory, listTenantNumbers } from '../../numbers/number-inventory.ts';
import type { NumberHistoryEntry, NumberRecord } from '../../numbers/number-record.ts';
import { MAX_PAGE_SIZE, searchNumbers } from '../../numbers/number-search.ts';
import { PRESET_RULE_SETS } from '../../numbers/rule-sets/index.ts';
import { hasActivationDocuments } from '../../tenants/tenant-document-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, principalOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, Timestamp, Type } from '../schema.ts';
import type { Static } from '../schema.ts';

const TENANT_READERS: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };
const TENANT_ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
/** The pool on offer and the class price list: tenants choosing a number, and the operator. */
const SHOPPERS: RouteAccess = { roles: ['operator_admin', 'tenant_admin'], tenantScoped: true, apiKeyRight: 'numbers:read' };
const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false, apiKeyRight: false };

const Status = Type.Union([
  Type.Literal('available'),
  Type.Literal('reserved'),
  Type.Literal('pending_activation'),
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('released'),
]);
const NumberText = Type.String({ minLength: 10, maxLength: 24, pattern: '^[0-9+ ()-]+$', description: 'A 400 number in any usual spelling: 4006123456, 400-612-3456, +86 400 612 3456' });
const NumberParams = Type.Object({ number: NumberText }, { additionalProperties: false });
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });
const OptionalReasonBody = Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const NumberView = Type.Object(
  {
    number: Type.String({ description: 'Canonical 10 digits' }),
    display: Type.String({ description: '400-612-3456' }),
    carrier: Type.Union([Type.Literal('unicom'), Type.Literal('telecom'), Type.Literal('mobile')]),
    ruleSet: Type.String(),
    classCode: Type.String(),
    status: Status,
    tenantId: Nullable(Type.String()),
    reservedUntil: Nullable(Timestamp),
    activationDueOn: Nullable(Type.String({ description: 'Expected opening date YYYY-MM-DD (Asia/Shanghai)' })),
    statusChangedAt: Timestamp,
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);

const HistoryView = Type.Object(
  {
    action: Type.String(),
    fromStatus: Nullable(Status),
    toStatus: Status,
    by: Type.String(),
    reason: Type.String(),
    at: Timestamp,
    tenantId: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

const SearchQuery = Type.Object(
  {
    pattern: Type.Optional(Type.String({ minLength: 1, maxLength: 24, description: '*8888 (ends with), 4008* (starts with), 520 (contains), AABB (tail shape)' })),
    endsWith: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$', maxLength: 10 })),
    contains: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$', maxLength: 10 })),
    prefix: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$', maxLength: 10 })),
    shape: Type.Optional(Type.String({ pattern: '^[A-Z]{2,6}$', maxLength: 6 })),
    classCode: Type.Optional(Type.String({ maxLength: 20, description: 'One class, or several separated by commas' })),
    carrier: Type.Optional(Type.Union([Type.Literal('unicom'), Type.Literal('telecom'), Type.Literal('mobile')])),
    status: Type.Optional(Type.Union([Status, Type.Literal('any')], { description: 'Operator only; tenants always see available numbers' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })),
    after: Type.Optional(Type.String({ pattern: '^[0-9]{10}$', maxLength: 10, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
const SearchPage = Type.Object({ items: Type.Array(NumberView), nextCursor: Nullable(Type.String()) }, { additionalProperties: false });

const Terms = {
  minMonthlySpendLi: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'li (0.001 CNY)' }),
  minTermMonths: Type.Integer({ minimum: 0, maximum: 240 }),
  selectionFeeAllowed: Type.Boolean(),
  selectionFeeLi: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
};
const ClassView = Type.Object(
  {
    ruleSet: Type.String(),
    code: Type.String(),
    name: Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false }),
    rank: Type.Integer(),
    special: Type.Boolean(),
    terms: Type.Object(Terms, { additionalProperties: false }),
    termsSource: Type.String(),
    edited: Type.Boolean(),
    alternativeMinimums: Type.Array(Type.Object({ ruleId: Type.String(), minMonthlySpendLi: Type.Integer(), fromMonth: Type.Integer() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
const RuleSetId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' });

function view(n: NumberRecord): Static<typeof NumberView> {
  return { ...n };
}

function historyView(h: NumberHistoryEntry): Static<typeof HistoryView> {
  return { action: h.action, fromStatus: h.fromStatus, toStatus: h.toStatus, by: h.by, reason: h.reason, at: h.at, tenantId: h.tenantId };
}

function classView(c: NumberClassInfo): Static<typeof ClassView> {
  return { ...c, terms: { ...c.terms }, alternativeMinimums: [...c.alternativeMinimums] };
}

/** Who a domain write is recorded as: the user or key id. */
function byOf(req: FastifyRequest): string {
  const actor = actorOf(req);
  return actor.id ?? actor.name;
}

function now(req: FastifyRequest): Date {
  return req.server.hotline.now();
}

/** A number held by the caller's tenant, or 404 (another tenant's number reads as missing). */
async function ownNumber(req: FastifyRequest, number: string): Promise<NumberRecord> {
  const found = await getNumber(req.db, number);
  if (found === undefined || found.tenantId !== tenantIdOf(req)) throw new ApiError('NOT_FOUND', 'No such number in your tenant');
  return found;
}

async function audit(req: FastifyRequest, action: string, n: NumberRecord, details: Record<string, unknown> = {}): Promise<void> {
  // Operator routes pass the tenant concerned so its admins see the change in their audit log.
  const tenantId = principalOf(req).tenantId ?? n.tenantId;
  await recordAudit(req, { action: `number.${action}`, targetType: 'number', targetId: n.number, details: { status: n.status, ...details }, tenantId });
}

const tenantRoutes: RoutePlugin = async (app) => {
  app.get('/numbers', {
    config: { access: TENANT_READERS },
    schema: { summary: "Your tenant's 400 numbers", response: { 200: Type.Array(NumberView) } },
  }, async (req) => (await listTenantNumbers(req.db, tenantIdOf(req))).map(view));

  app.get('/numbers/pool', {
    config: { access: SHOPPERS },
    schema: { summary: 'Search the pool (N5): by pattern, shape, class, carrier; keyset pages', querystring: SearchQuery, response: { 200: SearchPage } },
  }, async (req) => {
    const { classCode, status, ...q } = req.query;
    const p = principalOf(req);
    const operator = p.kind === 'user' && p.role === 'operator_admin';
    const page = await searchNumbers(req.db, {
      ...q,
      ...(classCode !== undefined ? { classCodes: classCode.split(',').map((c) => c.trim()).filter((c) => c !== '') } : {}),
      status: operator ? (status ?? 'available') : 'available',
    });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  app.get('/numbers/classes', {
    config: { access: SHOPPERS },
    schema: {
      summary: 'Number classes with minimum spend and term (N3); the active rule set by default',
      querystring: Type.Object({ ruleSet: Type.Optional(RuleSetId) }, { additionalProperties: false }),
      response: { 200: Type.Array(ClassView) },
    },
  }, async (req) => (await listClassTerms(req.db, req.query.ruleSet ?? (await getActiveRuleSet(req.db)).id)).map(classView));

  app.get('/numbers/:number', {
    config: { access: TENANT_READERS },
    schema: { summary: 'One of your numbers', params: NumberParams, response: { 200: NumberView } },
  }, async (req) => view(await ownNumber(req, req.params.number)));

  app.get('/numbers/:number/history', {
    config: { access: TENANT_ADMIN },
    schema: { summary: "Your number's lifecycle while your tenant held it", params: NumberParams, response: { 200: Type.Array(HistoryView) } },
  }, async (req) => {
    const n = await ownNumber(req, req.params.number);
    return (await getNumberHistory(req.db, n.number, { tenantId: tenantIdOf(req) })).map(historyView);
  });

  app.post('/numbers/:number/reserve', {
    config: { access: TENANT_ADMIN },
    schema: { summary: 'Hold an available number for your tenant (72 h)', params: NumberParams, body: OptionalReasonBody, response: { 200: NumberView } },
  }, async (req) => {
    // Another tenant's number (even one merely reserved) is indistinguishable from a missing one.
    const current = await getNumber(req.db, req.params.number);
    if (current === undefined || (current.tenantId !== null && current.tenantId !== tenantIdOf(req))) {
      throw new ApiError('NOT_FOUND', 'No such number in the pool');
    }
    const n = await reserveNumber(req.db, { number: current.number, tenantId: tenantIdOf(req), by: byOf(req), reason: req.body.reason ?? 'reserved by the tenant', now: now(req) });
    await audit(req, 'reserve', n, { reservedUntil: n.reservedUntil });
    return view(n);
  });

  for (const [verb, act] of [['unreserve', unreserveNumber], ['release', releaseNumber]] as const) {
    app.post(`/numbers/:number/${verb}`, {
      config: { access: TENANT_ADMIN },
      schema: { summary: verb === 'release' ? 'Give up one of your numbers' : 'Give up a reservation', params: NumberParams, body: verb === 'release' ? ReasonBody : OptionalReasonBody, response: { 200: NumberView } },
    }, async (req) => {
      const own = await ownNumber(req, req.params.number);
      const n = await act(req.db, { number: own.number, tenantId: tenantIdOf(req), by: byOf(req), reason: req.body.reason ?? `${verb} by the tenant`, now: now(req) });
      await audit(req, verb, n);
      return view(n);
    });
  }
};

const operatorRoutes: RoutePlugin = async (app) => {
  app.post('/numbers/pool', {
    config: { access: OPERATOR },
    schema: {
      summary: 'Add numbers to the pool (classified under the active rule set)',
      body: Type.Object({ numbers: Type.Array(NumberText, { minItems: 1, maxItems: 10_000 }), reason: Type.Optional(Reason) }, { additionalProperties: false }),
      response: { 201: Type.Object({ added: Type.Array(Type.String()), existing: Type.Array(Type.String()) }, { additionalProperties: false }) },
    },
  }, async (req, reply) => {
    const result = await addNumbers(req.db, req.body.numbers, byOf(req), { now: now(req), ...(req.body.reason ? { reason: req.body.reason } : {}) });
    await recordAudit(req, { action: 'number.add', targetType: 'number', targetId: null, details: { added: result.added.length, existing: result.existing.length } });
    return reply.code(201).send(result);
  });

  app.get('/numbers/pool/:number', {
    config: { access: OPERATOR },
    schema: { summary: 'Any number with its whole history', params: NumberParams, response: { 200: Type.Object({ number: NumberView, history: Type.Array(HistoryView) }, { additionalProperties: false }) } },
  }, async (req) => {
    const n = await getNumber(req.db, req.params.number);
    if (n === undefined) throw new ApiError('NOT_FOUND', 'No such number in the pool');
    return { number: view(n), history: (await getNumberHistory(req.db, n.number)).map(historyView) };
  });

  app.post('/numbers/pool/:number/assign', {
    config: { access: OPERATOR },
    schema: {
      summary: 'Open an application for a tenant: available/reserved → pending activation',
      params: NumberParams,
      body: Type.Object({ tenantId: Id, reason: Reason }, { additionalProperties: false }),
      response: { 200: NumberView },
    },
  }, async (req) => {
    const n = await assignNumber(req.db, { number: req.params.number, tenantId: req.body.tenantId, by: byOf(req), reason: req.body.reason, now: now(req) });
    await audit(req, 'assign', n, { activationDueOn: n.activationDueOn });
    return view(n);
  });

  app.post('/numbers/pool/:number/activate', {
    config: { access: OPERATOR },
    schema: { summary: "Open the number (the tenant's licence and handler ID must be on file, N4)", params: NumberParams, body: ReasonBody, response: { 200: NumberView } },
  }, async (req) => {
    const n = await activateNumber(req.db, { number: req.params.number, by: byOf(req), reason: req.body.reason, now: now(req), licencesOnFile: (tenantId) => hasActivationDocuments(req.db, tenantId) });
    await audit(req, 'activate', n);
    return view(n);
  });

  const simple = [
    ['cancel', cancelAssignment, 'Withdraw or refuse an application: pending activation → available'],
    ['suspend', suspendNumber, 'Suspend (balance exhausted, frozen): active → suspended'],
    ['resume', resumeNumber, 'Resume: suspended → active'],
    ['release', releaseNumber, 'Release: active/suspended → released (quarantine)'],
    ['unreserve', unreserveNumber, 'Drop a reservation'],
    ['recycle', recycleNumber, 'Back to the pool after the quarantine'],
  ] as const;
  for (const [verb, act, summary] of simple) {
    app.post(`/numbers/pool/:number/${verb}`, {
      config: { access: OPERATOR },
      schema: { summary, params: NumberParams, body: ReasonBody, response: { 200: NumberView } },
    }, async (req) => {
      const before = await getNumber(req.db, req.params.number);
      const n = await act(req.db, { number: req.params.number, by: byOf(req), reason: req.body.reason, now: now(req) });
      await audit(req, verb, { ...n, tenantId: n.tenantId ?? before?.tenantId ?? null });
      return view(n);
    });
  }

  app.patch('/numbers/classes/:ruleSet/:code', {
    config: { access: OPERATOR },
    schema: {
      summary: "Edit a class's minimum spend, term and selection fee (N3)",
      params: Type.Object({ ruleSet: RuleSetId, code: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }),
      body: Type.Object({ ...Object.fromEntries(Object.entries(Terms).map(([k, v]) => [k, Type.Optional(v)])) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: ClassView },
    },
  }, async (req) => {
    const c = await updateClassTerms(req.db, { ruleSetId: req.params.ruleSet, classCode: req.params.code, terms: req.body, by: byOf(req), now: now(req) });
    await recordAudit(req, { action: 'number.class-terms', targetType: 'number-class', targetId: `${c.ruleSet}/${c.code}`, details: { ...c.terms } });
    return classView(c);
  });

  app.get('/numbers/rule-sets', {
    config: { access: OPERATOR },
    schema: {
      summary: 'The classification rule sets and which one is active',
      response: { 200: Type.Object({ active: Type.String(), ruleSets: Type.Array(Type.Object({ id: Type.String(), name: Type.Object({ zh: Type.String(), en: Type.String() }), source: Type.String() })) }) },
    },
  }, async (req) => ({
    active: (await getActiveRuleSet(req.db)).id,
    ruleSets: PRESET_RULE_SETS.map((r) => ({ id: r.id, name: r.name, source: r.source })),
  }));

  app.put('/numbers/rule-sets/active', {
    config: { access: OPERATOR },
    schema: {
      summary: 'Switch the active rule set and reclassify the pool',
      body: Type.Object({ ruleSetId: RuleSetId }, { additionalProperties: false }),
      response: { 200: Type.Object({ active: Type.String(), reclassified: Type.Integer() }) },
    },
  }, async (req) => {
    const { reclassified } = await setActiveRuleSet(req.db, { ruleSetId: req.body.ruleSetId, by: byOf(req), now: now(req) });
    await recordAudit(req, { action: 'number.rule-set', targetType: 'number-rule-set', targetId: req.body.ruleSetId, details: { reclassified } });
    return { active: req.body.ruleSetId, reclassified };
  });
};

const numberRoutes: RoutePlugin = async (app) => {
  await tenantRoutes(app, {});
  await operatorRoutes(app, {});
};

export default numberRoutes;
