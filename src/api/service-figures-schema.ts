/** The response shapes of the C34 service figures (tenant: /reports/service-figures, operator: /platform/service-figures). */
import { ApiError } from './errors.ts';
import { Type } from './schema.ts';

const Ratio = Type.Union([Type.Number(), Type.Null()], { description: '0..1; null when there is nothing to divide by' });
const Seconds = Type.Union([Type.Number(), Type.Null()]);

export const FigureFields = {
  offered: Type.Integer(),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  answeredWithinTarget: Type.Integer(),
  dropped: Type.Integer(),
  longCalls: Type.Integer({ description: 'answered calls that talked an hour or more' }),
  longCallsDropped: Type.Integer(),
  answerRate: Ratio,
  abandonmentRate: Ratio,
  serviceLevel: Ratio,
  dropRate: Ratio,
  longCallDropRate: Ratio,
  averageSpeedOfAnswerSeconds: Seconds,
  averageConnectSeconds: Seconds,
};

export const Figures = Type.Object(FigureFields, { additionalProperties: false });

export const FiguresQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    targetSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, description: 'service level: answered within this many seconds (default 20)' })),
  },
  { additionalProperties: false },
);

export const FiguresReportFields = {
  from: Type.String({ maxLength: 40 }),
  to: Type.String({ maxLength: 40 }),
  timeZone: Type.String({ maxLength: 64 }),
  targetSeconds: Type.Integer(),
  total: Figures,
  days: Type.Array(Type.Object({ date: Type.String({ maxLength: 10 }), ...FigureFields }, { additionalProperties: false })),
  queues: Type.Array(Type.Object({ queue: Type.String({ maxLength: 64, description: 'the ACD queue id, or the 400 number for calls that reached no queue' }), ...FigureFields }, { additionalProperties: false })),
};

export const MAX_FIGURES_DAYS = 93;

export function figuresPeriod(q: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(from < to) || to.getTime() - from.getTime() > MAX_FIGURES_DAYS * 86_400_000) {
    throw new ApiError('BAD_REQUEST', `from must be before to, at most ${MAX_FIGURES_DAYS} days apart`);
  }
  return { from, to };
}
