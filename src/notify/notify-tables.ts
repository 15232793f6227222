/** The notify domain's tables (migration `202611221620-notify-outbox.ts`). */
export type NotifyTables = {
  notify_outbox: {
    id: string;
    tenant_id: string;
    channel: string;
    recipient: string;
    template: string;
    locale: string;
    /** JSON of the template parameters. */
    params: string;
    /** Rendered at enqueue time in the tenant's zone and locale: what goes out is fixed then. */
    subject: string | null;
    body: string;
    dedupe_key: string | null;
    state: string;
    attempts: number;
    next_attempt_at: string;
    last_error: string | null;
    provider_ref: string | null;
    created_at: string;
    sent_at: string | null;
  };
  notify_missed_call_recipients: {
    id: string;
    tenant_id: string;
    number_400: string;
    channel: string;
    address: string;
    created_at: string;
  };
};
