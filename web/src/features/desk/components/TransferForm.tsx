import { useState } from 'react';
import { Button, Input, Radio, Space } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';

export type TransferTarget = 'agent' | 'number';
export type TransferMode = 'blind' | 'consult' | 'threeWay';

/**
 * Where a call goes: another agent (their SIP user) or an outside number within the tenant's
 * rules (the server refuses what the tenant may not call, and says why); blind, after a consult
 * (attended), or as a three-way.
 */
export function TransferForm({ busy, onSubmit }: { busy: boolean; onSubmit: (mode: TransferMode, to: string) => void }) {
  const { t } = useI18n();
  const [target, setTarget] = useState<TransferTarget>('agent');
  const [to, setTo] = useState('');
  const valid = target === 'agent' ? /^[A-Za-z0-9._~+-]{1,64}$/.test(to) : /^\+?[0-9]{3,20}$/.test(to);
  return (
    <Space direction="vertical" data-testid="desk-transfer">
      <Radio.Group value={target} onChange={(e) => setTarget(e.target.value as TransferTarget)} optionType="button" size="small">
        <Radio.Button value="agent">{t('desk.toAgent')}</Radio.Button>
        <Radio.Button value="number">{t('desk.toNumber')}</Radio.Button>
      </Radio.Group>
      <Space.Compact>
        <Input
          aria-label={t('desk.transferTo')}
          placeholder={target === 'agent' ? t('desk.agentPlaceholder') : t('desk.numberPlaceholder')}
          value={to}
          onChange={(e) => setTo(e.target.value.trim())}
          style={{ width: 200 }}
        />
        <Button disabled={!valid} loading={busy} onClick={() => onSubmit('blind', to)}>
          {t('desk.blindTransfer')}
        </Button>
        <Button disabled={!valid} loading={busy} onClick={() => onSubmit('consult', to)}>
          {t('desk.consult')}
        </Button>
        <Button disabled={!valid} loading={busy} onClick={() => onSubmit('threeWay', to)}>
          {t('desk.threeWay')}
        </Button>
      </Space.Compact>
    </Space>
  );
}
