/** Row types of the tables the quality domain owns (migrations `*-quality-inspection.ts`, `*-quality-sampling-schedule.ts`). */
export type QaTables = {
  qa_forms: { id: string; tenant_id: string; name: string; items: string; active: number; created_at: string; updated_at: string; created_by: string | null };
  qa_reviews: {
    id: string;
    tenant_id: string;
    call_id: string;
    agent_user_id: string | null;
    answered_by: string | null;
    queue: string;
    call_started_at: string;
    status: string;
    source: string;
    /** The sampling rule that queued it (null: a reviewer did). */
    sampling_rule_id: string | null;
    form_id: string | null;
    answers: string | null;
    score: number | null;
    fatal: number;
    comment: string | null;
    reviewer_id: string | null;
    reviewer_name: string | null;
    scored_at: string | null;
    dispute_reason: string | null;
    disputed_at: string | null;
    resolution: string | null;
    resolved_by: string | null;
    closed_at: string | null;
    created_at: string;
    updated_at: string;
  };
  qa_sampling_rules: { id: string; tenant_id: string; kind: string; params: string; enabled: number; queue: string | null; agent_user_id: string | null; created_at: string; created_by: string | null };
  qa_sampling_schedules: { tenant_id: string; enabled: number; every_minutes: number; last_run_at: string | null; updated_at: string };
};
