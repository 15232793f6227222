/** A refusal of the desk (an unknown wrap-up code, a call that is not the agent's …), answered with its HTTP status. */
import { CodedError } from '../kernel/coded-error.ts';

export type DeskErrorCode = 'NOT_FOUND' | 'CODE_TAKEN' | 'INVALID_DESK' | 'NOT_YOUR_CALL';

const STATUS: Record<DeskErrorCode, number> = {
  NOT_FOUND: 404,
  CODE_TAKEN: 409,
  INVALID_DESK: 422,
  NOT_YOUR_CALL: 404,
};

export class DeskError extends CodedError<DeskErrorCode> {
  constructor(code: DeskErrorCode, message: string, details: unknown = null) {
    super(code, message, STATUS[code], details);
  }
}
