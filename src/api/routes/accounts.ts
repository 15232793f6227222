/**
 * Prepaid accounts. /api/v1/account: a tenant admin's own balance, monthly statement and P3 daily
 * totals (the tenant from the session, days and months in the tenant's zone). /api/v1/accounts/:id:
 * the operator's view of any tenant, plus top-ups and adjustments (ledger entries, never edits).
 */
import type { FastifyRequest } from 'fastify';
import { dailyTotals } from '../../billing/daily-totals.ts';
import type { DailyTotals } from '../../billing/daily-totals.ts';
import type { LedgerEntry } from '../../billing/ledger-entry.ts';
import { adjustBalance, getBalance, topUp } from '../../billing/ledger-store.ts';
import { monthlyStatement } from '../../billing/monthly-statement.ts';
import type { MonthlyStatement } from '../../billing/monthly-statement.ts';
import { getTenantRatePlan } from '../../billing/rate-plan-store.ts';
import { getTenant } from '../../tenants/tenant-store.ts';
import type { Tenant } from '../../tenants/tenant.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, IdParams, Timestamp, Type } from '../schema.ts';

const OWN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false };

/** 1 000 000 000 CNY: bounds a single posting far below 2^53 li. */
const MAX_POSTING_LI = 1_000_000_000_000;
const Li = (description: string) => Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, description });
const Kind = Type.Union([
  Type.Literal('top_up'),
  Type.Literal('call_charge'),
  Type.Literal('monthly_fee'),
  Type.Literal('minimum_spend_true_up'),
  Type.Literal('adjustment'),
]);

const EntryView = Type.Object(
  {
    id: Id,
    kind: Kind,
    amountLi: Li('Signed: positive credits the account'),
    reference: Type.String(),
    note: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    createdBy: Type.String(),
  },
  { additionalProperties: false },
);

const AccountView = Type.Object(
  {
    tenantId: Id,
    balanceLi: Li('Sum of every ledger entry'),
    timeZone: Type.String(),
    ratePlan: Type.Union([
      Type.Object({ id: Id, name: Type.String(), billingUnitSeconds: Type.Integer(), rates: Type.Record(Type.String(), Type.Integer()), monthlyFeeLi: Type.Integer() }, { additionalProperties: false }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

const StatementView = Type.Object(
  {
    month: Type.String(),
    timeZone: Type.String(),
    from: Timestamp,
    to: Timestamp,
    openingBalanceLi: Li('Balance at the start of the month'),
    entries: Type.Array(EntryView),
    totalsLi: Type.Record(Type.String(), Type.Integer(), { description: 'Sum per entry kind' }),
    closingBalanceLi: Li('Opening balance plus the month’s entries'),
  },
  { additionalProperties: false },
);

const DailyTotalsView = Type.Object(
  {
    year: Type.Integer(),
    timeZone: Type.String(),
    days: Type.Array(Type.Object({ date: Type.String(), spendLi: Type.Integer(), topUpLi: Type.Integer() }, { additionalProperties: false })),
    spendLi: Type.Integer(),
    topUpLi: Type.Integer(),
  },
  { additionalProperties: false },
);

const MonthQuery = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: 'YYYY-MM in the tenant’s zone' }) }, { additionalProperties: false });
const YearQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2200 }) }, { additionalProperties: false });

