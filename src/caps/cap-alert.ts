/** The 80 % / 100 % cap alerts (R8), and the default sink: the tenant contact, through the notify outbox. */
import type { Kysely } from 'kysely';
import type { TemplateParams } from '../notify/notification.ts';
import { enqueueTenantAlert } from '../notify/tenant-alert.ts';
import type { CapThreshold } from './cap-thresholds.ts';
import type { CapKind } from './number-caps.ts';

export interface CapAlert {
  tenantId: string;
  number400: string;
  kind: CapKind;
  threshold: CapThreshold;
  /** Usage when the threshold was reached: calls, or li for spend. */
  used: number;
  limit: number;
  /** `YYYY-MM` in the tenant's zone. */
  monthKey: string;
}

export interface CapAlertSink {
  raise(alert: CapAlert): Promise<void>;
}

/** Once per number, kind, threshold and month, across restarts too (the outbox refuses a used key). */
export function capAlertKey(a: Pick<CapAlert, 'number400' | 'kind' | 'threshold' | 'monthKey'>): string {
  return `cap${a.threshold}:${a.number400}:${a.kind}:${a.monthKey}`;
}

/** SMS / e-mail to the tenant's contact (`cap_warning` at 80 %, `cap_reached` at 100 %). */
export function tenantCapAlerts(db: Kysely<object>, now: () => Date): CapAlertSink {
  return {
    raise: async (a) => {
      const params: TemplateParams = a.threshold === 100
        ? { number400: a.number400, capKind: a.kind, limit: a.limit }
        : { number400: a.number400, capKind: a.kind, percent: a.threshold, used: a.used, limit: a.limit };
      await enqueueTenantAlert(db, { tenantId: a.tenantId, template: a.threshold === 100 ? 'cap_reached' : 'cap_warning', params, dedupeKey: capAlertKey(a) }, now());
    },
  };
}
