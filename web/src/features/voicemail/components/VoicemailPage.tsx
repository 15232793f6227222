import { Alert, Badge, Button, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { Voicemail } from '../api/voicemail-api.ts';
import { useVoicemailActions, useVoicemails } from '../hooks/useVoicemails.ts';

/** R13: messages callers left, newest first — listen (playing marks it heard), mark, delete. */
export function VoicemailPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const list = useVoicemails();
  const actions = useVoicemailActions();
  const [playing, setPlaying] = useState<string | null>(null);
  const error = list.error ?? actions.mark.error ?? actions.remove.error;
  const fresh = (list.data ?? []).filter((v) => v.heardAt === null).length;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('voicemail.title')} <Badge count={fresh} title={t('voicemail.newCount', { n: fresh })} />
      </Typography.Title>
      {error ? <Alert type="error" showIcon role="alert" message={error.message} /> : null}
      <Table<Voicemail>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('voicemail.time'), dataIndex: 'createdAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('voicemail.number'), dataIndex: 'number400' },
          { title: t('voicemail.caller'), dataIndex: 'callerNumber' },
          { title: t('voicemail.duration'), dataIndex: 'durationMs', render: (ms: number) => fmt.duration(Math.round(ms / 1000)) },
          {
            title: t('common.status'),
            key: 'status',
            render: (_, v) => (v.heardAt ? <Badge status="default" text={t('voicemail.heard', { by: v.heardBy ?? '' })} /> : <Badge status="processing" text={t('voicemail.new')} />),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, v) => (
              <Space wrap>
                {playing === v.id ? (
                  <audio controls autoPlay src={v.audioUrl} aria-label={t('voicemail.player', { caller: v.callerNumber })} data-testid={`voicemail-player-${v.id}`} style={{ height: 32 }} />
                ) : (
                  <Button
                    size="small"
                    onClick={() => {
                      setPlaying(v.id);
                      if (!v.heardAt) actions.mark.mutate({ id: v.id, heard: true });
                    }}
                  >
                    {t('voicemail.listen')}
                  </Button>
                )}
                <Button size="small" onClick={() => actions.mark.mutate({ id: v.id, heard: v.heardAt === null })}>
                  {v.heardAt ? t('voicemail.markNew') : t('voicemail.markHeard')}
                </Button>
                <Popconfirm title={t('voicemail.confirmDelete')} onConfirm={() => actions.remove.mutate(v.id)}>
                  <Button size="small" danger>
                    {t('common.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
