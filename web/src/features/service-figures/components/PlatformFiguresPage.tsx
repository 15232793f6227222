import { Card } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import { usePlatformFigures } from '../hooks/useServiceFigures.ts';
import { FigureCards, FiguresTable } from './FiguresView.tsx';
import { FiguresFrame } from './FiguresFrame.tsx';

/** C34 for the operator: the platform's figures beside seed 003's promises, and every tenant's. */
export function PlatformFiguresPage() {
  const { t } = useI18n();
  return (
    <FiguresFrame title="figures.platformTitle" use={usePlatformFigures}>
      {(data) => (
        <>
          <FigureCards figures={data.total} promises={data.promises} />
          <Card title={t('figures.perTenant')}>
            <FiguresTable testId="figures-tenants" rows={data.tenants} rowKey="tenantId" first={{ title: t('figures.tenant'), key: 'tenant', render: (_, r) => `${r.name} (${r.code})` }} />
          </Card>
          <Card title={t('figures.perDay')}>
            <FiguresTable testId="figures-days" rows={data.days} rowKey="date" first={{ title: t('figures.day'), dataIndex: 'date' }} />
          </Card>
        </>
      )}
    </FiguresFrame>
  );
}
