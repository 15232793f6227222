import { useState } from 'react';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useI18n } from '@/shared/i18n/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import type { Softphone } from '@/features/softphone/index.ts';
import * as verbs from '../api/desk-api.ts';
import type { DeskCall, Party } from '../model/desk-state.ts';
import { otherLegs } from '../model/desk-state.ts';
import { secondsBetween, useNow } from '../hooks/useNow.ts';
import { Keypad } from './Keypad.tsx';
import { TransferForm } from './TransferForm.tsx';
import type { TransferMode } from './TransferForm.tsx';

const partyName = (p: Party): string => (p.kind === 'pstn' ? p.number : p.username);

/**
 * The call this desk's phone is in, and its controls. Hold, transfer, consult, three-way and the
 * recording pause are the platform's call verbs, so they work the same whatever the agent's phone;
 * mute and the keypad act on the browser phone itself.
 */
export function CallPanel(props: { call: DeskCall; isMine: (p: Party) => boolean; phone: Softphone | undefined; onError: (e: Error) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const now = useNow();
  const { call, phone } = props;
  const [muted, setMuted] = useState(false);
  const [keypad, setKeypad] = useState(false);
  const others = otherLegs(call, props.isMine);
  const far = others[0];
  const held = others.find((l) => l.state === 'held');
  const browser = phone !== undefined && phone.callState !== 'idle' && phone.callState !== 'ended';
  const verb = useMutation({ mutationFn: (run: () => Promise<unknown>) => run(), onError: props.onError });
  const run = (f: () => Promise<unknown>) => verb.mutate(f);
  const transfer = (mode: TransferMode, to: string) => {
    if (mode === 'blind') run(() => verbs.blindTransfer(call.callId, to));
    else if (mode === 'consult') run(() => verbs.consult(call.callId, to));
    else run(() => verbs.threeWay(call.callId, to));
  };
  const hangUp = () => {
    if (browser && phone) phone.hangUp();
    else run(() => verbs.hangUpCall(call.callId));
  };
  const consulting = call.state === 'consulting';
  const conferenced = call.state === 'conferenced';
  const talked = call.answeredAt ? secondsBetween(Date.parse(call.answeredAt), now) : 0;
  return (
    <Card title={t('desk.currentCall')} data-testid="desk-call" data-call-id={call.callId} data-call-state={call.state}>
      <Descriptions column={3} size="small">
        <Descriptions.Item label={t('desk.callerNumber')}>
          <span data-testid="desk-call-caller">{call.callerNumber ?? ''}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.number400')}>{call.number400 ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('desk.talkTime')}>{fmt.duration(talked)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.callState')}>
          <Tag data-testid="desk-call-state">{t(`desk.callState.${callStateKey(call.state)}`)}</Tag>
          {call.recording ? <Tag color={call.recordingPaused ? 'orange' : 'red'}>{call.recordingPaused ? t('desk.recordingPaused') : t('desk.recording')}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.parties')} span={2}>
          <span data-testid="desk-call-parties">{others.map((l) => `${partyName(l.party)}${l.state === 'held' ? ` (${t('desk.held')})` : ''}`).join('、')}</span>
        </Descriptions.Item>
      </Descriptions>
      <Space wrap style={{ marginTop: 12 }}>
        <Button danger type="primary" onClick={hangUp} data-testid="desk-hang-up">
          {t('desk.hangUp')}
        </Button>
        {held ? (
          <Button onClick={() => run(() => verbs.unholdCall(call.callId))} loading={verb.isPending} disabled={consulting}>
            {t('desk.unhold')}
          </Button>
        ) : (
          <Button onClick={() => far && run(() => verbs.holdCall(call.callId, far.legId))} loading={verb.isPending} disabled={!far || consulting || conferenced}>
            {t('desk.hold')}
          </Button>
        )}
        {browser ? (
          <Button
            aria-pressed={muted}
            onClick={() => {
              phone?.mute(!muted);
              setMuted(!muted);
            }}
          >
            {muted ? t('desk.unmute') : t('desk.mute')}
          </Button>
        ) : null}
        {browser ? (
          <Button aria-expanded={keypad} onClick={() => setKeypad(!keypad)}>
            {t('desk.keypad')}
          </Button>
        ) : null}
        {call.recording && !call.recordingPaused ? <Button onClick={() => run(() => verbs.pauseRecording(call.callId))}>{t('desk.pauseRecording')}</Button> : null}
        {call.recording && call.recordingPaused ? <Button onClick={() => run(() => verbs.resumeRecording(call.callId))}>{t('desk.resumeRecording')}</Button> : null}
        {consulting ? (
          <>
            <Button type="primary" onClick={() => run(() => verbs.completeTransfer(call.callId))} data-testid="desk-complete-transfer">
              {t('desk.completeTransfer')}
            </Button>
            <Button onClick={() => run(() => verbs.cancelConsult(call.callId))}>{t('desk.cancelConsult')}</Button>
          </>
        ) : null}
        {conferenced ? <Button onClick={() => run(() => verbs.endThreeWay(call.callId))}>{t('desk.endThreeWay')}</Button> : null}
      </Space>
      {keypad && browser ? (
        <div style={{ marginTop: 12 }}>
          <Keypad onKey={(d) => phone?.sendDtmf(d)} />
        </div>
      ) : null}
      {!consulting && !conferenced ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('desk.transferHint')}</Typography.Text>
          <TransferForm busy={verb.isPending} onSubmit={transfer} onQueue={(queueId) => run(() => verbs.transferToQueue(call.callId, queueId))} />
        </div>
      ) : null}
    </Card>
  );
}

const CALL_STATES = ['setup', 'dialing', 'answered', 'held', 'transferring', 'consulting', 'conferenced', 'ended'] as const;
function callStateKey(s: string): (typeof CALL_STATES)[number] {
  return (CALL_STATES as readonly string[]).includes(s) ? (s as (typeof CALL_STATES)[number]) : 'answered';
}
