/** Row types of the webhooks domain (migrations `202612071600-webhooks-endpoints.ts`, `202612072201-webhooks-secret-rotation.ts`). */
export type WebhookTables = {
  webhook_endpoints: {
    id: string;
    tenant_id: string;
    url: string;
    description: string;
    event_types: string;
    secret: string;
    /** The secret a rotation replaced: it signs too until previous_secret_expires_at. */
    previous_secret: string | null;
    previous_secret_expires_at: string | null;
    enabled: number;
    created_at: string;
    created_by: string | null;
    last_attempt_at: string | null;
    last_status: number | null;
    last_error: string | null;
  };
};
