import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { LedgerTable } from '@/features/spending/index.ts';
import { useTenants } from '@/features/tenants/index.ts';
import { useFormat, wallClock } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { useAccount, usePostings, useStatement } from '../hooks/useAccounts.ts';

const toLi = (yuan: number) => Math.round(yuan * 1000);

/** An enterprise's prepaid account: balance and plan, top-ups (a payment's reference books once), adjustments, the month's statement. */
export function AccountsPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const tenants = useTenants();
  const [tenantId, setTenantId] = useState<string | undefined>();
  const account = useAccount(tenantId);
  const zone = account.data?.timeZone ?? fmt.timeZone;
  const now = wallClock(new Date(), zone);
  const month = `${now.year}-${now.month}`;
  const statement = useStatement(tenantId, month);
  const postings = usePostings(tenantId);
  const [topUpForm] = Form.useForm<{ amountYuan: number; reference?: string; note?: string }>();
  const [adjustForm] = Form.useForm<{ amountYuan: number; note: string }>();
  const error = account.error ?? postings.topUp.error ?? postings.adjust.error;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('accounts.title')}
      </Typography.Title>
      <Select
        aria-label={t('pool.tenant')}
        placeholder={t('accounts.pickTenant')}
        style={{ width: 320 }}
        value={tenantId}
        onChange={setTenantId}
        showSearch
        optionFilterProp="label"
        options={(tenants.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
      />
      {error ? <Alert type="error" showIcon role="alert" message={error.message} /> : null}
      {tenantId && account.data ? (
        <>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Card>
                <Statistic title={t('spending.balance')} value={fmt.money(account.data.balanceLi)} valueStyle={{ color: account.data.balanceLi < 0 ? '#cf1322' : undefined }} />
                <span data-testid="account-balance" hidden>
                  {account.data.balanceLi}
                </span>
                <Typography.Text type="secondary">{account.data.ratePlan ? `${t('spending.ratePlan')}: ${account.data.ratePlan.name}` : t('ratePlans.noPlan')}</Typography.Text>
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card title={t('accounts.topUp')}>
                <Form
                  form={topUpForm}
                  layout="vertical"
                  name="top-up"
                  onFinish={(v) =>
                    postings.topUp.mutate(
                      { amountLi: toLi(v.amountYuan), ...(v.reference ? { reference: v.reference } : {}), ...(v.note ? { note: v.note } : {}) },
                      {
                        onSuccess: (r) => {
                          void message.success(r.created ? t('accounts.toppedUp', { amount: fmt.money(r.entry.amountLi) }) : t('accounts.duplicate'));
                          topUpForm.resetFields();
                        },
                      },
                    )
                  }
                >
                  <Form.Item name="amountYuan" label={t('accounts.amount')} rules={[{ required: true, type: 'number', min: 0.001 }]}>
                    <InputNumber min={0.001} precision={3} addonBefore="¥" style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name="reference" label={t('accounts.reference')} extra={t('accounts.referenceHint')}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item name="note" label={t('spending.note')}>
                    <Input maxLength={500} />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={postings.topUp.isPending}>
                    {t('accounts.topUp')}
                  </Button>
                </Form>
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card title={t('accounts.adjust')}>
                <Form
                  form={adjustForm}
                  layout="vertical"
                  name="adjustment"
                  onFinish={(v) =>
                    postings.adjust.mutate(
                      { amountLi: toLi(v.amountYuan), note: v.note },
                      {
                        onSuccess: (r) => {
                          void message.success(t('accounts.adjusted', { amount: fmt.money(r.entry.amountLi) }));
                          adjustForm.resetFields();
                        },
                      },
                    )
                  }
                >
                  <Form.Item
                    name="amountYuan"
                    label={t('accounts.adjustAmount')}
                    extra={t('accounts.adjustHint')}
                    rules={[{ required: true, type: 'number', validator: (_, v: number | undefined) => (v ? Promise.resolve() : Promise.reject(new Error(t('accounts.nonZero')))) }]}
                  >
                    <InputNumber precision={3} addonBefore="¥" style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name="note" label={t('accounts.why')} rules={[{ required: true, max: 500 }]}>
                    <Input />
                  </Form.Item>
                  <Button htmlType="submit" loading={postings.adjust.isPending}>
                    {t('accounts.adjust')}
                  </Button>
                </Form>
              </Card>
            </Col>
          </Row>
          <Card title={t('spending.statement', { month })} data-testid="operator-statement">
            <LedgerTable entries={statement.data?.entries ?? []} loading={statement.isPending} />
          </Card>
        </>
      ) : null}
    </Space>
  );
}
