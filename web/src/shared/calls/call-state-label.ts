/** A live call's state as users read it (the API speaks the call core's state names). */
import { useCallback } from 'react';
import { useI18n } from '@/shared/i18n/index.ts';

const CALL_STATES = ['setup', 'dialing', 'answered', 'held', 'transferring', 'consulting', 'conferenced', 'voicemail', 'ended'] as const;
const isCallState = (s: string): s is (typeof CALL_STATES)[number] => (CALL_STATES as readonly string[]).includes(s);

/** The label of a call state; one the app does not know yet is shown as it is. */
export function useCallStateLabel(): (state: string) => string {
  const { t } = useI18n();
  return useCallback((state: string) => (isCallState(state) ? t(`supervision.callState.${state}`) : state), [t]);
}
