import { useEffect, useReducer, useState } from 'react';
import { Softphone } from '@/features/softphone/index.ts';
import { fetchSoftphoneCredentials } from '../api/desk-api.ts';

/** Ask for new credentials this long before the issued ones expire (they live 12 h). */
const RENEW_BEFORE_MS = 10 * 60_000;
const RETRY_MS = 30_000;

/**
 * The browser as the agent's phone: registers by itself with the desk's short-lived credentials
 * and renews them before they expire (a REGISTER after `expiresAt` would be refused).
 * `audio` is where the far end plays.
 */
export function useDeskSoftphone(enabled: boolean, audio: HTMLAudioElement | null): { phone: Softphone | undefined; error: string | undefined } {
  const [phone, setPhone] = useState<Softphone>();
  const [error, setError] = useState<string>();
  const [, changed] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!enabled || !audio) return undefined;
    let stopped = false;
    let sp: Softphone | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const renewAt = (expiresAt: string) => {
      const ms = Math.max(RETRY_MS, Date.parse(expiresAt) - Date.now() - RENEW_BEFORE_MS);
      timer = setTimeout(() => void renew(), Math.min(ms, 2 ** 31 - 1));
    };
    const renew = async () => {
      try {
        const c = await fetchSoftphoneCredentials();
        if (stopped || !sp) return;
        sp.renewCredentials(c.authorizationUser, c.password);
        renewAt(c.expiresAt);
      } catch {
        if (!stopped) timer = setTimeout(() => void renew(), RETRY_MS);
      }
    };
    void (async () => {
      try {
        const c = await fetchSoftphoneCredentials();
        if (stopped) return;
        sp = new Softphone({ username: c.sipUsername, authorizationUser: c.authorizationUser, password: c.password, audio });
        sp.onChange = changed;
        sp.start();
        setPhone(sp);
        setError(undefined);
        renewAt(c.expiresAt);
      } catch (e) {
        if (!stopped) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      sp?.stop();
      setPhone(undefined);
    };
  }, [enabled, audio]);
  return { phone, error };
}
