/**
 * /api/v1/notifications: the tenant's missed-call alert recipients per 400 number (R11) and a view
 * of its notification outbox (what was sent, what waits, what failed and why). The tenant always
 * comes from the session or key; another tenant's number answers 404.
 */
import { getMissedCallRecipients, listMissedCallRecipients, MAX_RECIPIENTS, setMissedCallRecipients } from '../../notify/missed-call-recipients.ts';
import type { MissedCallRecipients } from '../../notify/missed-call-recipients.ts';
import { NotificationError } from '../../notify/notification.ts';
import type { OutboxEntry } from '../../notify/notification.ts';
import { listOutbox } from '../../notify/outbox-store.ts';
import { getNumber } from '../../numbers/number-inventory.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../rbac/route-access.ts';
import { recordAudit, tenantIdOf } from '../route-helpers.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { Id, Limit, Timestamp, Type } from '../schema.ts';
import type { Static } from '../schema.ts';

const READERS: RouteAccess = { roles: ['tenant_admin', 'supervisor'], tenantScoped: true };
const ADMIN: RouteAccess = { roles: ['tenant_admin'], tenantScoped: true };

const NumberText = Type.String({ minLength: 10, maxLength: 24, pattern: '^[0-9+ ()-]+$', description: 'A 400 number in any usual spelling' });
const NumberParams = Type.Object({ number: NumberText }, { additionalProperties: false });

const RecipientsView = Type.Object(
  {
    number: Type.String({ description: 'Canonical 10 digits' }),
    mobiles: Type.Array(Type.String(), { description: 'E.164 mobiles that get the SMS' }),
    emails: Type.Array(Type.String(), { description: 'Addresses that get the e-mail' }),
  },
  { additionalProperties: false },
);

const RecipientsBody = Type.Object(
  {
    mobiles: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: MAX_RECIPIENTS, description: 'Mobile numbers (national or E.164)' }),
    emails: Type.Array(Type.String({ minLength: 3, maxLength: 254 }), { maxItems: MAX_RECIPIENTS }),
  },
  { additionalProperties: false },
);

const State = Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const OutboxView = Type.Object(
  {
    id: Id,
    channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
    recipient: Type.String(),
    template: Type.String(),
    subject: Nullable(Type.String()),
    body: Type.String(),
    state: State,
    attempts: Type.Integer(),
    nextAttemptAt: Timestamp,
    lastError: Nullable(Type.String()),
    createdAt: Timestamp,
    sentAt: Nullable(Timestamp),
  },
  { additionalProperties: false },
);

const OutboxQuery = Type.Object({ state: Type.Optional(State), limit: Type.Optional(Limit) }, { additionalProperties: false });

function recipientsView(r: MissedCallRecipients): Static<typeof RecipientsView> {
  return { number: r.number, mobiles: r.mobiles, emails: r.emails };
}

function outboxView(e: OutboxEntry): Static<typeof OutboxView> {
  return {
    id: e.id,
    channel: e.channel,
    recipient: e.recipient,
    template: e.template,
    subject: e.subject,
    body: e.body,
    state: e.state,
    attempts: e.attempts,
    nextAttemptAt: e.nextAttemptAt,
    lastError: e.lastError,
    createdAt: e.createdAt,
    sentAt: e.sentAt,
  };
}

const notificationRoutes: RoutePlugin = async (app) => {
  app.get('/notifications/missed-call-recipients', {
    config: { access: READERS },
    schema: { summary: 'Missed-call alert recipients of every number of the tenant', response: { 200: Type.Array(RecipientsView) } },
  }, async (req) => (await listMissedCallRecipients(req.db, tenantIdOf(req))).map(recipientsView));

  app.get('/notifications/missed-call-recipients/:number', {
    config: { access: READERS },
    schema: { summary: 'Missed-call alert recipients of one number', params: NumberParams, response: { 200: RecipientsView } },
  }, async (req) => {
    const tenantId = tenantIdOf(req);
    const record = await getNumber(req.db, req.params.number);
    if (!record || record.tenantId !== tenantId) throw new ApiError('NOT_FOUND', 'No such number in your tenant');
    return recipientsView(await getMissedCallRecipients(req.db, tenantId, record.number));
  });

  app.put('/notifications/missed-call-recipients/:number', {
    config: { access: ADMIN },
    schema: { summary: 'Replace the missed-call alert recipients of one number', params: NumberParams, body: RecipientsBody, response: { 200: RecipientsView } },
  }, async (req) => {
    let saved: MissedCallRecipients;
    try {
      saved = await setMissedCallRecipients(req.db, tenantIdOf(req), req.params.number, req.body, req.server.hotline.now());
    } catch (err) {
      if (err instanceof NotificationError && err.code === 'NOTIFY_NOT_YOUR_NUMBER') throw new ApiError('NOT_FOUND', 'No such number in your tenant');
      if (err instanceof NotificationError) throw new ApiError('UNPROCESSABLE', err.message, { reason: err.code });
      throw err;
    }
    await recordAudit(req, { action: 'notification.recipients.set', targetType: 'number', targetId: saved.number, details: { mobiles: saved.mobiles.length, emails: saved.emails.length } });
    return recipientsView(saved);
  });

  app.get('/notifications/outbox', {
    config: { access: READERS },
    schema: { summary: 'The tenant’s notifications, newest first', querystring: OutboxQuery, response: { 200: Type.Array(OutboxView) } },
  }, async (req) => (await listOutbox(req.db, tenantIdOf(req), { ...(req.query.state ? { state: req.query.state } : {}), limit: req.query.limit ?? 100 })).map(outboxView));
};

export default notificationRoutes;
