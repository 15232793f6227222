/**
 * /api/v1/webhooks (C24): a tenant admin registers HTTPS endpoints and the event types each gets;
 * the signing secret is in the creation response only. Deliveries go through the durable outbox
 * (src/webhooks) and are listed per endpoint with their state; the endpoint keeps its last status.
 * An endpoint may be disabled and enabled again, and its secret rotated (the old one signs beside
 * the new one during a grace window).
 * API keys need `webhooks:read` / `webhooks:write`.
 */
import { PLATFORM_EVENT_TYPES } from '../../events/event-envelope.ts';
import { listOutboxByRecipient } from '../../notify/outbox-store.ts';
import { webhookEndpointsChanged } from '../../webhooks/webhook-dispatcher.ts';
import { createWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, listWebhookEndpoints, rotateWebhookSecret, setWebhookEnabled } from '../../webhooks/webhook-store.ts';
import type { WebhookEndpoint } from '../../webhooks/webhook-store.ts';
import { checkWebhookUrl, WebhookTargetError } from '../../webhooks/webhook-target.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { principalOf, recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { IdParams, NoContent, Timestamp, Type } from '../schema.ts';

const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };
/** How long the secret a rotation replaced still signs, unless asked otherwise: a day to roll the receivers over. */
const DEFAULT_GRACE_SECONDS = 86_400;

