import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Row, Space, Switch, Tag, Typography, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '@/features/auth/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { fetchMyAgent } from '../api/desk-api.ts';
import type { AgentPhone, AgentView, MyCall } from '../api/desk-api.ts';
import { currentCall } from '../model/desk-state.ts';
import type { DeskAgent, Party } from '../model/desk-state.ts';
import { useDeskFeed } from '../hooks/useDeskFeed.ts';
import { useDeskSoftphone } from '../hooks/useDeskSoftphone.ts';
import { useDeskSettings } from '../hooks/useDeskSettings.ts';
import { StateBar } from './StateBar.tsx';
import { OfferCard } from './OfferCard.tsx';
import { CallPanel } from './CallPanel.tsx';
import { PhoneChoice } from './PhoneChoice.tsx';
import { ClickToCall } from './ClickToCall.tsx';
import type { CallBack } from './ClickToCall.tsx';
import { WrapUpForm } from './WrapUpForm.tsx';
import { CallHistory } from './CallHistory.tsx';

/** Whether a leg's party is this agent's phone: their SIP user (desk phone or browser), or their mobile. */
function mineMatcher(sipUsername: string | null | undefined, phone: AgentPhone | undefined): (p: Party) => boolean {
  const mobile = phone?.kind === 'mobile' ? phone.number.replace(/^\+?86/, '') : undefined;
  return (p) => (p.kind === 'sip' ? p.username === sipUsername : mobile !== undefined && p.number.replace(/^\+?86/, '') === mobile);
}

/** The agent's state as GET /acd/agents/me had it, until the feed says (its snapshot may name no agent). */
function agentOf(v: AgentView | undefined): DeskAgent | undefined {
  if (!v) return undefined;
  const a: DeskAgent = { state: v.status.state, since: v.since };
  if (v.status.reason !== undefined) a.reason = v.status.reason;
  if (v.wrapUpEndsAt) a.wrapUpEndsAt = v.wrapUpEndsAt;
  return a;
}

/**
 * The agent desk (issue 14): the browser as the agent's phone, the state bar, the offer pop-up,
 * the call's controls, click-to-call and the choice of phone. What the desk shows of the agent and
 * their calls comes from the event feed, so it is the server's truth and survives a blip.
 */
