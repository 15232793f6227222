import { Alert, Button, Card, Form, Input, Typography, message } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '@/shared/i18n/index.ts';
import { changePassword } from '../api/session-api.ts';
import { useSession, useSetSession } from '../hooks/useSession.ts';
import { authErrorText, safeNext } from './auth-errors.ts';
import styles from './auth.module.css';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change one's own password; required before anything else after a first (6-digit) sign-in. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const setSession = useSetSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, toastHolder] = message.useMessage();

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      setSession(await changePassword(v.currentPassword, v.newPassword));
      void toast.success(t('auth.passwordChanged'));
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setError(authErrorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className={styles.page}>
      {toastHolder}
      <Card className={styles.card}>
        <Typography.Title level={3}>{t('auth.changePassword')}</Typography.Title>
        {session.data?.mustChangePassword ? <Alert type="info" showIcon message={t('auth.changePasswordFirst')} style={{ marginBottom: 16 }} /> : null}
        {error ? <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} /> : null}
        <Form<Values> layout="vertical" name="change-password" requiredMark={false} onFinish={submit}>
          <Form.Item label={t('auth.currentPassword')} name="currentPassword" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item label={t('auth.newPassword')} name="newPassword" rules={[{ required: true, message: t('auth.passwordRequired') }]} extra={t('auth.passwordRule')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('auth.confirmPassword')}
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('auth.passwordRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordsDiffer')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
