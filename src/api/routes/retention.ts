/**
 * /api/v1/retention: how long the tenant's recordings and voicemails are kept (P4; 3 months unless
 * changed). The daily retention job deletes older ones, each deletion in the audit log.
 */
import { DEFAULT_RETENTION_MONTHS, MAX_RETENTION_MONTHS, getRetention, setRetention } from '../../recordings/retention.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Type } from '../schema.ts';

const STAFF: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };
const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };

const RetentionView = Type.Object(
  {
    months: Type.Integer({ minimum: 1, maximum: MAX_RETENTION_MONTHS, description: 'calendar months a recording or voicemail is kept after the call' }),
    isDefault: Type.Boolean({ description: `true while the tenant has not chosen (the platform default, ${DEFAULT_RETENTION_MONTHS} months)` }),
  },
  { additionalProperties: false },
);

const retentionRoutes: RoutePlugin = async (app) => {
  app.get('/retention', {
    config: { access: STAFF },
    schema: { summary: 'How long recordings and voicemails are kept', response: { 200: RetentionView } },
  }, async (req) => getRetention(req.db, tenantIdOf(req)));

  app.put('/retention', {
    config: { access: ADMIN },
    schema: {
      summary: 'Change how long recordings and voicemails are kept (older ones are deleted by the daily job)',
      body: Type.Object({ months: Type.Integer({ minimum: 1, maximum: MAX_RETENTION_MONTHS }) }, { additionalProperties: false }),
      response: { 200: RetentionView },
    },
  }, async (req) => {
    const before = await getRetention(req.db, tenantIdOf(req));
    const after = await setRetention(req.db, tenantIdOf(req), req.body.months, actorOf(req).name, app.hotline.now());
    await recordAudit(req, { action: 'retention.update', targetType: 'retention', details: { months: after.months, previousMonths: before.months } });
    return after;
  });
};

export default retentionRoutes;
