import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import type { NewTenant } from '../api/tenants-api.ts';
import { useOnboarding } from '../hooks/useTenants.ts';

interface Values {
  code: string;
  name: string;
  socialCreditCode?: string;
  contactName: string;
  contactPhone: string;
  contactEmail?: string;
  seats: number;
  timeZone: string;
}

/** Step one of onboarding: the enterprise's details (it starts pending). */
export function NewTenantForm({ open, onClose }: { open: boolean; onClose(created?: string): void }) {
  const { t } = useI18n();
  const { create } = useOnboarding();
  const [form] = Form.useForm<Values>();

  async function submit(v: Values) {
    const body: NewTenant = {
      code: v.code.trim(),
      name: v.name.trim(),
      socialCreditCode: v.socialCreditCode?.trim() || null,
      contact: { name: v.contactName.trim(), phone: v.contactPhone.trim(), email: v.contactEmail?.trim() || null },
      seats: v.seats,
      timeZone: v.timeZone,
    };
    const tenant = await create.mutateAsync(body);
    form.resetFields();
    onClose(tenant.name);
  }

  return (
    <Modal open={open} title={t('tenants.add')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} confirmLoading={create.isPending} onCancel={() => onClose()} destroyOnClose>
      {create.isError ? <Alert type="error" showIcon message={t('app.error', { message: create.error.message })} style={{ marginBottom: 12 }} role="alert" /> : null}
      <Form<Values> form={form} layout="vertical" name="new-tenant" initialValues={{ seats: 5, timeZone: 'Asia/Shanghai' }} onFinish={(v) => void submit(v).catch(() => undefined)}>
        <Form.Item label={t('tenants.code')} name="code" rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9-]{1,63}$/ }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item label={t('tenants.name')} name="name" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('tenants.creditCode')} name="socialCreditCode">
          <Input />
        </Form.Item>
        <Form.Item label={t('tenants.contactName')} name="contactName" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('tenants.contactPhone')} name="contactPhone" rules={[{ required: true }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item label={t('tenants.contactEmail')} name="contactEmail">
          <Input type="email" />
        </Form.Item>
        <Form.Item label={t('tenants.seats')} name="seats" rules={[{ required: true }]}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
        <Form.Item label={t('tenants.timeZone')} name="timeZone" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
