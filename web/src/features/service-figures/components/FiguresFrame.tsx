import { Alert, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '@/shared/i18n/index.ts';
import type { MessageKey } from '@/shared/i18n/index.ts';
import { PeriodPicker, lastDays, queryOf } from './PeriodPicker.tsx';

/** A figures page: its title and period picker, the error if loading failed, and the figures of the period once loaded. */
export function FiguresFrame<D>({ title, use, children }: { title: MessageKey; use: (q: ReturnType<typeof queryOf>) => { data?: D; error: Error | null }; children: (data: D) => ReactNode }) {
  const { t } = useI18n();
  const [period, setPeriod] = useState(() => lastDays(7));
  const figures = use(queryOf(period));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t(title)}
        </Typography.Title>
        <PeriodPicker value={period} onChange={setPeriod} />
      </Space>
      {figures.error ? <Alert type="error" message={t('app.error', { message: figures.error.message })} /> : null}
      {figures.data ? children(figures.data) : null}
    </Space>
  );
}
