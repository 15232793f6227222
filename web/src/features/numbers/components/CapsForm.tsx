import { Alert, App, Button, Descriptions, Form, InputNumber, Spin } from 'antd';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { useCaps, useSaveCaps } from '../hooks/useNumberRouting.ts';
import { problemsOf } from './policy-problems.ts';

interface CapsValues {
  spendYuan: number | null;
  calls: number | null;
}

/** The number's monthly caps (spend, calls) and this month's usage; empty is uncapped. */
export function CapsForm({ number }: { number: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const caps = useCaps(number);
  const save = useSaveCaps(number);
  if (!caps.data) return <Spin />;
  const c = caps.data;
  return (
    <>
      <Descriptions size="small" column={3} data-testid="caps-usage" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('caps.month')}>{c.usage.month}</Descriptions.Item>
        <Descriptions.Item label={t('caps.callsUsed')}>{c.usage.calls}</Descriptions.Item>
        <Descriptions.Item label={t('caps.spendUsed')}>{fmt.money(c.usage.spendLi)}</Descriptions.Item>
      </Descriptions>
      <Form<CapsValues>
        layout="inline"
        name="caps"
        key={c.updatedAt ?? 'none'}
        initialValues={{ spendYuan: c.caps.monthlySpendLi === null ? null : c.caps.monthlySpendLi / 1000, calls: c.caps.monthlyCalls }}
        onFinish={async (v) => {
          await save.mutateAsync({ monthlySpendLi: v.spendYuan === null || v.spendYuan === undefined ? null : Math.round(v.spendYuan * 1000), monthlyCalls: v.calls ?? null });
          void message.success(t('common.saved'));
        }}
      >
        <Form.Item name="spendYuan" label={t('caps.monthlySpend')}>
          <InputNumber min={0} precision={2} addonBefore="¥" placeholder={t('caps.unlimited')} />
        </Form.Item>
        <Form.Item name="calls" label={t('caps.monthlyCalls')}>
          <InputNumber min={0} precision={0} placeholder={t('caps.unlimited')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
      {save.error ? <Alert type="error" showIcon message={problemsOf(save.error).join('; ')} style={{ marginTop: 12 }} /> : null}
    </>
  );
}
