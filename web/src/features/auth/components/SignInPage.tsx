import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '@/shared/i18n/index.ts';
import { signInByName, signInByNumber } from '../api/session-api.ts';
import type { SessionUser } from '../api/session-api.ts';
import { useSetSession } from '../hooks/useSession.ts';
import { authErrorText, safeNext } from './auth-errors.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import styles from './auth.module.css';

type Way = 'name' | 'number';

/** Sign in by user name, or (P1) by the enterprise's 400 number and its 6-digit password. */
export function SignInPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const setSession = useSetSession();
  const [way, setWay] = useState<Way>(params.get('by') === 'number' ? 'number' : 'name');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  async function submit(signIn: () => Promise<SessionUser>) {
    setBusy(true);
    setError(null);
    try {
      const user = await signIn();
      setSession(user);
      navigate(user.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next, { replace: true });
    } catch (err) {
      setError(authErrorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  const byName = (
    <Form layout="vertical" name="sign-in-name" requiredMark={false} onFinish={(v: { username: string; password: string }) => submit(() => signInByName(v.username.trim(), v.password))}>
      <Form.Item label={t('auth.username')} name="username" rules={[{ required: true, message: t('auth.usernameRequired') }]}>
        <Input autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('auth.signIn')}
      </Button>
    </Form>
  );

  const byNumber = (
    <Form layout="vertical" name="sign-in-number" requiredMark={false} onFinish={(v: { number: string; password: string }) => submit(() => signInByNumber(v.number.trim(), v.password))}>
      <Form.Item label={t('auth.number')} name="number" rules={[{ required: true, message: t('auth.numberRequired') }]}>
        <Input autoComplete="username" inputMode="tel" placeholder="400-612-3456" autoFocus />
      </Form.Item>
      <Form.Item label={t('auth.numberPassword')} name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]} extra={t('auth.numberLoginHint')}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('auth.signIn')}
      </Button>
    </Form>
  );

  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <div className={styles.head}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <LanguageSwitch />
        </div>
        {params.get('expired') ? <Alert type="warning" showIcon message={t('auth.sessionExpired')} style={{ marginBottom: 16 }} /> : null}
        {error ? <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} /> : null}
        <div role="group" aria-label={t('auth.signIn')} style={{ marginBottom: 16 }}>
          <Segmented<Way>
            block
            value={way}
            onChange={(k) => {
              setWay(k);
              setError(null);
            }}
            options={[
              { value: 'name', label: t('auth.byName') },
              { value: 'number', label: t('auth.byNumber') },
            ]}
          />
        </div>
        {way === 'name' ? byName : byNumber}
      </Card>
    </main>
  );
}
