import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTenants } from '@/features/tenants/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { PageHeader, RowActions, useEditDialog } from '@/shared/ui/index.ts';
import { CALL_TYPES } from '../api/rate-plans-api.ts';
import type { RatePlan, RatePlanBody } from '../api/rate-plans-api.ts';
import { useRatePlanActions, useRatePlans, useTenantPlan } from '../hooks/useRatePlans.ts';

interface PlanForm {
  name: string;
  billingUnitSeconds: 6 | 60;
  monthlyFeeYuan: number;
  /** Yuan per unit by call type; empty: not priced. */
  rates: Record<string, number | null | undefined>;
}

const toLi = (yuan: number) => Math.round(yuan * 1000);

function formOf(p: RatePlan | null): PlanForm {
  if (!p) return { name: '', billingUnitSeconds: 60, monthlyFeeYuan: 0, rates: {} };
  return { name: p.name, billingUnitSeconds: p.billingUnitSeconds, monthlyFeeYuan: p.monthlyFeeLi / 1000, rates: Object.fromEntries(Object.entries(p.rates).map(([k, li]) => [k, li / 1000])) };
}

function bodyOf(v: PlanForm, previous: RatePlan | null): RatePlanBody {
  // Call types the form does not show (a plan may price more) are kept.
  const rates: Record<string, number> = { ...previous?.rates };
  for (const type of CALL_TYPES) {
    const yuan = v.rates[type];
    if (yuan === null || yuan === undefined) delete rates[type];
    else rates[type] = toLi(yuan);
  }
  return { name: v.name, billingUnitSeconds: v.billingUnitSeconds, monthlyFeeLi: toLi(v.monthlyFeeYuan ?? 0), rates };
}

/** The operator's price lists (li per 6 s or 60 s by call type, a monthly fee) and each enterprise's plan. */
export function RatePlansPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const plans = useRatePlans();
  const tenants = useTenants();
  const actions = useRatePlanActions();
  const dialog = useEditDialog<RatePlan, PlanForm>(formOf);
  const { current, form } = dialog;
  const [tenantId, setTenantId] = useState<string | undefined>();
  const [planId, setPlanId] = useState<string | undefined>();
  const tenantPlan = useTenantPlan(tenantId);
  const error = plans.error ?? actions.save.error ?? actions.remove.error ?? actions.assign.error;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('ratePlans.title')}
        actions={
          <Button type="primary" onClick={dialog.add}>
            {t('ratePlans.add')}
          </Button>
        }
      />
      {error ? <Alert type="error" showIcon role="alert" message={error.message} /> : null}
      <Table<RatePlan>
        rowKey="id"
        loading={plans.isPending}
        dataSource={plans.data ?? []}
        pagination={false}
        columns={[
          { title: t('ratePlans.name'), dataIndex: 'name' },
          { title: t('ratePlans.unit'), dataIndex: 'billingUnitSeconds', render: (u: number) => t('ratePlans.unitSeconds', { n: u }) },
          { title: t('ratePlans.monthlyFee'), dataIndex: 'monthlyFeeLi', align: 'right', render: (li: number) => fmt.money(li) },
          {
            title: t('ratePlans.rates'),
            dataIndex: 'rates',
            render: (rates: Record<string, number>) => (
              <Space direction="vertical" size={0}>
                {Object.entries(rates).map(([type, li]) => (
                  <span key={type}>{`${type in CALL_TYPE_SET ? t(`callType.${type as (typeof CALL_TYPES)[number]}`) : type}: ${fmt.money(li)}`}</span>
                ))}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, p) => <RowActions name={p.name} onEdit={() => dialog.edit(p)} confirmRemove={t('ratePlans.confirmDelete', { name: p.name })} onRemove={() => actions.remove.mutate(p.id)} />,
          },
        ]}
      />
      <Card title={t('ratePlans.assignment')}>
        <Space wrap>
          <Select
            aria-label={t('pool.tenant')}
            placeholder={t('pool.tenant')}
            style={{ width: 260 }}
            value={tenantId}
            onChange={setTenantId}
            options={(tenants.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
          <Select aria-label={t('ratePlans.plan')} placeholder={t('ratePlans.plan')} style={{ width: 220 }} value={planId} onChange={setPlanId} options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          <Button
            type="primary"
            disabled={!tenantId || !planId}
            loading={actions.assign.isPending}
            onClick={() => tenantId && planId && actions.assign.mutate({ tenantId, ratePlanId: planId }, { onSuccess: (p) => void message.success(t('ratePlans.assigned', { name: p.name })) })}
          >
            {t('ratePlans.assign')}
          </Button>
          {tenantId ? (
            <Typography.Text data-testid="tenant-plan">{tenantPlan.data ? t('ratePlans.currentPlan', { name: tenantPlan.data.name }) : tenantPlan.isPending ? '' : t('ratePlans.noPlan')}</Typography.Text>
          ) : null}
        </Space>
      </Card>
      <Modal
        title={current ? t('ratePlans.edit', { name: current.name }) : t('ratePlans.add')}
        open={dialog.open}
        onCancel={dialog.close}
        onOk={() => form.submit()}
        okText={t('common.save')}
        confirmLoading={actions.save.isPending}
        destroyOnClose
        width={640}
      >
        <Form<PlanForm>
          form={form}
          layout="vertical"
          name="rate-plan"
          preserve={false}
          onFinish={(v) =>
            actions.save.mutate(
              { ...(current ? { id: current.id } : {}), body: bodyOf(v, current) },
              {
                onSuccess: (p) => {
                  void message.success(t('ratePlans.saved', { name: p.name }));
                  dialog.close();
                },
              },
            )
          }
        >
          <Form.Item name="name" label={t('ratePlans.name')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="billingUnitSeconds" label={t('ratePlans.unit')}>
              <Radio.Group options={[{ value: 6, label: t('ratePlans.unitSeconds', { n: 6 }) }, { value: 60, label: t('ratePlans.unitSeconds', { n: 60 }) }]} />
            </Form.Item>
            <Form.Item name="monthlyFeeYuan" label={t('ratePlans.monthlyFee')}>
              <InputNumber min={0} precision={2} addonBefore="¥" />
            </Form.Item>
          </Space>
          <Typography.Text strong>{t('ratePlans.ratesPerUnit')}</Typography.Text>
          {CALL_TYPES.map((type) => (
            <Form.Item key={type} name={['rates', type]} label={t(`callType.${type}`)} style={{ marginBottom: 8 }}>
              <InputNumber min={0} precision={3} addonBefore="¥" placeholder={t('ratePlans.notPriced')} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Space>
  );
}

const CALL_TYPE_SET: Record<string, true> = Object.fromEntries(CALL_TYPES.map((c) => [c, true]));
