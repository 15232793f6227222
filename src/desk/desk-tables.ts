/** Row types of the tables the desk owns (migration `*-desk-wrap-up.ts`). */
export type DeskTables = {
  desk_wrap_up_codes: {
    id: string;
    tenant_id: string;
    code: string;
    label: string;
    enabled: number;
    position: number;
    created_at: string;
    updated_at: string;
  };
  call_wrap_ups: {
    tenant_id: string;
    call_id: string;
    user_id: string;
    agent_id: string | null;
    code: string | null;
    label: string | null;
    note: string;
    saved_at: string;
  };
  desk_agent_settings: {
    tenant_id: string;
    user_id: string;
    auto_answer: number;
    updated_at: string;
  };
};
