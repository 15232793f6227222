/** Row types of the tables the quality domain owns (migration `*-quality-inspection.ts`). */
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
  qa_sampling_rules: { id: string; tenant_id: string; kind: string; params: string; enabled: number; created_at: string; created_by: string | null };
};
