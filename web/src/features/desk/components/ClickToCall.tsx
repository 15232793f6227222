import { useEffect, useState } from 'react';
import { Button, Input, Space, Typography, message } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useI18n } from '@/shared/i18n/index.ts';
import { clickToCall } from '../api/desk-api.ts';

/** A customer picked elsewhere on the desk (a call record): their number and the 400 number they dialled. */
export interface CallBack {
  to: string;
  number400: string;
}

/**
 * Click-to-call (C25): the agent's phone rings first, then the customer, who sees the tenant's
 * 400 number (an agent may not list the tenant's numbers: the one of the last call is offered).
 */
export function ClickToCall({ number400, prefill, onError }: { number400: string | undefined; prefill: CallBack | undefined; onError: (e: Error) => void }) {
  const { t } = useI18n();
  const [to, setTo] = useState('');
  const [shown, setShown] = useState(number400 ?? '');
  useEffect(() => {
    if (!prefill) return;
    setTo(prefill.to.replace(/^\+86/, ''));
    setShown(prefill.number400);
  }, [prefill]);
  useEffect(() => {
    if (number400 && !shown) setShown(number400);
  }, [number400, shown]);
  const call = useMutation({
    mutationFn: () => clickToCall(to, shown),
    onSuccess: () => void message.info(t('desk.dialing', { to })),
    onError,
  });
  return (
    <Space direction="vertical" data-testid="desk-click-to-call">
      <Typography.Text strong>{t('desk.clickToCall')}</Typography.Text>
      <Space.Compact>
        <Input data-testid="desk-click-to-call-to" aria-label={t('desk.customerNumber')} placeholder={t('desk.customerNumber')} value={to} onChange={(e) => setTo(e.target.value.trim())} style={{ width: 180 }} />
        <Input aria-label={t('desk.showNumber')} placeholder={t('desk.showNumber')} value={shown} onChange={(e) => setShown(e.target.value.trim())} style={{ width: 150 }} />
        <Button type="primary" disabled={!/^\+?[0-9]{5,20}$/.test(to) || !/^[0-9]{7,16}$/.test(shown)} loading={call.isPending} onClick={() => call.mutate()}>
          {t('desk.call')}
        </Button>
      </Space.Compact>
    </Space>
  );
}
