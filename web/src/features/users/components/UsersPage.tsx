import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '@/features/auth/index.ts';
import { ApiError } from '@/shared/api/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { PageHeader } from '@/shared/ui/index.ts';
import type { NewUser, Role, User } from '../api/users-api.ts';
import { useOwnTenant, useUserActions, useUsers } from '../hooks/useUsers.ts';

const TENANT_ROLES: readonly Role[] = ['tenant_admin', 'supervisor', 'qa_reviewer', 'agent'];

/** Why the server refused, with a weak password's problems spelled out. */
function reasonOf(err: unknown): string {
  if (err instanceof ApiError && err.code === 'WEAK_PASSWORD') {
    const problems = (err.details as { problems?: string[] } | null)?.problems ?? [];
    return `${err.message}${problems.length ? `: ${problems.join('; ')}` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * C33: the users of the enterprise (operator: the operator admins) — add with a role, change the
 * role, disable, reset a password (its owner picks a new one at the next sign-in), delete. Agents
 * take seats (C32).
 */
export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = useSession();
  const me = session.data;
  const isOperator = me?.role === 'operator_admin';
  const users = useUsers();
  const tenant = useOwnTenant(!isOperator);
  const actions = useUserActions();
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [addForm] = Form.useForm<NewUser>();
  const [resetForm] = Form.useForm<{ password: string }>();
  const roles: readonly Role[] = isOperator ? ['operator_admin'] : TENANT_ROLES;
  const agents = (users.data ?? []).filter((u) => u.role === 'agent' && !u.disabled).length;
  const fail = (err: unknown) => setError(reasonOf(err));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('users.title')}
        actions={
          <Space>
            {tenant.data ? <Tag color="blue" data-testid="seats">{t('users.seats', { used: agents, seats: tenant.data.seats })}</Tag> : null}
            <Button
              type="primary"
              onClick={() => {
                setError(null);
                setAdding(true);
              }}
            >
              {t('users.add')}
            </Button>
          </Space>
        }
      />
      {error && !adding && !resetting ? <Alert type="error" showIcon role="alert" message={error} closable onClose={() => setError(null)} /> : null}
      <Table<User>
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data ?? []}
        pagination={false}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          {
            title: t('users.role'),
            dataIndex: 'role',
            render: (role: Role, u) =>
              u.loginKind === 'number' || u.id === me?.id ? (
                <Tag>{t(`role.${role}`)}</Tag>
              ) : (
                <Select
                  size="small"
                  aria-label={t('users.roleOf', { name: u.username })}
                  value={role}
                  style={{ width: 130 }}
                  options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                  onChange={(next) => actions.change.mutate({ id: u.id, change: { role: next } }, { onSuccess: () => void message.success(t('common.saved')), onError: fail })}
                />
              ),
          },
          { title: t('users.agentId'), dataIndex: 'agentId', render: (v: string | null) => v ?? '' },
          { title: t('users.loginKind'), dataIndex: 'loginKind', render: (k: User['loginKind']) => t(`loginKind.${k}`) },
          {
            title: t('users.enabled'),
            dataIndex: 'disabled',
            render: (disabled: boolean, u) => (
              <Switch
                size="small"
                checked={!disabled}
                disabled={u.id === me?.id}
                aria-label={t('users.enabledOf', { name: u.username })}
                onChange={(on) => actions.change.mutate({ id: u.id, change: { disabled: !on } }, { onError: fail })}
              />
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => {
                  setError(null);
                  setResetting(u);
                }}>
                  {t('users.resetPassword')}
                </Button>
                {u.id !== me?.id ? (
                  <Popconfirm title={t('users.confirmDelete', { name: u.username })} onConfirm={() => actions.remove.mutate(u.id, { onError: fail })}>
                    <Button size="small" danger aria-label={`${t('common.remove')} ${u.username}`}>
                      {t('common.remove')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal title={t('users.add')} open={adding} onCancel={() => setAdding(false)} onOk={() => addForm.submit()} okText={t('common.save')} confirmLoading={actions.create.isPending} destroyOnClose>
        {error ? <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} /> : null}
        <Form<NewUser>
          form={addForm}
          layout="vertical"
          name="new-user"
          initialValues={{ role: roles[roles.length - 1] }}
          onFinish={(v) =>
            actions.create.mutate(
              { ...v, ...(v.agentId ? {} : { agentId: undefined }) },
              {
                onSuccess: (u) => {
                  setError(null);
                  void message.success(t('users.created', { name: u.username }));
                  setAdding(false);
                  addForm.resetFields();
                },
                onError: fail,
              },
            )
          }
        >
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9+][A-Za-z0-9._@+-]{1,63}$/, message: t('users.usernameRule') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
            <Select options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          {!isOperator ? (
            <Form.Item name="agentId" label={t('users.agentId')}>
              <Input />
            </Form.Item>
          ) : null}
          <Form.Item name="password" label={t('users.initialPassword')} extra={t('auth.passwordRule')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={resetting ? t('users.resetPasswordOf', { name: resetting.username }) : ''}
        open={resetting !== null}
        onCancel={() => setResetting(null)}
        onOk={() => resetForm.submit()}
        okText={t('common.save')}
        confirmLoading={actions.change.isPending}
        destroyOnClose
      >
        {error ? <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} /> : null}
        <Form<{ password: string }>
          form={resetForm}
          layout="vertical"
          name="reset-password"
          onFinish={(v) =>
            resetting &&
            actions.change.mutate(
              { id: resetting.id, change: { password: v.password } },
              {
                onSuccess: () => {
                  setError(null);
                  void message.success(t('users.passwordReset', { name: resetting.username }));
                  setResetting(null);
                  resetForm.resetFields();
                },
                onError: fail,
              },
            )
          }
        >
          <Typography.Paragraph type="secondary">{t('users.resetHint')}</Typography.Paragraph>
          <Form.Item name="password" label={t('auth.newPassword')} extra={t('auth.passwordRule')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
