/**
 * C19's recording safety: a call under review or in dispute keeps its recording until the review is
 * closed. The retention job (src/recordings) adds this condition to the records it prunes.
 */
import { sql } from 'kysely';

/** True for a call record (aliased `call_records`) with no open review. */
export const NOT_UNDER_REVIEW = sql<boolean>`not exists (select 1 from qa_reviews q where q.call_id = call_records.id and q.status <> 'closed')`;
