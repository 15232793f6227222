import { useEffect, useState } from 'react';
import { Button, Input, Radio, Space, Typography } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import type { AgentPhone } from '../api/desk-api.ts';

/**
 * Which phone calls ring (C15): this browser, the agent's registered SIP phone, or their mobile
 * through the trunk. The desk controls the call the same way whatever the choice. Saved with the
 * desk settings (PUT /desk/settings), so the choice follows the agent to another browser.
 */
export function PhoneChoice({ current, sipUsername, saving, onSave }: { current: AgentPhone | undefined; sipUsername: string; saving: boolean; onSave: (phone: AgentPhone) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<AgentPhone['kind']>(current?.kind ?? 'browser');
  const [mobile, setMobile] = useState(current?.kind === 'mobile' ? current.number : '');
  useEffect(() => {
    if (current) setKind(current.kind);
    if (current?.kind === 'mobile') setMobile(current.number);
  }, [current]);
  const phone: AgentPhone = kind === 'mobile' ? { kind, number: mobile } : { kind, username: sipUsername };
  const changed = kind !== current?.kind || (kind === 'mobile' && current?.kind === 'mobile' && mobile !== current.number);
  return (
    <Space direction="vertical" data-testid="desk-phone-choice">
      <Typography.Text strong>{t('desk.myPhone')}</Typography.Text>
      <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as AgentPhone['kind'])}>
        <Radio value="browser">{t('desk.phone.browser')}</Radio>
        <Radio value="sip">{t('desk.phone.sip')}</Radio>
        <Radio value="mobile">{t('desk.phone.mobile')}</Radio>
      </Radio.Group>
      {kind === 'mobile' ? <Input aria-label={t('desk.phone.mobileNumber')} value={mobile} onChange={(e) => setMobile(e.target.value.trim())} style={{ width: 200 }} /> : null}
      <Button disabled={!changed || (kind === 'mobile' && !/^\+?[0-9]{5,20}$/.test(mobile))} loading={saving} onClick={() => onSave(phone)}>
        {t('desk.phone.save')}
      </Button>
    </Space>
  );
}
