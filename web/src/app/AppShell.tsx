import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { LanguageSwitch, signOut, useSetSession } from '@/features/auth/index.ts';
import type { SessionUser } from '@/features/auth/index.ts';
import { TimeZoneProvider } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { areasFor } from './menus.tsx';
import { useTenantTimeZone } from './useTenantTimeZone.ts';
import styles from './shell.module.css';

/** The frame of every signed-in page: the role's menu, who is signed in, language, sign-out. */
export function AppShell({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const setSession = useSetSession();
  const timeZone = useTenantTimeZone(user);
  const areas = areasFor(user.role);
  const selected = areas.flatMap((a) => a.entries).find((e) => location.pathname.startsWith(e.path))?.path;

  return (
    <TimeZoneProvider timeZone={timeZone}>
      <Layout className={styles.shell}>
        <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" className={styles.sider}>
          <div className={styles.brand}>{t('app.shortName')}</div>
          <nav aria-label={t('app.name')}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              defaultOpenKeys={areas.map((a) => a.label)}
              onClick={({ key }) => navigate(key)}
              items={areas.map((area) => ({
                key: area.label,
                type: 'group' as const,
                label: t(area.label),
                children: area.entries.map((e) => ({ key: e.path, label: t(e.label) })),
              }))}
            />
          </nav>
        </Layout.Sider>
        <Layout>
          <Layout.Header className={styles.header}>
            <Space size="middle">
              <Typography.Text data-testid="signed-in-user">
                {user.displayName} · {t(`role.${user.role}`)}
              </Typography.Text>
              <LanguageSwitch />
              <Button
                onClick={async () => {
                  await signOut();
                  setSession(null);
                  navigate('/sign-in', { replace: true });
                }}
              >
                {t('auth.signOut')}
              </Button>
            </Space>
          </Layout.Header>
          <Layout.Content className={styles.content}>
            <Suspense fallback={<Spin tip={t('app.loading')}><div className={styles.loading} /></Spin>}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </TimeZoneProvider>
  );
}