export function DeskPage() {
  const { t } = useI18n();
  const session = useSession();
  const user = session.data;
  const sip = user?.sipUsername ?? null;
  const me = useQuery({ queryKey: ['desk', 'me'], queryFn: fetchMyAgent, retry: false });
  const onError = useCallback((e: Error) => void message.error(t('app.error', { message: e.message })), [t]);
  // Auto-answer and the phone follow the agent from browser to browser: the server keeps them.
  const { settings, save: saveSettings, saving } = useDeskSettings(onError);
  const phoneChoice = settings?.phone ?? me.data?.phone;
  const autoAnswer = settings?.autoAnswer ?? false;
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null);
  const { desk, status } = useDeskFeed();
  const { phone, error: phoneError } = useDeskSoftphone(phoneChoice?.kind === 'browser', audio);
  const isMine = mineMatcher(sip, phoneChoice);
  const call = currentCall(desk, isMine);
  const offering = desk.agent?.state === 'reserved' || desk.agent?.state === 'ringing';
  const offer = offering ? desk.offers.find((o) => o.callId === desk.agent?.callId) ?? desk.offers[desk.offers.length - 1] : undefined;
  const ringing = phone?.callState === 'ringing';

  useEffect(() => {
    if (autoAnswer && ringing) phone?.answer();
  }, [autoAnswer, ringing, phone]);

  // The call this phone just left (hung up, transferred away, the caller gone) gets its wrap-up.
  const qc = useQueryClient();
  const [wrapUp, setWrapUp] = useState<{ callId: string; caller: string; initial?: MyCall['wrapUp'] }>();
  const [callBack, setCallBack] = useState<CallBack>();
  const inCall = useRef<{ callId: string; caller: string }>();
  useEffect(() => {
    const was = inCall.current;
    inCall.current = call ? { callId: call.callId, caller: call.callerNumber ?? '' } : undefined;
    if (was && was.callId !== call?.callId) {
      setWrapUp({ callId: was.callId, caller: was.caller });
      void qc.invalidateQueries({ queryKey: ['desk', 'my-calls'] });
    }
  }, [call, qc]);

  const lastNumber400 = call?.number400 ?? desk.lastEnded?.number400 ?? undefined;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="desk">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.agentDesk')}
        </Typography.Title>
        <Space>
          <Tag color={status === 'open' ? 'green' : 'orange'} data-testid="desk-feed" data-status={status}>
            {t(`desk.feed.${status}`)}
          </Tag>
          {phoneChoice?.kind === 'browser' ? (
            <Tag color={phone?.state === 'registered' ? 'green' : 'orange'} data-testid="desk-softphone" data-state={phone?.state ?? 'stopped'}>
              {t(`desk.softphone.${phone?.state ?? 'stopped'}`)}
            </Tag>
          ) : null}
          <Space size={4}>
            <Switch
              size="small"
              checked={autoAnswer}
              disabled={!settings}
              loading={saving}
              aria-label={t('desk.autoAnswer')}
              data-testid="desk-auto-answer"
              onChange={(on) => saveSettings({ autoAnswer: on })}
            />
            <Typography.Text>{t('desk.autoAnswer')}</Typography.Text>
          </Space>
        </Space>
      </Space>
      {me.error ? <Alert type="warning" showIcon message={me.error.message} /> : null}
      {phoneError ? <Alert type="error" showIcon message={t('desk.softphoneFailed', { message: phoneError })} /> : null}
      <Card size="small">
        <StateBar agent={desk.agent ?? agentOf(me.data)} onError={onError} />
      </Card>
      {offer ? (
        <OfferCard offer={offer} call={desk.calls.find((c) => c.callId === offer.callId)} canAnswer={ringing} onAnswer={() => phone?.answer()} onReject={() => phone?.hangUp()} />
      ) : ringing ? (
        <Card role="alertdialog" aria-label={t('desk.incoming')} data-testid="desk-incoming" title={t('desk.incoming')}>
          <Space>
            <Typography.Text>{phone?.incoming?.from}</Typography.Text>
            <Button type="primary" onClick={() => phone?.answer()} data-testid="desk-answer">
              {t('desk.answer')}
            </Button>
            <Button danger onClick={() => phone?.hangUp()} data-testid="desk-reject">
              {t('desk.reject')}
            </Button>
          </Space>
        </Card>
      ) : null}
      {call && !offering ? <CallPanel call={call} isMine={isMine} phone={phone} onError={onError} /> : null}
      {wrapUp && wrapUp.callId !== call?.callId ? (
        <WrapUpForm key={wrapUp.callId} callId={wrapUp.callId} caller={wrapUp.caller} initial={wrapUp.initial ?? null} onSaved={() => setWrapUp(undefined)} onError={onError} />
      ) : null}
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small">
            <ClickToCall number400={lastNumber400} prefill={callBack} onError={onError} />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small">{sip ? <PhoneChoice current={phoneChoice} sipUsername={sip} saving={saving} onSave={(phone) => saveSettings({ phone })} /> : <Typography.Text type="secondary">{t('desk.noSipUser')}</Typography.Text>}</Card>
        </Col>
      </Row>
      <Card size="small">
        <CallHistory onCallBack={(c) => setCallBack({ to: c.callerNumber, number400: c.number400 })} onWrapUp={(c) => setWrapUp({ callId: c.id, caller: c.callerNumber, initial: c.wrapUp })} />
      </Card>
      <audio ref={setAudio} autoPlay data-testid="desk-remote-audio" />
    </Space>
  );
}
