import { Card } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import { useTenantFigures } from '../hooks/useServiceFigures.ts';
import { FigureCards, FiguresTable } from './FiguresView.tsx';
import { FiguresFrame } from './FiguresFrame.tsx';

/** C34 for the enterprise: its service figures from the call records, per day and per queue. */
export function ServiceFiguresPage() {
  const { t } = useI18n();
  return (
    <FiguresFrame title="figures.title" use={useTenantFigures}>
      {(data) => (
        <>
          <FigureCards figures={data.total} />
          <Card title={t('figures.perDay')}>
            <FiguresTable testId="figures-days" rows={data.days} rowKey="date" first={{ title: t('figures.day'), dataIndex: 'date' }} />
          </Card>
          <Card title={t('figures.perQueue')}>
            <FiguresTable testId="figures-queues" rows={data.queues} rowKey="queue" first={{ title: t('figures.queue'), dataIndex: 'queue' }} />
          </Card>
        </>
      )}
    </FiguresFrame>
  );
}
