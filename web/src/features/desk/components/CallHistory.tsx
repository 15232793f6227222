import { Button, Space, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useI18n } from '@/shared/i18n/index.ts';
import type { MessageKey } from '@/shared/i18n/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { fetchMyCalls } from '../api/desk-api.ts';
import type { MyCall } from '../api/desk-api.ts';
import { regionOf } from '../model/region.ts';

/**
 * The agent's own calls (GET /me/calls): newest first, with their wrap-up; from a row the agent
 * calls the customer back (click-to-call showing the number they dialled) or writes the wrap-up.
 */
export function CallHistory(props: { onCallBack: (c: MyCall) => void; onWrapUp: (c: MyCall) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const calls = useInfiniteQuery({
    queryKey: ['desk', 'my-calls'],
    queryFn: ({ pageParam }) => fetchMyCalls(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.calls.length === 20 ? last.calls[last.calls.length - 1]?.startedAt : undefined),
  });
  const rows = calls.data?.pages.flatMap((p) => p.calls) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="desk-history">
      <Typography.Text strong>{t('desk.history')}</Typography.Text>
      <Table<MyCall>
        size="small"
        rowKey="id"
        loading={calls.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('desk.history.time'), dataIndex: 'startedAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('desk.callerNumber'), dataIndex: 'callerNumber' },
          { title: t('desk.region'), render: (_: unknown, c) => regionOf(c.callerProvince, c.callerCity) },
          { title: t('desk.number400'), dataIndex: 'number400' },
          {
            title: t('desk.history.outcome'),
            render: (_: unknown, c) => (c.outcome ? <Tag color={c.answeredByMe ? 'green' : undefined}>{c.answeredByMe ? t('desk.history.answeredByMe') : t(`outcome.${c.outcome}` as MessageKey)}</Tag> : <Tag color="blue">{t('outcome.up')}</Tag>),
          },
          { title: t('desk.talkTime'), dataIndex: 'talkSeconds', render: (s: number) => fmt.duration(s) },
          { title: t('desk.history.wrapUp'), render: (_: unknown, c) => (c.wrapUp ? [c.wrapUp.label ?? c.wrapUp.code, c.wrapUp.note].filter(Boolean).join('：') : '') },
          {
            title: '',
            render: (_: unknown, c) => (
              <Space size={4}>
                <Button size="small" onClick={() => props.onCallBack(c)}>
                  {t('desk.callBack')}
                </Button>
                {c.answeredByMe && c.outcome ? (
                  <Button size="small" onClick={() => props.onWrapUp(c)}>
                    {t('desk.wrapUp')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {calls.hasNextPage ? (
        <Button onClick={() => void calls.fetchNextPage()} loading={calls.isFetchingNextPage}>
          {t('desk.history.more')}
        </Button>
      ) : null}
    </Space>
  );
}
