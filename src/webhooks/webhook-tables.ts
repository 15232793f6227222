/** Row types of the webhooks domain (migration `202612071600-webhooks-endpoints.ts`). */
export type WebhookTables = {
  webhook_endpoints: {
    id: string;
    tenant_id: string;
    url: string;
    description: string;
    event_types: string;
    secret: string;
    enabled: number;
    created_at: string;
    created_by: string | null;
    last_attempt_at: string | null;
    last_status: number | null;
    last_error: string | null;
  };
};
