/**
 * /api/v1/trunks: the operator's carrier SIP trunks. Registration passwords are write-only: the
 * API shows `hasPassword`, and an update that leaves the password out keeps the stored one.
 * Each committed change is announced so the in-memory trunk directory reloads at once.
 */
import { trunkChanges } from '../../trunks/trunk-changes.ts';
import { MAX_CONCURRENT_CALLS, MAX_TRUNK_ADDRESSES, TRUNK_NAME_PATTERN } from '../../trunks/trunk-input.ts';
import { createTrunk, deleteTrunk, getTrunk, listTrunks, updateTrunk } from '../../trunks/trunk-store.ts';
import type { Trunk, TrunkInput } from '../../trunks/trunk.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { actorOf, recordAudit } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, IdParams, NoContent, Timestamp, Type } from '../schema.ts';
import type { Static } from '../schema.ts';

const OPERATOR: RouteAccess = { roles: ['operator_admin'], tenantScoped: false };

const Transport = Type.Union([Type.Literal('udp'), Type.Literal('tcp')]);
const Proxy = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 255, description: 'Host name or IP address of the carrier SBC' }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    transport: Transport,
  },
  { additionalProperties: false },
);
const Addresses = Type.Array(Type.String({ minLength: 1, maxLength: 64, description: 'IPv4/IPv6 address or CIDR prefix' }), { maxItems: MAX_TRUNK_ADDRESSES });
const Cap = Type.Union([Type.Integer({ minimum: 1, maximum: MAX_CONCURRENT_CALLS }), Type.Null()], { description: 'Simultaneous calls; null: no cap' });

const RegistrationIn = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 128 }),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Omit on update to keep the stored one' })),
    realm: Type.Optional(Type.Union([Type.String({ maxLength: 253 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const TrunkBody = Type.Object(
  {
    name: Type.String({ pattern: TRUNK_NAME_PATTERN, maxLength: 64 }),
    addresses: Addresses,
    proxy: Proxy,
    registration: Type.Optional(Type.Union([RegistrationIn, Type.Null()])),
    maxConcurrentCalls: Type.Optional(Cap),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
type TrunkBody = Static<typeof TrunkBody>;

const TrunkView = Type.Object(
  {
    id: Id,
    name: Type.String(),
    addresses: Type.Array(Type.String()),
    proxy: Proxy,
    registration: Type.Union([
      Type.Object({ username: Type.String(), realm: Type.Union([Type.String(), Type.Null()]), hasPassword: Type.Boolean() }, { additionalProperties: false }),
      Type.Null(),
    ]),
    maxConcurrentCalls: Cap,
    enabled: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);

function view(t: Trunk): Static<typeof TrunkView> {
  return {
    id: t.id,
    name: t.name,
    addresses: [...t.addresses],
    proxy: t.proxy,
    registration: t.registration && { username: t.registration.username, realm: t.registration.realm, hasPassword: t.registration.password !== '' },
    maxConcurrentCalls: t.maxConcurrentCalls,
    enabled: t.enabled,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** The domain input from a body; a registration without password takes `current`'s password. */
function toInput(body: TrunkBody, current?: Trunk): TrunkInput {
  const reg = body.registration;
  let registration: TrunkInput['registration'] = null;
  if (reg) {
    const password = reg.password ?? current?.registration?.password;
    if (password === undefined) throw new ApiError('UNPROCESSABLE', 'A new registration needs a password');
    registration = { username: reg.username, password, realm: reg.realm ?? null };
  }
  return {
    name: body.name,
    addresses: body.addresses,
    proxy: body.proxy,
    registration,
    maxConcurrentCalls: body.maxConcurrentCalls ?? null,
    enabled: body.enabled ?? true,
  };
}

/** Who a domain write is recorded as: the user or key id. */
function byOf(req: Parameters<typeof actorOf>[0]): string {
  const actor = actorOf(req);
  return actor.id ?? actor.name;
}

/** Audit details: what the trunk now is, without secrets. */
function auditDetails(t: Trunk): Record<string, unknown> {
  return { name: t.name, addresses: t.addresses, proxy: t.proxy, registered: t.registration !== null, maxConcurrentCalls: t.maxConcurrentCalls, enabled: t.enabled };
}

const trunkRoutes: RoutePlugin = async (app) => {
  // The request's transaction has committed once the response goes out: now the directory may reload.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 300 && req.routeOptions.url?.startsWith('/api/v1/trunks')) {
      trunkChanges.announce();
    }
  });

  app.get('/trunks', {
    config: { access: OPERATOR },
    schema: { summary: 'Carrier SIP trunks', response: { 200: Type.Array(TrunkView) } },
  }, async (req) => (await listTrunks(req.db)).map(view));

  app.get('/trunks/:id', {
    config: { access: OPERATOR },
    schema: { summary: 'One trunk', params: IdParams, response: { 200: TrunkView } },
  }, async (req) => {
    const trunk = await getTrunk(req.db, req.params.id);
    if (!trunk) throw new ApiError('NOT_FOUND', 'No such trunk');
    return view(trunk);
  });

  app.post('/trunks', {
    config: { access: OPERATOR },
    schema: { summary: 'Add a trunk', body: TrunkBody, response: { 201: TrunkView } },
  }, async (req, reply) => {
    const trunk = await createTrunk(req.db, toInput(req.body), byOf(req), req.server.hotline.now());
    await recordAudit(req, { tenantId: null, action: 'trunk.create', targetType: 'trunk', targetId: trunk.id, details: auditDetails(trunk) });
    return reply.code(201).send(view(trunk));
  });

  app.put('/trunks/:id', {
    config: { access: OPERATOR },
    schema: { summary: 'Replace a trunk’s settings', params: IdParams, body: TrunkBody, response: { 200: TrunkView } },
  }, async (req) => {
    const current = await getTrunk(req.db, req.params.id);
    if (!current) throw new ApiError('NOT_FOUND', 'No such trunk');
    const trunk = await updateTrunk(req.db, current.id, toInput(req.body, current), byOf(req), req.server.hotline.now());
    await recordAudit(req, { tenantId: null, action: 'trunk.update', targetType: 'trunk', targetId: trunk.id, details: auditDetails(trunk) });
    return view(trunk);
  });

  app.delete('/trunks/:id', {
    config: { access: OPERATOR },
    schema: { summary: 'Remove a trunk', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    const trunk = await getTrunk(req.db, req.params.id);
    if (!trunk) throw new ApiError('NOT_FOUND', 'No such trunk');
    await deleteTrunk(req.db, trunk.id, byOf(req));
    await recordAudit(req, { tenantId: null, action: 'trunk.delete', targetType: 'trunk', targetId: trunk.id, details: { name: trunk.name } });
    return reply.code(204).send(null);
  });
};

export default trunkRoutes;
