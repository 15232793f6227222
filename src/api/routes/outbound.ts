/**
 * /api/v1/tenants/:id/outbound: the operator's toll-fraud controls of one tenant — the countries
 * beyond China its calls may go out to, whether its calls may be transferred to outside numbers, and
 * lifting a suspension the fraud detector put on its outbound calls (docs/security.md).
 */
import type { FastifyRequest } from 'fastify';
import { normalizeCountryCode } from '../../fraud/destination-rules.ts';
import { getTenantOutbound, liftOutboundSuspension, setAllowedCountryCodes, setOutsideTransfers } from '../../fraud/outbound-store.ts';
import { getTenant } from '../../tenants/tenant-store.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, Timestamp, Type } from '../schema.ts';

const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false };

const OutboundView = Type.Object(
  {
    tenantId: Type.String(),
    allowedCountryCodes: Type.Array(Type.String(), { description: 'Country calling codes beyond +86 the tenant may call, e.g. ["852", "1"]' }),
    outsideTransfers: Type.Boolean({ description: "Whether the tenant's calls may be transferred to outside numbers (REFER, the desk's transfer, consult, three-way); false by default" }),
    suspended: Type.Union([Type.Object({ at: Timestamp, reason: Type.String() }, { additionalProperties: false }), Type.Null()]),
  },
  { additionalProperties: false },
);

async function existingTenant(req: FastifyRequest, id: string): Promise<string> {
  if (!(await getTenant(req.db, id))) throw new ApiError('NOT_FOUND', 'No such tenant');
  return id;
}

const outboundRoutes: RoutePlugin = async (app) => {
  app.get('/tenants/:id/outbound', {
    config: { access: OPERATOR },
    schema: { summary: 'Countries the tenant may call out to, and whether its outbound calls are suspended', params: IdParams, response: { 200: OutboundView } },
  }, async (req) => getTenantOutbound(req.db, await existingTenant(req, req.params.id)));

  app.put('/tenants/:id/outbound', {
    config: { access: OPERATOR },
    schema: {
      summary: 'Allow the tenant calls to these countries beyond China (premium and satellite ranges stay refused), and transfers to outside numbers or not',
      params: IdParams,
      body: Type.Object(
        {
          allowedCountryCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 4 }), { maxItems: 250 })),
          outsideTransfers: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      response: { 200: OutboundView },
    },
  }, async (req) => {
    const tenantId = await existingTenant(req, req.params.id);
    const { allowedCountryCodes, outsideTransfers } = req.body;
    if (allowedCountryCodes === undefined && outsideTransfers === undefined) throw new ApiError('VALIDATION_FAILED', 'Give allowedCountryCodes, outsideTransfers or both');
    // Every code checked before anything is written: a bad body changes nothing.
    const codes = allowedCountryCodes?.map((c) => {
      const code = normalizeCountryCode(c);
      if (code === undefined) throw new ApiError('VALIDATION_FAILED', `'${c}' is not a country calling code (1–3 digits, e.g. 852)`);
      return code;
    });
    const by = actorOf(req).name;
    const at = req.server.hotline.now();
    if (codes !== undefined) {
      await setAllowedCountryCodes(req.db, tenantId, codes.filter((c) => c !== '86'), by, at);
      await recordAudit(req, { action: 'tenant.outbound.countries', targetType: 'tenant', targetId: tenantId, details: { allowedCountryCodes: codes }, tenantId });
    }
    if (outsideTransfers !== undefined) {
      await setOutsideTransfers(req.db, tenantId, outsideTransfers, by, at);
      await recordAudit(req, { action: 'tenant.outbound.transfers', targetType: 'tenant', targetId: tenantId, details: { outsideTransfers }, tenantId });
    }
    return getTenantOutbound(req.db, tenantId);
  });

  app.post('/tenants/:id/outbound/lift-suspension', {
    config: { access: OPERATOR },
    schema: { summary: "Lift the suspension of the tenant's outbound calls", params: IdParams, response: { 200: OutboundView } },
  }, async (req) => {
    const tenantId = await existingTenant(req, req.params.id);
    if (!(await liftOutboundSuspension(req.db, tenantId, actorOf(req).name, req.server.hotline.now()))) throw new ApiError('CONFLICT', 'Outbound calls of this tenant are not suspended');
    await recordAudit(req, { action: 'tenant.outbound.lift-suspension', targetType: 'tenant', targetId: tenantId, details: null, tenantId });
    return getTenantOutbound(req.db, tenantId);
  });
};

export default outboundRoutes;
