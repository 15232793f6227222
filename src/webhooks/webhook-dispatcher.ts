/**
 * Turns bus events into webhook deliveries: each event a tenant's enabled endpoint asked for is
 * queued in the durable outbox (one row per endpoint and event, deduplicated by event id) and sent
 * by the outbox worker through WebhookSender. Runs as a bus subscriber: it never waits on the
 * database inside the bus, so a slow store delays webhooks, never calls. The endpoints are cached
 * and reloaded when the API changes them (`webhookEndpointsChanged`) and every 30 s.
 *
 * Durability: an event is as durable as its outbox row; events of the last moments before a crash,
 * not yet queued, are not delivered.
 */
import type { Kysely } from 'kysely';
import { Signal } from '../kernel/signal.ts';
import { enqueueOutboxMessage } from '../notify/outbox-store.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { EventEnvelope } from '../events/event-envelope.ts';
import { allEnabledWebhookEndpoints } from './webhook-store.ts';
import type { WebhookEndpoint } from './webhook-store.ts';

/** Announced by the API after an endpoint is added or removed. */
export const webhookEndpointsChanged = new Signal();

export interface WebhookDispatcherOptions {
  db: Kysely<object>;
  bus: EventBus;
  now(): number;
  log(line: string): void;
  reloadMs?: number;
}

export class WebhookDispatcher {
  private byTenant = new Map<string, WebhookEndpoint[]>();
  private readonly stops: (() => void)[] = [];
  private loading: Promise<void> = Promise.resolve();

  constructor(private readonly opts: WebhookDispatcherOptions) {}

  async start(): Promise<void> {
    await this.reload();
    this.stops.push(webhookEndpointsChanged.subscribe(() => void this.reload()));
    const timer = setInterval(() => void this.reload(), this.opts.reloadMs ?? 30_000).unref();
    this.stops.push(() => clearInterval(timer));
    this.stops.push(this.opts.bus.subscribe('webhooks', (e) => this.dispatch(e)));
  }

  stop(): void {
    for (const s of this.stops.splice(0)) s();
  }

  /** Resolves when the last reload is done (tests). */
  loaded(): Promise<void> {
    return this.loading;
  }

  private reload(): Promise<void> {
    this.loading = allEnabledWebhookEndpoints(this.opts.db).then(
      (all) => {
        const byTenant = new Map<string, WebhookEndpoint[]>();
        for (const e of all) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
        this.byTenant = byTenant;
      },
      (err: unknown) => this.opts.log(`webhook endpoints not reloaded: ${(err as Error).message}`),
    );
    return this.loading;
  }

  private dispatch(e: EventEnvelope): void {
    const endpoints = this.byTenant.get(e.tenant);
    if (!endpoints) return;
    let body: string | undefined;
    for (const endpoint of endpoints) {
      if (!endpoint.eventTypes.includes(e.type)) continue;
      body ??= JSON.stringify(e);
      enqueueOutboxMessage(this.opts.db, { tenantId: e.tenant, channel: 'webhook', recipient: endpoint.id, template: e.type, body, dedupeKey: `webhook:${endpoint.id}:${e.id}` }, new Date(this.opts.now())).catch((err: unknown) =>
        this.opts.log(`webhook ${e.type} ${e.id} for endpoint ${endpoint.id} not queued: ${(err as Error).message}`),
      );
    }
  }
}
