import { Alert, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTenants } from '@/features/tenants/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { LoadMore } from '@/shared/ui/index.ts';
import type { AuditEntry, AuditScope } from '../api/audit-api.ts';
import { useAudit } from '../hooks/useAudit.ts';

/** The audit log (C33, S2): the enterprise's own (tenant admin) or the platform's (operator). */
export function AuditLogPage({ scope }: { scope: AuditScope }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [action, setAction] = useState('');
  const [tenantId, setTenantId] = useState<string | undefined>();
  const tenants = useTenants(scope === 'platform');
  const log = useAudit(scope, action, tenantId);
  const rows = log.data?.pages.flat() ?? [];
  // The operator reads enterprises by name, not by id.
  const tenantName = new Map((tenants.data ?? []).map((x) => [x.id, x.name]));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {scope === 'tenant' ? t('audit.title') : t('audit.platformTitle')}
      </Typography.Title>
      <Space wrap>
        {scope === 'platform' ? (
          <Select
            aria-label={t('audit.tenant')}
            allowClear
            placeholder={t('audit.platformOnly')}
            style={{ width: 260 }}
            value={tenantId}
            onChange={setTenantId}
            options={(tenants.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
        ) : null}
        <Input.Search aria-label={t('audit.action')} placeholder={t('audit.actionHint')} allowClear enterButton={t('common.search')} onSearch={(v) => setAction(v.trim())} style={{ width: 420 }} />
      </Space>
      {log.error ? <Alert type="error" showIcon message={log.error.message} /> : null}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={log.isPending}
        dataSource={rows}
        pagination={false}
        data-testid="audit-log"
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (v: string) => fmt.dateTime(v), width: 180 },
          { title: t('audit.actor'), key: 'actor', render: (_, e) => e.actor.name },
          { title: t('audit.action'), dataIndex: 'action', render: (a: string) => <code>{a}</code> },
          { title: t('audit.target'), key: 'target', render: (_, e) => `${e.targetType}${e.targetId ? ` ${e.targetId}` : ''}` },
          ...(scope === 'platform' ? [{ title: t('audit.tenant'), dataIndex: 'tenantId', render: (v: string | null) => (v ? (tenantName.get(v) ?? v) : '—') }] : []),
          { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '' },
          {
            title: t('common.details'),
            dataIndex: 'details',
            render: (d: AuditEntry['details']) => (d ? <Typography.Text ellipsis={{ tooltip: JSON.stringify(d) }} style={{ maxWidth: 320 }}>{JSON.stringify(d)}</Typography.Text> : ''),
          },
        ]}
      />
      <LoadMore hasMore={log.hasNextPage} loading={log.isFetchingNextPage} onMore={() => void log.fetchNextPage()} endNote={rows.length > 0} />
    </Space>
  );
}
