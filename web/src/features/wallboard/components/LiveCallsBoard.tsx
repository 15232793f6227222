/**
 * The wallboard's live calls (C17) with who is on them. Up to hundreds at once, each changing as its
 * legs do: windowed and memoised by call like the agents (a changed call is a new object in the
 * state's map, so only its row renders again).
 */
import { Card } from 'antd';
import { memo, useMemo } from 'react';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { Link } from 'react-router-dom';
import { useCallStateLabel } from '@/shared/calls/call-state-label.ts';
import { useLegStateLabel } from '@/shared/calls/leg-state-label.ts';
import type { LiveCall, WallboardState } from '../state/wallboard-state.ts';
import { WindowedTable } from './WindowedTable.tsx';
import { cardLook, secondsSince } from './wallboard-look.ts';

/** Off the big screen, a call's caller links to the 班长席 page with that call selected (to step in). */
const CallRow = memo(function CallRow({ call, now, tv }: { call: LiveCall; now: number; tv: boolean }) {
  const { t } = useI18n();
  const callStateLabel = useCallStateLabel();
  const legStateLabel = useLegStateLabel();
  const fmt = useFormat();
  const legs = call.legs.map((l) => `${l.party.kind === 'sip' ? l.party.username : l.party.number} ${legStateLabel(l.state)}${l.role ? ` (${t(`supervision.${l.role}`)})` : ''}`).join(' · ');
  return (
    <tr data-row-key={call.callId}>
      <td>
        {tv ? (
          call.callerNumber
        ) : (
          <Link to={`/supervision?call=${encodeURIComponent(call.callId)}`} title={t('wallboard.stepIn')} data-testid="step-in-link">
            {call.callerNumber}
          </Link>
        )}
      </td>
      <td>{call.number400 ?? ''}</td>
      <td>{callStateLabel(call.state)}</td>
      <td>{fmt.duration(secondsSince(call.answeredAt ?? call.createdAt, now))}</td>
      <td title={legs}>
        <span data-testid="legs">{legs}</span>
      </td>
    </tr>
  );
});

export function LiveCallsBoard({ state, now, tv }: { state: WallboardState; now: number; tv: boolean }) {
  const { t } = useI18n();
  const { callListVersion } = state;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the list's version stands for the map it reads
  const keys = useMemo(() => [...state.calls.keys()], [state, callListVersion]);
  const renderRow = (callId: string) => {
    const call = state.calls.get(callId);
    return call ? <CallRow key={callId} call={call} now={now} tv={tv} /> : null;
  };
  const rowHeight = tv ? 56 : 40;
  return (
    <Card title={`${t('wallboard.calls')} (${keys.length})`} {...cardLook(tv)}>
      <WindowedTable
        testId="live-calls"
        tv={tv}
        keys={keys}
        rowHeight={rowHeight}
        height={rowHeight * (tv ? 8 : 10)}
        renderRow={renderRow}
        empty={t('wallboard.noCalls')}
        columns={[
          { key: 'caller', title: t('wallboard.caller'), width: '16%' },
          { key: 'number400', title: t('wallboard.number400'), width: '14%' },
          { key: 'state', title: t('wallboard.callState'), width: '12%' },
          { key: 'duration', title: t('wallboard.duration'), width: '10%' },
          { key: 'legs', title: t('wallboard.legs') },
        ]}
      />
    </Card>
  );
}
