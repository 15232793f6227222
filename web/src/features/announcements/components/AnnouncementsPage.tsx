import { Badge, Button, Card, Checkbox, Input, List, Space, Typography, message } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSession } from '@/features/auth/index.ts';
import { api, unwrap } from '@/shared/api/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';

const fetchMine = () => unwrap(api.GET('/api/v1/announcements', { params: { query: {} } }));

/** Refetches the list when the event feed says something was published to this user (no polling). */
function usePushedAnnouncements(): void {
  const qc = useQueryClient();
  useEffect(() => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events?topics=announcement.published`);
    ws.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { kind?: string; type?: string };
      if (msg.kind === 'event' && msg.type === 'announcement.published') void qc.invalidateQueries({ queryKey: ['announcements'] });
      if (msg.kind === 'heartbeat') ws.send(JSON.stringify({ kind: 'heartbeat' }));
    };
    return () => ws.close();
  }, [qc]);
}

/** C21: announcements published to me (unread count, confirm reading); admins and supervisors also publish. */
export function AnnouncementsPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const qc = useQueryClient();
  const session = useSession();
  const canPublish = session.data?.role === 'tenant_admin' || session.data?.role === 'supervisor';
  usePushedAnnouncements();
  const mine = useQuery({ queryKey: ['announcements'], queryFn: fetchMine });
  const unread = mine.data?.unread ?? 0;
  const read = useMutation({ mutationFn: (id: string) => unwrap(api.POST('/api/v1/announcements/{id}/read', { params: { path: { id } } })), onSuccess: () => void qc.invalidateQueries({ queryKey: ['announcements'] }) });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('announcements.title')}
        </Typography.Title>
        {/* Nothing unread is not an alarm: the zero is grey. */}
        <Badge count={unread} showZero data-testid="unread-count" title={t('announcements.unread')} {...(unread === 0 ? { color: '#bfbfbf' } : {})} />
      </Space>
      {canPublish ? <PublishForm /> : null}
      <List
        data-testid="announcements"
        dataSource={mine.data?.items ?? []}
        renderItem={(a) => (
          <List.Item actions={a.readAt ? [<Typography.Text key="r" type="secondary">{t('announcements.confirmed')}</Typography.Text>] : [<Button key="c" onClick={() => read.mutate(a.id)}>{t('announcements.confirm')}</Button>]}>
            <List.Item.Meta title={a.title} description={`${a.publishedByName} · ${fmt.dateTime(a.publishedAt)}`} />
            <div style={{ whiteSpace: 'pre-wrap' }}>{a.body}</div>
          </List.Item>
        )}
      />
    </Space>
  );
}

function PublishForm() {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [roles, setRoles] = useState<Array<'agent' | 'supervisor' | 'tenant_admin' | 'qa_reviewer'>>(['agent']);
  const publish = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/announcements', { body: { title, body, audience: { roles, queueIds: [] } } })),
    onSuccess: () => {
      setTitle('');
      setBody('');
      void message.success(t('announcements.published'));
    },
    onError: (e: Error) => void message.error(e.message),
  });
  return (
    <Card title={t('announcements.publish')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input aria-label={t('announcements.titleField')} placeholder={t('announcements.titleField')} value={title} onChange={(e) => setTitle(e.target.value)} />
        <Input.TextArea aria-label={t('announcements.body')} placeholder={t('announcements.body')} value={body} onChange={(e) => setBody(e.target.value)} />
        <Checkbox.Group value={roles} onChange={(v) => setRoles(v as typeof roles)} options={(['agent', 'supervisor', 'qa_reviewer', 'tenant_admin'] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <Button type="primary" disabled={!title.trim() || !body.trim() || roles.length === 0} loading={publish.isPending} onClick={() => publish.mutate()}>
          {t('announcements.publish')}
        </Button>
      </Space>
    </Card>
  );
}
