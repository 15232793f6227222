import { App } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { hangUpCall, leaveCall, monitorCall, switchRole, takeOver } from '../api/supervision-api.ts';
import type { StepInRole } from '../api/supervision-api.ts';
import type { SupervisorPhone } from './useSupervisorPhone.ts';

export type StepInAction = { kind: 'join'; role: StepInRole } | { kind: 'role'; role: StepInRole } | { kind: 'take-over' } | { kind: 'leave' } | { kind: 'hang-up' };

/**
 * The supervisor's verbs on a live call (each audited by the server): join with a role (the
 * platform rings the chosen phone; this browser answers it itself), switch roles without
 * dropping, take over, leave, and hang up a call taken over.
 */
export function useStepIn(phone: SupervisorPhone) {
  const { message } = App.useApp();
  const step = useMutation({
    mutationFn: ({ callId, action }: { callId: string; action: StepInAction }): Promise<unknown> => {
      switch (action.kind) {
        case 'join':
          if (phone.choice === 'browser') phone.expectStepIn();
          return monitorCall(callId, action.role);
        case 'role':
          return switchRole(callId, action.role);
        case 'take-over':
          return takeOver(callId);
        case 'leave':
          return leaveCall(callId);
        case 'hang-up':
          return hangUpCall(callId);
      }
    },
    onError: (e: Error) => void message.error(e.message),
  });
  return { run: (callId: string, action: StepInAction) => step.mutate({ callId, action }), pending: step.isPending, pendingCall: step.variables?.callId };
}