const TopUpBody = Type.Object(
  {
    amountLi: Type.Integer({ minimum: 1, maximum: MAX_POSTING_LI }),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The payment’s own id: repeating it books nothing new' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const AdjustmentBody = Type.Object(
  {
    amountLi: Type.Integer({ minimum: -MAX_POSTING_LI, maximum: MAX_POSTING_LI, not: { const: 0 } }),
    note: Type.String({ minLength: 1, maxLength: 500, description: 'Why' }),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
const PostingView = Type.Object({ entry: EntryView, created: Type.Boolean(), balanceLi: Li('Balance after the posting') }, { additionalProperties: false });

function byOf(req: FastifyRequest): string {
  const actor = actorOf(req);
  return actor.id ?? actor.name;
}

async function tenantOr404(req: FastifyRequest, id: string): Promise<Tenant> {
  const tenant = await getTenant(req.db, id);
  if (!tenant) throw new ApiError('NOT_FOUND', 'No such tenant');
  return tenant;
}

async function account(req: FastifyRequest, tenant: Tenant) {
  const plan = await getTenantRatePlan(req.db, tenant.id);
  return {
    tenantId: tenant.id,
    balanceLi: await getBalance(req.db, tenant.id),
    timeZone: tenant.timeZone,
    ratePlan: plan ? { id: plan.id, name: plan.name, billingUnitSeconds: plan.billingUnitSeconds, rates: plan.rates, monthlyFeeLi: plan.monthlyFeeLi } : null,
  };
}

function statementView(s: MonthlyStatement) {
  return { ...s, entries: [...s.entries], totalsLi: { ...s.totalsLi } };
}

function totalsView(t: DailyTotals) {
  return { ...t, days: [...t.days] };
}

function auditPosting(entry: LedgerEntry): Record<string, unknown> {
  return { kind: entry.kind, amountLi: entry.amountLi, reference: entry.reference, note: entry.note };
}

const accountRoutes: RoutePlugin = async (app) => {
  const now = () => app.hotline.now();

  app.get('/account', {
    config: { access: OWN },
    schema: { summary: 'Your prepaid balance and rate plan', response: { 200: AccountView } },
  }, async (req) => account(req, await tenantOr404(req, tenantIdOf(req))));

  app.get('/account/statement', {
    config: { access: OWN },
    schema: { summary: 'Your statement for one month', querystring: MonthQuery, response: { 200: StatementView } },
  }, async (req) => {
    const tenant = await tenantOr404(req, tenantIdOf(req));
    return statementView(await monthlyStatement(req.db, tenant.id, req.query.month, tenant.timeZone));
  });

  app.get('/account/daily-totals', {
    config: { access: OWN },
    schema: { summary: 'Your spending and top-ups per day of a year (P3)', querystring: YearQuery, response: { 200: DailyTotalsView } },
  }, async (req) => {
    const tenant = await tenantOr404(req, tenantIdOf(req));
    return totalsView(await dailyTotals(req.db, tenant.id, req.query.year, tenant.timeZone));
  });

  app.get('/accounts/:id', {
    config: { access: OPERATOR },
    schema: { summary: 'An enterprise’s balance and rate plan', params: IdParams, response: { 200: AccountView } },
  }, async (req) => account(req, await tenantOr404(req, req.params.id)));

  app.get('/accounts/:id/statement', {
    config: { access: OPERATOR },
    schema: { summary: 'An enterprise’s statement for one month', params: IdParams, querystring: MonthQuery, response: { 200: StatementView } },
  }, async (req) => {
    const tenant = await tenantOr404(req, req.params.id);
    return statementView(await monthlyStatement(req.db, tenant.id, req.query.month, tenant.timeZone));
  });

  app.get('/accounts/:id/daily-totals', {
    config: { access: OPERATOR },
    schema: { summary: 'An enterprise’s spending per day of a year', params: IdParams, querystring: YearQuery, response: { 200: DailyTotalsView } },
  }, async (req) => {
    const tenant = await tenantOr404(req, req.params.id);
    return totalsView(await dailyTotals(req.db, tenant.id, req.query.year, tenant.timeZone));
  });

  app.post('/accounts/:id/top-ups', {
    config: { access: OPERATOR },
    schema: { summary: 'Credit a payment to an enterprise', params: IdParams, body: TopUpBody, response: { 201: PostingView } },
  }, async (req, reply) => {
    const tenant = await tenantOr404(req, req.params.id);
    const { amountLi, reference, note } = req.body;
    const { entry, created } = await topUp(req.db, tenant.id, amountLi, { ...(reference ? { reference } : {}), note: note ?? null }, byOf(req), now());
    if (created) await recordAudit(req, { tenantId: tenant.id, action: 'account.top-up', targetType: 'account', targetId: tenant.id, details: auditPosting(entry) });
    return reply.code(201).send({ entry, created, balanceLi: await getBalance(req.db, tenant.id) });
  });

  app.post('/accounts/:id/adjustments', {
    config: { access: OPERATOR },
    schema: { summary: 'Correct an enterprise’s balance (either sign), saying why', params: IdParams, body: AdjustmentBody, response: { 201: PostingView } },
  }, async (req, reply) => {
    const tenant = await tenantOr404(req, req.params.id);
    const { amountLi, note, reference } = req.body;
    const { entry, created } = await adjustBalance(req.db, tenant.id, amountLi, note, byOf(req), now(), reference);
    if (created) await recordAudit(req, { tenantId: tenant.id, action: 'account.adjust', targetType: 'account', targetId: tenant.id, details: auditPosting(entry) });
    return reply.code(201).send({ entry, created, balanceLi: await getBalance(req.db, tenant.id) });
  });
};

export default accountRoutes;
