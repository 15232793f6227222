import { Table, Tag } from 'antd';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { LedgerEntry } from '../api/spending-api.ts';

/** A month's ledger entries (charges, top-ups, adjustments), as the enterprise and the operator see them. */
export function LedgerTable({ entries, loading }: { entries: LedgerEntry[]; loading?: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <Table<LedgerEntry>
      rowKey="id"
      size="small"
      {...(loading === undefined ? {} : { loading })}
      pagination={{ pageSize: 20 }}
      dataSource={entries}
      columns={[
        { title: t('cdr.time'), dataIndex: 'createdAt', render: (v: string) => fmt.dateTime(v) },
        { title: t('spending.kind'), dataIndex: 'kind', render: (k: LedgerEntry['kind']) => <Tag>{t(`kind.${k}`)}</Tag> },
        { title: t('spending.amount'), dataIndex: 'amountLi', align: 'right', render: (li: number) => fmt.money(li) },
        { title: t('spending.reference'), dataIndex: 'reference' },
        { title: t('spending.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
      ]}
    />
  );
}
