import { DatePicker, InputNumber, Space } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useI18n } from '@/shared/i18n/index.ts';

export interface Period {
  from: Dayjs;
  /** Inclusive last day. */
  to: Dayjs;
  targetSeconds: number;
}

export const lastDays = (n: number): Period => ({ from: dayjs().startOf('day').subtract(n - 1, 'day'), to: dayjs().startOf('day'), targetSeconds: 20 });

/** The API's query: whole days in the browser's calendar (the figures' days are the tenant's zone). */
export function queryOf(p: Period): { from: string; to: string; targetSeconds: number } {
  return { from: p.from.startOf('day').toISOString(), to: p.to.startOf('day').add(1, 'day').toISOString(), targetSeconds: p.targetSeconds };
}

export function PeriodPicker({ value, onChange, withTarget = true }: { value: Period; onChange: (p: Period) => void; withTarget?: boolean }) {
  const { t } = useI18n();
  return (
    <Space wrap>
      <DatePicker.RangePicker
        aria-label={t('figures.period')}
        value={[value.from, value.to]}
        allowClear={false}
        onChange={(r) => {
          if (r?.[0] && r[1]) onChange({ ...value, from: r[0], to: r[1] });
        }}
      />
      {withTarget ? (
        <label>
          {t('figures.target')}{' '}
          <InputNumber aria-label={t('figures.target')} min={1} max={600} value={value.targetSeconds} onChange={(v) => v && onChange({ ...value, targetSeconds: v })} addonAfter="s" style={{ width: 120 }} />
        </label>
      ) : null}
    </Space>
  );
}
