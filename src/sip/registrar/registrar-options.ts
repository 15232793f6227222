import type { NameAddr } from '../message/name-addr.ts';

import type { Clock } from '../../kernel/clock.ts';

export interface RegistrarOptions {
  clock?: Pick<Clock, 'now'>;
  /** Shorter non-zero expirations get 423 Interval Too Brief (§10.3 step 7). Default 60 s. */
  minExpires?: number;
  /** Longer expirations are shortened to this (§10.3 step 7). Default 7200 s. */
  maxExpires?: number;
  /** Used when neither the Contact nor the request says (§10.3 step 7). Default 3600 s. */
  defaultExpires?: number;
  /** More contacts per AOR are refused with 403; a bound on what one phone can make us hold. Default 16. */
  maxBindingsPerAor?: number;
}

export interface RegisterResult {
  status: number;
  reason: string;
  /** The AOR's bindings after the request (for the 200's Contact headers), each with its time left. */
  contacts: { contact: NameAddr; expires: number }[];
  /** For 423: the value of the Min-Expires header. */
  minExpires?: number;
}
