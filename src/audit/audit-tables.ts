/** Row type of `audit_log` (migration `*-audit-log.ts`). */
export type AuditLogTable = {
  id: string;
  at: string;
  tenant_id: string | null;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: string | null;
  ip: string | null;
};

export type AuditTables = {
  audit_log: AuditLogTable;
};
