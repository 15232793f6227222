/** Schemas the desk's routes share with call records and /me (issue 14). */
import type { CallWrapUp } from '../desk/call-wrap-up.ts';
import { Timestamp, Type } from './schema.ts';
import type { Static } from './schema.ts';

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const WrapUpView = Type.Object(
  {
    userId: Type.String({ description: 'the agent who saved it' }),
    agentId: Nullable(Type.String({ description: 'their 工号' })),
    code: Nullable(Type.String({ description: 'one of the tenant’s wrap-up codes, as saved' })),
    label: Nullable(Type.String({ description: 'the code’s label when it was saved' })),
    note: Type.String(),
    savedAt: Timestamp,
  },
  { additionalProperties: false },
);

export function wrapUpView(w: CallWrapUp): Static<typeof WrapUpView> {
  return { userId: w.userId, agentId: w.agentId, code: w.code, label: w.label, note: w.note, savedAt: w.savedAt };
}
