import chineseDays from 'chinese-days';
import { List, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '@/shared/i18n/index.ts';

const DAY_MS = 86_400_000;

/**
 * The next 90 days of the statutory calendar the time plan follows (holidays: cn): the holidays,
 * when the 'holiday' windows apply, and the adjusted working weekends — the same `chinese-days`
 * data the router reads.
 */
export function HolidayPreview() {
  const { t, locale } = useI18n();
  const days = useMemo(() => {
    const out: { date: string; name: string; work: boolean }[] = [];
    const start = Date.now();
    for (let i = 0; i < 90; i++) {
      const at = new Date(start + i * DAY_MS);
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
      const d = chineseDays.getDayDetail(date);
      const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
      const [english, chinese] = d.name.split(',');
      if ((!d.work && !weekend) || (d.work && weekend)) out.push({ date, name: (locale === 'zh-CN' ? chinese : english) ?? d.name, work: d.work });
    }
    return out;
  }, [locale]);
  return (
    <div data-testid="holiday-preview">
      <Typography.Text strong>{t('routing.holidayPreview')}</Typography.Text>
      <List
        size="small"
        dataSource={days}
        locale={{ emptyText: t('routing.noHolidays') }}
        renderItem={(d) => (
          <List.Item>
            <span>{d.date}</span> <Tag color={d.work ? 'orange' : 'green'}>{d.work ? t('routing.adjustedWorkday') : t('routing.holiday')}</Tag> <span>{d.name}</span>
          </List.Item>
        )}
      />
    </div>
  );
}
