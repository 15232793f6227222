/** The numbers domain's tables (migration `202611221650-numbers-inventory`). */
import type { NumberStatus } from './number-lifecycle.ts';

export type NumberTables = {
  number_inventory: {
    number: string;
    carrier: string;
    rule_set: string;
    class_code: string;
    status: NumberStatus;
    tenant_id: string | null;
    reserved_until: string | null;
    activation_due_on: string | null;
    status_changed_at: string;
    created_at: string;
    rev_digits: string;
    rev_shape: string;
  };
  number_history: {
    id: string;
    number: string;
    seq: number;
    tenant_id: string | null;
    action: string;
    from_status: NumberStatus | null;
    to_status: NumberStatus;
    by: string;
    reason: string;
    at: string;
  };
  number_search_gram: {
    gram: string;
    number: string;
  };
  number_class_terms: {
    rule_set: string;
    class_code: string;
    min_monthly_spend_li: number;
    min_term_months: number;
    selection_fee_allowed: number;
    selection_fee_li: number;
    updated_by: string;
    updated_at: string;
  };
  number_settings: {
    key: string;
    value: string;
    updated_by: string;
    updated_at: string;
  };
};

export type NumberRow = NumberTables['number_inventory'];
