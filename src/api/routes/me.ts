/**
 * /api/v1/me/… — what a signed-in person asks for themselves. The desk's softphone credentials:
 * the stored SIP password is only a hash, so the browser gets a short-lived digest name and
 * password for the user's own SIP account, accepted by the registrar over ws/wss only
 * (src/users/softphone-credentials.ts).
 */
import { findUserRowById } from '../../users/user-store.ts';
import { issueSoftphoneCredentials, softphoneSecret } from '../../users/softphone-credentials.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Timestamp, Type } from '../schema.ts';

/** People of a tenant, never an API key: a key is no one's phone. */
const SELF: RouteAccess = { roles: ['tenant_admin', 'supervisor', 'agent'], tenantScoped: true, apiKeyRight: false };

const SoftphoneCredentialsView = Type.Object(
  {
    sipUsername: Type.String({ description: 'The SIP user to register (the address-of-record’s user part)' }),
    authorizationUser: Type.String({ description: 'The digest user name to answer challenges with' }),
    password: Type.String({ description: 'The digest password; valid until `expiresAt`, over ws/wss only' }),
    realm: Type.String(),
    expiresAt: Timestamp,
  },
  { additionalProperties: false },
);

const routes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.post('/me/softphone-credentials', {
    config: { access: SELF },
    schema: {
      summary: 'Short-lived SIP credentials for your own SIP user, for the browser desk’s softphone',
      response: { 200: SoftphoneCredentialsView },
    },
  }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw new ApiError('FORBIDDEN');
    const row = await findUserRowById(req.db, p.userId);
    if (!row) throw new ApiError('SESSION_EXPIRED');
    if (row.sip_username === null || row.sip_ha1_md5 === null || row.sip_realm !== ctx.users.sipRealm) {
      throw new ApiError('CONFLICT', 'You have no SIP phone account on this platform; ask your administrator for one');
    }
    const c = issueSoftphoneCredentials(softphoneSecret(ctx.dataDir), row.sip_username, ctx.now());
    return { sipUsername: c.sipUsername, authorizationUser: c.authorizationUser, password: c.password, realm: ctx.users.sipRealm, expiresAt: c.expiresAt.toISOString() };
  });
};

export default routes;
