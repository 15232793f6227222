import { Alert, Button, Card, Input, InputNumber, Space, Switch, Table, Tag, Typography, message } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/shared/i18n/index.ts';
import { createForm, fetchForms, updateForm } from '../api/quality-api.ts';
import type { Form, FormBody, FormItem } from '../api/quality-api.ts';

const blankItem = (n: number): FormItem => ({ id: `item-${n}`, label: '', weight: 10, fatal: false, commentRequired: false });

/** C19: the tenant's scoring forms — items with weights (full points), fatal items (fail → 0) and required comments. */
export function FormsEditor() {
  const { t } = useI18n();
  const forms = useQuery({ queryKey: ['quality', 'forms'], queryFn: fetchForms });
  const [editing, setEditing] = useState<Form | 'new' | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('qa.forms.new')}
      </Button>
      <Table<Form>
        data-testid="qa-forms"
        rowKey="id"
        size="small"
        pagination={false}
        loading={forms.isPending}
        dataSource={forms.data?.items ?? []}
        columns={[
          { title: t('qa.forms.name'), dataIndex: 'name' },
          { title: t('qa.forms.items'), key: 'items', render: (_, f) => f.items.length },
          { title: t('qa.forms.fatalItems'), key: 'fatal', render: (_, f) => f.items.filter((i) => i.fatal).map((i) => <Tag key={i.id} color="red">{i.label}</Tag>) },
          { title: t('qa.forms.active'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('qa.forms.active')}</Tag> : <Tag>{t('qa.forms.inactive')}</Tag>) },
          { title: '', key: 'edit', render: (_, f) => <Button onClick={() => setEditing(f)}>{t('qa.forms.edit')}</Button> },
        ]}
      />
      {editing ? <FormEditor key={editing === 'new' ? 'new' : editing.id} form={editing === 'new' ? null : editing} onDone={() => setEditing(null)} /> : null}
    </Space>
  );
}

function FormEditor({ form, onDone }: { form: Form | null; onDone: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [name, setName] = useState(form?.name ?? '');
  const [active, setActive] = useState(form?.active ?? true);
  const [items, setItems] = useState<FormItem[]>(form?.items ?? [blankItem(1)]);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const body: FormBody = { name: name.trim(), active, items: items.map((it) => ({ ...it, label: it.label.trim(), weight: it.fatal ? 0 : it.weight })) };
      return form ? updateForm(form.id, body) : createForm(body);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['quality', 'forms'] });
      void message.success(t('qa.forms.saved'));
      onDone();
    },
    onError: (e: Error) => setProblem(e.message),
  });
  const set = (i: number, patch: Partial<FormItem>) => setItems((all) => all.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  const full = items.filter((it) => !it.fatal).reduce((n, it) => n + it.weight, 0);
  const nextId = () => {
    let n = items.length + 1;
    while (items.some((it) => it.id === `item-${n}`)) n++;
    return n;
  };
  return (
    <Card title={form ? t('qa.forms.editing', { name: form.name }) : t('qa.forms.new')} data-testid="qa-form-editor">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input aria-label={t('qa.forms.name')} placeholder={t('qa.forms.name')} value={name} onChange={(e) => setName(e.target.value)} style={{ maxWidth: 360 }} />
        {items.map((it, i) => (
          <Space key={it.id} wrap data-testid={`qa-form-item-${i + 1}`}>
            <Input aria-label={t('qa.forms.itemLabel', { n: i + 1 })} placeholder={t('qa.forms.itemLabel', { n: i + 1 })} value={it.label} onChange={(e) => set(i, { label: e.target.value })} style={{ width: 240 }} />
            <InputNumber aria-label={t('qa.forms.itemWeight', { n: i + 1 })} min={1} max={100} precision={0} disabled={it.fatal} value={it.fatal ? null : it.weight} onChange={(v) => set(i, { weight: v ?? 1 })} addonAfter={t('qa.forms.points')} />
            <Switch aria-label={t('qa.forms.itemFatal', { n: i + 1 })} checked={it.fatal} onChange={(v) => set(i, { fatal: v })} />
            <span>{t('qa.forms.fatal')}</span>
            <Switch aria-label={t('qa.forms.itemComment', { n: i + 1 })} checked={it.commentRequired} onChange={(v) => set(i, { commentRequired: v })} />
            <span>{t('qa.forms.commentRequired')}</span>
            <Button danger disabled={items.length === 1} onClick={() => setItems((all) => all.filter((_, j) => j !== i))} aria-label={t('qa.forms.removeItem', { n: i + 1 })}>
              {t('qa.forms.remove')}
            </Button>
          </Space>
        ))}
        <Button onClick={() => setItems((all) => [...all, blankItem(nextId())])}>{t('qa.forms.addItem')}</Button>
        <Typography.Text type="secondary" data-testid="qa-form-full">{t('qa.forms.full', { n: full })}</Typography.Text>
        <Space>
          <Switch aria-label={t('qa.forms.active')} checked={active} onChange={setActive} />
          <span>{t('qa.forms.active')}</span>
        </Space>
        {problem ? <Alert type="error" showIcon message={problem} data-testid="qa-form-problem" /> : null}
        <Space>
          <Button type="primary" loading={save.isPending} disabled={!name.trim() || items.some((it) => !it.label.trim())} onClick={() => save.mutate()}>
            {t('qa.forms.save')}
          </Button>
          <Button onClick={onDone}>{t('qa.cancel')}</Button>
        </Space>
      </Space>
    </Card>
  );
}
