import { Alert, Breadcrumb, Card, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '@/features/auth/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { OwnNumber } from '../api/numbers-api.ts';
import { useOwnNumbers, useRouting } from '../hooks/useNumberRouting.ts';
import { CapsForm } from './CapsForm.tsx';
import { FlowForm } from './FlowForm.tsx';
import { RoutingEditor } from './RoutingEditor.tsx';

/** P5: the tenant's 400 numbers; one number's routing, caps and flow at /portal/numbers/:number. */
export function NumbersPage() {
  const { number } = useParams();
  return number ? <NumberDetail number={number} /> : <NumberList />;
}

function NumberList() {
  const { t } = useI18n();
  const numbers = useOwnNumbers();
  return (
    <>
      <Typography.Title level={3}>{t('numbers.title')}</Typography.Title>
      {numbers.error ? <Alert type="error" message={numbers.error.message} /> : null}
      <Table<OwnNumber>
        rowKey="number"
        loading={numbers.isPending}
        dataSource={numbers.data ?? []}
        pagination={false}
        columns={[
          { title: t('numbers.number'), dataIndex: 'display', render: (d: string, n) => <Link to={`/portal/numbers/${n.number}`}>{d}</Link> },
          { title: t('numbers.status'), dataIndex: 'status', render: (s: OwnNumber['status']) => <Tag>{t(`numberStatus.${s}`)}</Tag> },
          { title: t('numbers.class'), dataIndex: 'classCode' },
          { title: t('common.actions'), key: 'a', render: (_, n) => <Link to={`/portal/numbers/${n.number}`}>{t('numbers.routing')}</Link> },
        ]}
      />
    </>
  );
}

function NumberDetail({ number }: { number: string }) {
  const { t } = useI18n();
  const session = useSession();
  const routing = useRouting(number);
  const isAdmin = session.data?.role === 'tenant_admin';
  return (
    <>
      <Breadcrumb items={[{ title: <Link to="/portal/numbers">{t('numbers.title')}</Link> }, { title: number }]} />
      <Typography.Title level={3}>{t('numbers.routingOf', { number })}</Typography.Title>
      {!isAdmin ? <Alert type="info" message={t('numbers.readOnly')} style={{ marginBottom: 12 }} /> : null}
      {routing.error ? <Alert type="error" message={routing.error.message} /> : null}
      <Tabs
        type="card"
        items={[
          { key: 'routing', label: t('numbers.routing'), children: <Card>{routing.data ? <RoutingEditor number={number} routing={routing.data} /> : <Spin />}</Card> },
          { key: 'flow', label: t('numbers.flow'), children: <Card><FlowForm number={number} /></Card> },
          { key: 'caps', label: t('numbers.caps'), children: <Card><CapsForm number={number} /></Card> },
        ]}
      />
    </>
  );
}
