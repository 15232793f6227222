import { Button, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/shared/i18n/index.ts';
import type { MessageKey } from '@/shared/i18n/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { fetchScreenPop } from '../api/desk-api.ts';
import type { PastContact } from '../api/desk-api.ts';
import type { DeskCall, DeskOffer } from '../model/desk-state.ts';
import { regionOf } from '../model/region.ts';
import { secondsBetween, useNow } from '../hooks/useNow.ts';

const IVR_STEPS: Record<string, MessageKey> = { welcome: 'desk.ivr.welcome', password: 'desk.ivr.password', menu: 'desk.ivr.menu' };

/**
 * An offer pops up with everything known before answering (C14, GET /desk/offers/{token}): the
 * caller and their region, the 400 number dialled, queue, IVR path and keys, wait, whether and by
 * whom the caller was served before, the last contacts; the countdown to the end of the ring.
 * Until the screen pop arrives, what the feed already said (caller, 400 number, wait) shows.
 * Answer and reject work on the browser phone; another phone answers by itself.
 */
export function OfferCard(props: { offer: DeskOffer; call: DeskCall | undefined; canAnswer: boolean; onAnswer: () => void; onReject: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const now = useNow();
  const { offer, call } = props;
  const pop = useQuery({ queryKey: ['desk', 'offer', offer.token], queryFn: () => fetchScreenPop(offer.token), staleTime: Infinity }).data;
  const caller = pop?.caller.number ?? call?.callerNumber ?? '';
  const region = pop ? regionOf(pop.caller.province, pop.caller.city) : '';
  const waited = (pop?.waitedSeconds ?? offer.waitedSeconds) + secondsBetween(Date.parse(pop?.offeredAt ?? offer.at), now);
  const left = pop ? secondsBetween(now, Date.parse(pop.answerBy)) : undefined;
  const ivr = pop?.ivr ? [...pop.ivr.steps.map((s) => (IVR_STEPS[s] ? t(IVR_STEPS[s]) : s)), ...(pop.ivr.keys.length > 0 ? [t('desk.ivr.keys', { keys: pop.ivr.keys.join(' ') })] : [])].join(' › ') : '—';
  const who = (c: PastContact) => c.agentName ?? c.agentId ?? c.answeringNumber ?? t('desk.unknown');
  const outcome = (o: string | null) => (o ? t(`outcome.${o}` as MessageKey) : '—');
  return (
    <Card
      role="alertdialog"
      aria-label={t('desk.offer')}
      data-testid="desk-offer"
      title={
        <Space>
          <Typography.Text strong>{t('desk.offer')}</Typography.Text>
          <Tag color="blue" data-testid="desk-offer-countdown">
            {left !== undefined ? t('desk.offerLeft', { s: left }) : t('desk.offerRinging', { s: secondsBetween(Date.parse(offer.at), now) })}
          </Tag>
        </Space>
      }
      style={{ borderColor: '#1677ff' }}
      actions={
        props.canAnswer
          ? [
              <Button key="a" type="primary" onClick={props.onAnswer} data-testid="desk-answer">
                {t('desk.answer')}
              </Button>,
              <Button key="r" danger onClick={props.onReject} data-testid="desk-reject">
                {t('desk.reject')}
              </Button>,
            ]
          : [<Typography.Text key="o" type="secondary">{t('desk.answerOnYourPhone')}</Typography.Text>]
      }
    >
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('desk.callerNumber')}>
          <span data-testid="desk-offer-caller">{caller}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.region')}>
          <span data-testid="desk-offer-region">{region || t('desk.unknown')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.number400')}>
          <span data-testid="desk-offer-number400">{pop?.number400 ?? call?.number400 ?? ''}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.queue')}>
          <span data-testid="desk-offer-queue">{pop?.queue.name ?? ''}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.ivrPath')}>
          <span data-testid="desk-offer-ivr">{ivr}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.waited')}>
          <span data-testid="desk-offer-waited">{fmt.duration(waited)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.servedBefore')} span={2}>
          <span data-testid="desk-offer-served-before">
            {pop === undefined ? '' : pop.servedBefore ? t('desk.servedBy', { agent: who(pop.servedBefore), at: fmt.dateTime(pop.servedBefore.startedAt) }) : t('desk.firstContact')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.lastContacts')} span={2}>
          <List
            size="small"
            data-testid="desk-offer-last-contacts"
            dataSource={pop?.lastContacts ?? []}
            locale={{ emptyText: t('desk.noContacts') }}
            renderItem={(c) => (
              <List.Item style={{ padding: '2px 0' }}>
                {fmt.dateTime(c.startedAt)} · {c.number400} · {outcome(c.outcome)}
                {c.outcome === 'answered' ? ` · ${who(c)} · ${fmt.duration(c.talkSeconds)}` : ''}
              </List.Item>
            )}
          />
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