const EventType = Type.String({ maxLength: 40, pattern: `^(${PLATFORM_EVENT_TYPES.map((t) => t.replace('.', '\\.')).join('|')})$`, description: 'An event type: a call’s or the ACD’s (docs/events.md)' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const EndpointView = Type.Object(
  {
    id: Type.String({ maxLength: 64 }),
    url: Type.String({ maxLength: 2000 }),
    description: Type.String({ maxLength: 200 }),
    events: Type.Array(EventType),
    enabled: Type.Boolean(),
    createdAt: Timestamp,
    lastAttemptAt: Nullable(Timestamp),
    lastStatus: Nullable(Type.Integer({ description: 'HTTP status of the last delivery attempt; null when it got no answer' })),
    lastError: Nullable(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const DeliveryView = Type.Object(
  {
    id: Type.String({ maxLength: 64 }),
    eventType: Type.String({ maxLength: 40 }),
    eventId: Type.String({ maxLength: 64 }),
    state: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
    attempts: Type.Integer(),
    nextAttemptAt: Timestamp,
    result: Nullable(Type.String({ maxLength: 200, description: 'HTTP status of the accepted attempt' })),
    lastError: Nullable(Type.String({ maxLength: 500 })),
    createdAt: Timestamp,
    sentAt: Nullable(Timestamp),
  },
  { additionalProperties: false },
);

function endpointView(e: WebhookEndpoint) {
  return { id: e.id, url: e.url, description: e.description, events: e.eventTypes, enabled: e.enabled, createdAt: e.createdAt, lastAttemptAt: e.lastAttemptAt, lastStatus: e.lastStatus, lastError: e.lastError };
}

const webhookRoutes: RoutePlugin = async (app) => {
  const ctx = app.hotline;

  app.get('/webhooks', {
    config: { access: ADMIN },
    schema: { summary: "Your tenant's webhook endpoints and each one's last delivery status (never the secrets)", response: { 200: Type.Object({ endpoints: Type.Array(EndpointView) }, { additionalProperties: false }) } },
  }, async (req) => ({ endpoints: (await listWebhookEndpoints(req.db, tenantIdOf(req))).map(endpointView) }));

  app.post('/webhooks', {
    config: { access: ADMIN },
    // Reloaded by the dispatcher once the row is committed.
    onResponse: async () => webhookEndpointsChanged.announce(),
    schema: {
      summary: 'Register an endpoint; the signing secret is in this response only (docs/events.md, Webhooks)',
      body: Type.Object(
        {
          url: Type.String({ minLength: 8, maxLength: 2000, description: 'https:// to a public address (http:// and private addresses only where the operator allows)' }),
          events: Type.Array(EventType, { minItems: 1, maxItems: PLATFORM_EVENT_TYPES.length, uniqueItems: true }),
          description: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Intersect([EndpointView, Type.Object({ secret: Type.String({ description: 'whsec_…: the HMAC-SHA256 key; store it now, it is never shown again' }) })]) },
    },
  }, async (req, reply) => {
    let url: string;
    try {
      url = checkWebhookUrl(req.body.url, ctx.webhookPrivateTargets);
    } catch (err) {
      if (err instanceof WebhookTargetError) throw new ApiError('UNPROCESSABLE', `url: ${err.message}`);
      throw err;
    }
    const p = principalOf(req);
    const { endpoint, secret } = await createWebhookEndpoint(req.db, { tenantId: tenantIdOf(req), url, description: req.body.description ?? '', eventTypes: req.body.events, createdBy: p.kind === 'user' ? p.userId : null }, ctx.now());
    await recordAudit(req, { action: 'webhook.create', targetType: 'webhook', targetId: endpoint.id, details: { url, events: req.body.events } });
    return reply.code(201).send({ ...endpointView(endpoint), secret });
  });

  app.patch('/webhooks/:id', {
    config: { access: ADMIN },
    onResponse: async () => webhookEndpointsChanged.announce(),
    schema: {
      summary: 'Disable an endpoint (no new deliveries are queued for it; those already queued fail) or enable it again',
      params: IdParams,
      body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: EndpointView },
    },
  }, async (req) => {
    const endpoint = await setWebhookEnabled(req.db, tenantIdOf(req), req.params.id, req.body.enabled);
    if (!endpoint) throw new ApiError('NOT_FOUND', 'No such webhook endpoint');
    await recordAudit(req, { action: req.body.enabled ? 'webhook.enable' : 'webhook.disable', targetType: 'webhook', targetId: endpoint.id, details: null });
    return endpointView(endpoint);
  });

  app.post('/webhooks/:id/rotate-secret', {
    config: { access: ADMIN },
    schema: {
      summary: 'A new signing secret, in this response only; the old one keeps signing beside it for graceSeconds (default 24 h, 0: it stops at once)',
      params: IdParams,
      body: Type.Object({ graceSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400, description: 'How long deliveries still carry a signature made with the old secret' })) }, { additionalProperties: false }),
      response: {
        200: Type.Object(
          {
            secret: Type.String({ description: 'whsec_…: the new HMAC-SHA256 key; store it now, it is never shown again' }),
            previousSecretExpiresAt: Nullable(Timestamp),
          },
          { additionalProperties: false },
        ),
      },
    },
  }, async (req) => {
    const rotated = await rotateWebhookSecret(req.db, tenantIdOf(req), req.params.id, req.body.graceSeconds ?? DEFAULT_GRACE_SECONDS, ctx.now());
    if (!rotated) throw new ApiError('NOT_FOUND', 'No such webhook endpoint');
    await recordAudit(req, { action: 'webhook.rotate_secret', targetType: 'webhook', targetId: req.params.id, details: { previousSecretExpiresAt: rotated.previousSecretExpiresAt } });
    return rotated;
  });

  app.delete('/webhooks/:id', {
    config: { access: ADMIN },
    onResponse: async () => webhookEndpointsChanged.announce(),
    schema: { summary: 'Remove an endpoint; its queued deliveries fail', params: IdParams, response: { 204: NoContent } },
  }, async (req, reply) => {
    if (!(await deleteWebhookEndpoint(req.db, tenantIdOf(req), req.params.id))) throw new ApiError('NOT_FOUND', 'No such webhook endpoint');
    await recordAudit(req, { action: 'webhook.delete', targetType: 'webhook', targetId: req.params.id, details: null });
    return reply.code(204).send(null);
  });

  app.get('/webhooks/:id/deliveries', {
    config: { access: ADMIN },
    schema: { summary: "An endpoint's deliveries, newest first (the last 100)", params: IdParams, response: { 200: Type.Object({ deliveries: Type.Array(DeliveryView) }, { additionalProperties: false }) } },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    if (!(await getWebhookEndpoint(req.db, tenantId, req.params.id))) throw new ApiError('NOT_FOUND', 'No such webhook endpoint');
    const rows = await listOutboxByRecipient(req.db, tenantId, req.params.id);
    return {
      deliveries: rows.map((r) => ({
        id: r.id,
        eventType: r.template,
        eventId: (JSON.parse(r.body) as { id?: string }).id ?? '',
        state: r.state,
        attempts: r.attempts,
        nextAttemptAt: r.nextAttemptAt,
        result: r.providerRef,
        lastError: r.lastError,
        createdAt: r.createdAt,
        sentAt: r.sentAt,
      })),
    };
  });
};

export default webhookRoutes;
