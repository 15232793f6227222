/** Row types of the ACD (migration `202612071800-acd-queues-agents.ts`). */
export type AcdTables = {
  acd_queues: { id: string; tenant_id: string; name: string; settings: string; created_at: string; updated_at: string };
  acd_skills: { id: string; tenant_id: string; name: string; created_at: string };
  acd_agent_skills: { tenant_id: string; user_id: string; skill_id: string; proficiency: number };
  acd_memberships: { tenant_id: string; queue_id: string; user_id: string; tier: number; level: number; weight: number; priority: number; delay_seconds: number };
  acd_not_ready_reasons: { id: string; tenant_id: string; code: string; name: string; position: number };
  acd_agent_profiles: { user_id: string; tenant_id: string; phone_kind: string; phone_target: string; regions: string; updated_at: string };
  acd_agent_transitions: {
    id: string;
    tenant_id: string;
    user_id: string;
    seq: number;
    previous: string;
    state: string;
    reason: string | null;
    cause: string;
    token: string | null;
    call_id: string | null;
    queue_id: string | null;
    at: string;
  };
};
