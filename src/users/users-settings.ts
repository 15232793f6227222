import type { ScryptParams } from './password.ts';
import { DEFAULT_SCRYPT } from './password.ts';

/** Settings the users domain needs from the platform configuration. */
export interface UsersSettings {
  /** The SIP digest realm agents' phones register to (HA1 values are computed for it). */
  readonly sipRealm: string;
  readonly scrypt: ScryptParams;
  readonly now: () => Date;
}

export const DEFAULT_SIP_REALM = 'hotline';

export function usersSettings(partial: Partial<UsersSettings> = {}): UsersSettings {
  return {
    sipRealm: partial.sipRealm ?? DEFAULT_SIP_REALM,
    scrypt: partial.scrypt ?? DEFAULT_SCRYPT,
    now: partial.now ?? (() => new Date()),
  };
}
