/**
 * A refusal of the ACD (an agent state change the table refuses, an unknown queue …). `statusCode`
 * follows HTTP so the API passes it through unchanged; `hotline import` prints `code: message`.
 */
import { CodedError } from '../kernel/coded-error.ts';

export type AcdErrorCode =
  | 'QUEUE_NOT_FOUND'
  | 'AGENT_NOT_FOUND'
  | 'SKILL_NOT_FOUND'
  | 'REASON_NOT_FOUND'
  | 'STATE_REFUSED'
  | 'PHONE_UNREACHABLE'
  | 'NAME_TAKEN'
  | 'INVALID_ACD';

const STATUS: Record<AcdErrorCode, number> = {
  QUEUE_NOT_FOUND: 404,
  AGENT_NOT_FOUND: 404,
  SKILL_NOT_FOUND: 404,
  REASON_NOT_FOUND: 404,
  STATE_REFUSED: 409,
  PHONE_UNREACHABLE: 409,
  NAME_TAKEN: 409,
  INVALID_ACD: 422,
};

export class AcdError extends CodedError<AcdErrorCode> {
  constructor(code: AcdErrorCode, message: string, details: unknown = null) {
    super(code, message, STATUS[code], details);
  }
}
