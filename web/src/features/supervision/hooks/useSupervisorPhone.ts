import { useCallback, useEffect, useRef, useState } from 'react';
import { Softphone } from '@/features/softphone/index.ts';
import type { CallState, SoftphoneState } from '@/features/softphone/index.ts';
import { fetchSoftphoneCredentials } from '../api/supervision-api.ts';

/** Which phone the platform rings when the supervisor steps in: this browser, or their own SIP phone. */
export type PhoneChoice = 'browser' | 'sip';

const CHOICE_KEY = 'hotline.supervisorPhone';
/** How long a step-in may take to ring this browser before a ringing call is no longer taken for it. */
const EXPECT_MS = 30_000;

export function storedPhoneChoice(): PhoneChoice {
  return localStorage.getItem(CHOICE_KEY) === 'sip' ? 'sip' : 'browser';
}

export interface SupervisorPhone {
  choice: PhoneChoice;
  choose(choice: PhoneChoice): void;
  /** The browser softphone's registration (`stopped` when the SIP phone is chosen). */
  state: SoftphoneState;
  callState: CallState;
  /** Says a step-in was asked for: the next call ringing this browser is answered at once. */
  expectStepIn(): void;
  /** Hangs up this browser's call (the supervisor leaves, or ends a call they took over). */
  hangUp(): void;
  error: string | undefined;
}

/**
 * The supervisor's phone for stepping in. With `browser`, the page registers the user's SIP
 * account over the platform's WebSocket with short-lived credentials (POST
 * /me/softphone-credentials) and answers, with the microphone, the call the platform places to it
 * for a step-in the page just asked for; any other call to it is left ringing for a person to answer
 * (or not). With `sip`, nothing registers here: the platform rings the user's desk phone.
 */
export function useSupervisorPhone(audio: HTMLAudioElement | null): SupervisorPhone {
  const [choice, setChoice] = useState<PhoneChoice>(storedPhoneChoice);
  const [state, setState] = useState<SoftphoneState>('stopped');
  const [callState, setCallState] = useState<CallState>('idle');
  const [error, setError] = useState<string>();
  const phone = useRef<Softphone>();
  const expectedUntil = useRef(0);

  useEffect(() => {
    if (choice !== 'browser' || !audio) return;
    let cancelled = false;
    setError(undefined);
    fetchSoftphoneCredentials()
      .then((c) => {
        if (cancelled) return;
        const p = new Softphone({ username: c.sipUsername, authorizationUser: c.authorizationUser, password: c.password, audio });
        p.onChange = () => {
          setState(p.state);
          setCallState(p.callState);
          if (p.callState === 'ringing' && Date.now() < expectedUntil.current) {
            expectedUntil.current = 0;
            // Not from inside the softphone's own ringing notice: it wires the call's media after it.
            setTimeout(() => p.answer(), 0);
          }
        };
        phone.current = p;
        p.start();
      })
      .catch((e: Error) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
      phone.current?.stop();
      phone.current = undefined;
      setState('stopped');
      setCallState('idle');
    };
  }, [choice, audio]);

  const choose = useCallback((c: PhoneChoice) => {
    localStorage.setItem(CHOICE_KEY, c);
    setChoice(c);
  }, []);
  const expectStepIn = useCallback(() => {
    expectedUntil.current = Date.now() + EXPECT_MS;
  }, []);
  const hangUp = useCallback(() => phone.current?.hangUp(), []);

  return { choice, choose, state, callState, expectStepIn, hangUp, error };
}
