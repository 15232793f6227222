/** A refusal of the quality domain (C19); the API answers it as `{ code, message, details }`. */
import { CodedError } from '../kernel/coded-error.ts';

export type QualityErrorCode = 'INVALID_FORM' | 'INVALID_SCORE' | 'INVALID_RULE' | 'NOT_FOUND' | 'BAD_STATE' | 'NO_RECORDING' | 'ALREADY_UNDER_REVIEW';

const STATUS: Record<QualityErrorCode, number> = {
  INVALID_FORM: 422,
  INVALID_SCORE: 422,
  INVALID_RULE: 422,
  NOT_FOUND: 404,
  BAD_STATE: 409,
  NO_RECORDING: 422,
  ALREADY_UNDER_REVIEW: 409,
};

export class QualityError extends CodedError<QualityErrorCode> {
  constructor(code: QualityErrorCode, message: string, details: unknown = null) {
    super(code, message, STATUS[code], details);
  }
}
