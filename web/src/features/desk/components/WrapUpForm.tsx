import { useState } from 'react';
import { Button, Card, Input, Select, Space, Typography, message } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/shared/i18n/index.ts';
import { fetchWrapUpCodes, saveWrapUp } from '../api/desk-api.ts';

/**
 * After the call: the tenant's wrap-up code and a note, saved on the call record
 * (POST /call-records/{id}/wrap-up; saving again replaces). `caller` names the call for the agent.
 */
export function WrapUpForm(props: { callId: string; caller: string; initial?: { code: string | null; note: string } | null; onSaved: () => void; onError: (e: Error) => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const codes = useQuery({ queryKey: ['desk', 'wrap-up-codes'], queryFn: fetchWrapUpCodes });
  const [code, setCode] = useState<string | null>(props.initial?.code ?? null);
  const [note, setNote] = useState(props.initial?.note ?? '');
  const save = useMutation({
    mutationFn: () => saveWrapUp(props.callId, code, note.trim()),
    onSuccess: () => {
      void message.success(t('desk.wrapUpSaved'));
      void qc.invalidateQueries({ queryKey: ['desk', 'my-calls'] });
      props.onSaved();
    },
    onError: props.onError,
  });
  return (
    <Card size="small" title={t('desk.wrapUpOf', { caller: props.caller })} data-testid="desk-wrap-up" data-call-id={props.callId}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          aria-label={t('desk.wrapUpCode')}
          placeholder={t('desk.wrapUpCode')}
          allowClear
          value={code}
          onChange={(v: string | undefined) => setCode(v ?? null)}
          options={(codes.data?.codes ?? []).map((c) => ({ value: c.code, label: c.label }))}
          style={{ width: 240 }}
        />
        <Input.TextArea aria-label={t('desk.wrapUpNote')} placeholder={t('desk.wrapUpNote')} value={note} maxLength={2000} rows={3} onChange={(e) => setNote(e.target.value)} />
        <Space>
          <Button type="primary" disabled={code === null && note.trim() === ''} loading={save.isPending} onClick={() => save.mutate()}>
            {t('desk.saveWrapUp')}
          </Button>
          <Typography.Text type="secondary">{t('desk.wrapUpHint')}</Typography.Text>
        </Space>
      </Space>
    </Card>
  );
}
