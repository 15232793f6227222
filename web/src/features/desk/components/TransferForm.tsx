import { useState } from 'react';
import { Button, Input, Radio, Select, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '@/shared/i18n/index.ts';
import { fetchTransferTargets } from '../api/desk-api.ts';
import type { AgentTransferTarget } from '../api/desk-api.ts';
import { STATE_COLOR, isAgentState, useAgentStateWords } from '../hooks/useAgentStateWords.ts';

export type TransferTargetKind = 'agent' | 'queue' | 'number';
export type TransferMode = 'blind' | 'consult' | 'threeWay';

/** Agents' states change while the panel is open: the list is read again this often. */
const REFRESH_MS = 5_000;
const READY_FIRST: Record<string, number> = { ready: 0, wrap_up: 1, not_ready: 2 };
const OUTSIDE_NUMBER = /^\+?[0-9]{3,20}$/;

/** Name, 工号 and SIP user: what an agent may be searched by. */
const searchText = (a: AgentTransferTarget): string => `${a.displayName} ${a.agentId} ${a.to}`.toLowerCase();

/**
 * Where a call goes (GET /desk/transfer-targets): another agent — searchable by name or 工号, with
 * their state — a queue when the server lists queues, or an outside number within the tenant's
 * rules (the server refuses what the tenant may not call, and says why); blind, after a consult
 * (attended), or as a three-way. A queue takes the caller blind (POST /calls/{id}/transfer { queue }):
 * nobody answers a consult there.
 */
export function TransferForm({ busy, onSubmit, onQueue }: { busy: boolean; onSubmit: (mode: TransferMode, to: string) => void; onQueue: (queueId: string) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<TransferTargetKind>('agent');
  const [agent, setAgent] = useState<string>();
  const [queue, setQueue] = useState<string>();
  const [number, setNumber] = useState('');
  const targets = useQuery({ queryKey: ['desk', 'transfer-targets'], queryFn: fetchTransferTargets, refetchInterval: REFRESH_MS });
  const agents = [...(targets.data?.agents ?? [])].sort((x, y) => (READY_FIRST[x.state] ?? 3) - (READY_FIRST[y.state] ?? 3));
  const queues = targets.data?.queues ?? [];
  const to = kind === 'agent' ? agent : kind === 'queue' ? queue : OUTSIDE_NUMBER.test(number) ? number : undefined;
  const { stateName, reasonName } = useAgentStateWords();
  const stateLabel = (a: AgentTransferTarget): string => (a.state === 'not_ready' && a.reason ? `${stateName(a.state)}·${reasonName(a.reason)}` : stateName(a.state));
  return (
    <Space direction="vertical" data-testid="desk-transfer" style={{ width: '100%' }}>
      <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as TransferTargetKind)} optionType="button" size="small">
        <Radio.Button value="agent">{t('desk.toAgent')}</Radio.Button>
        {queues.length > 0 ? <Radio.Button value="queue">{t('desk.toQueue')}</Radio.Button> : null}
        <Radio.Button value="number">{t('desk.toNumber')}</Radio.Button>
      </Radio.Group>
      <Space.Compact>
        {kind === 'agent' ? (
          <Select
            showSearch
            aria-label={t('desk.transferTo')}
            className="desk-transfer-agent"
            placeholder={t('desk.agentPlaceholder')}
            value={agent}
            onChange={setAgent}
            onDropdownVisibleChange={(open) => open && void targets.refetch()}
            loading={targets.isFetching && !targets.data}
            notFoundContent={targets.error ? targets.error.message : t('desk.noAgents')}
            filterOption={(input, option) => (option?.search ?? '').includes(input.trim().toLowerCase())}
            options={agents.map((a) => ({
              value: a.to,
              search: searchText(a),
              label: (
                <Space size={4} data-testid="desk-transfer-agent-option" data-to={a.to} data-state={a.state}>
                  <span>{`${a.displayName}（${a.agentId}）`}</span>
                  <Tag color={isAgentState(a.state) ? STATE_COLOR[a.state] : 'default'} style={{ marginInlineEnd: 0 }}>
                    {stateLabel(a)}
                  </Tag>
                  {a.phoneKind === 'mobile' ? <Tag>{t('desk.phone.mobile')}</Tag> : null}
                </Space>
              ),
            }))}
            style={{ width: 280 }}
          />
        ) : kind === 'queue' ? (
          <Select
            showSearch
            aria-label={t('desk.transferTo')}
            className="desk-transfer-queue"
            placeholder={t('desk.queuePlaceholder')}
            value={queue}
            onChange={setQueue}
            optionFilterProp="label"
            options={queues.map((q) => ({ value: q.queueId, label: `${q.name}（${t('desk.queueWaiting', { n: q.waiting })}）` }))}
            style={{ width: 280 }}
          />
        ) : (
          <Input aria-label={t('desk.transferTo')} data-testid="desk-transfer-number" placeholder={t('desk.numberPlaceholder')} value={number} onChange={(e) => setNumber(e.target.value.trim())} style={{ width: 200 }} />
        )}
        <Button disabled={!to} loading={busy} onClick={() => to && (kind === 'queue' ? onQueue(to) : onSubmit('blind', to))}>
          {t('desk.blindTransfer')}
        </Button>
        {kind !== 'queue' ? (
          <>
            <Button disabled={!to} loading={busy} onClick={() => to && onSubmit('consult', to)}>
              {t('desk.consult')}
            </Button>
            <Button disabled={!to} loading={busy} onClick={() => to && onSubmit('threeWay', to)}>
              {t('desk.threeWay')}
            </Button>
          </>
        ) : null}
      </Space.Compact>
    </Space>
  );
}
