/** A number as the domain hands it out (API, import, routing), mapped from its row. */
import type { Carrier } from './carrier.ts';
import type { NumberStatus } from './number-lifecycle.ts';
import type { NumberRow } from './number-tables.ts';

export interface NumberRecord {
  /** Canonical 10 digits, `4006123456`. */
  number: string;
  /** `400-612-3456`. */
  display: string;
  carrier: Carrier;
  ruleSet: string;
  classCode: string;
  status: NumberStatus;
  /** The tenant holding it; null exactly when available. */
  tenantId: string | null;
  /** ISO timestamp the reservation lapses at (reserved only). */
  reservedUntil: string | null;
  /** Expected opening date `YYYY-MM-DD` (Asia/Shanghai; pending activation only). */
  activationDueOn: string | null;
  statusChangedAt: string;
  createdAt: string;
}

export interface NumberHistoryEntry {
  id: string;
  number: string;
  tenantId: string | null;
  action: string;
  fromStatus: NumberStatus | null;
  toStatus: NumberStatus;
  by: string;
  reason: string;
  at: string;
}

export function toRecord(row: NumberRow): NumberRecord {
  const n = row.number;
  return {
    number: n,
    display: `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
    carrier: row.carrier as Carrier,
    ruleSet: row.rule_set,
    classCode: row.class_code,
    status: row.status,
    tenantId: row.tenant_id,
    reservedUntil: row.reserved_until,
    activationDueOn: row.activation_due_on,
    statusChangedAt: row.status_changed_at,
    createdAt: row.created_at,
  };
}
