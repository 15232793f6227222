/**
 * Wires the fraud detector (src/fraud) into call control as its `TenantCallGuard`: hard caps refuse
 * with `over_cap`; a warning level alerts the tenant's contact and is logged; a critical level also
 * suspends the tenant's outbound calls in the store, which the router reads for the next call.
 */
import type { Kysely } from 'kysely';
import type { TenantCallGuard } from '../calls/ports.ts';
import type { TenantOutboundSettings } from '../config/settings.ts';
import { FraudDetector } from '../fraud/fraud-detector.ts';
import type { FraudEvent } from '../fraud/fraud-detector.ts';
import { suspendOutbound } from '../fraud/outbound-store.ts';
import { enqueueTenantAlert } from '../notify/tenant-alert.ts';

export interface TenantCallGuardOptions {
  limits: TenantOutboundSettings;
  now: () => Date;
  log: (line: string) => void;
}

export function tenantCallGuard(db: Kysely<object>, opts: TenantCallGuardOptions): TenantCallGuard & { readonly detector: FraudDetector } {
  const onEvent = (e: FraudEvent) => {
    // One line per event, for the operator's log watcher (docs/security.md).
    opts.log(`${opts.now().toISOString()} outbound fraud ${e.level}: tenant="${e.tenantId}" metric=${e.metric} value=${e.value} threshold=${e.threshold}${e.level === 'critical' ? ' action=suspend' : ''}`);
    const params = { metric: e.metric, value: String(e.value), threshold: String(e.threshold) };
    const hour = opts.now().toISOString().slice(0, 13);
    void (async () => {
      if (e.level === 'critical') await suspendOutbound(db, e.tenantId, `${e.metric} reached ${e.value} (critical ${e.threshold})`, 'fraud-detector', opts.now());
      await enqueueTenantAlert(db, { tenantId: e.tenantId, template: e.level === 'critical' ? 'outbound_suspended' : 'outbound_fraud_warning', params, dedupeKey: `fraud:${e.level}:${e.metric}:${hour}` }, opts.now());
    })().catch((err: unknown) => opts.log(`outbound fraud ${e.level} handling failed: ${(err as Error).message}`));
  };
  const detector = new FraudDetector({ limits: opts.limits, now: () => opts.now().getTime(), onEvent });
  return {
    detector,
    refusal: (tenantId) => {
      const over = detector.refusal(tenantId);
      if (over) opts.log(`${opts.now().toISOString()} tenant call refused: tenant="${tenantId}" reason="${over.reason}"`);
      return over ? { ...over, outcome: 'over_cap' } : undefined;
    },
    started: (tenantId, callId, decision) => {
      const pstn = [...decision.targets, ...(decision.forwarding?.onBusy ?? []), ...(decision.forwarding?.onNoAnswer ?? [])].find((t) => t.kind === 'pstn');
      detector.started(tenantId, callId, pstn?.kind === 'pstn' ? pstn.number : '');
    },
    ended: (callId) => detector.ended(callId),
  };
}
