import { Alert, App, Button, Card, Descriptions, Select, Space, Switch } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import type { Tenant } from '../api/tenants-api.ts';
import { useTenantOutbound } from '../hooks/useTenantOutbound.ts';

/**
 * The operator's toll-fraud controls of one enterprise (docs/security.md): the countries beyond China
 * its calls may reach, whether its calls may be transferred to outside numbers, and a suspension the
 * fraud detector put on its outbound calls, to lift. Each change is audited by the server.
 */
export function TenantOutbound({ tenant }: { tenant: Tenant }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const { outbound, update, lift } = useTenantOutbound(tenant.id);
  const o = outbound.data;
  const failed = (e: Error) => void message.error(e.message);

  return (
    <Card size="small" title={t('outbound.title')} loading={outbound.isPending} data-testid={`outbound-${tenant.code}`}>
      {outbound.isError ? <Alert type="error" showIcon message={outbound.error.message} /> : null}
      {o ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('outbound.countries')}>
            <Select
              mode="tags"
              aria-label={t('outbound.countries')}
              style={{ minWidth: 280 }}
              placeholder={t('outbound.countriesNone')}
              value={o.allowedCountryCodes}
              tokenSeparators={[',', ' ']}
              loading={update.isPending}
              onChange={(codes: string[]) =>
                update.mutate({ allowedCountryCodes: codes }, { onSuccess: () => void message.success(t('outbound.saved')), onError: failed })
              }
              options={o.allowedCountryCodes.map((c) => ({ value: c, label: `+${c}` }))}
            />
          </Descriptions.Item>
          <Descriptions.Item label={t('outbound.transfers')}>
            <Space>
              <Switch
                aria-label={t('outbound.transfers')}
                checked={o.outsideTransfers}
                loading={update.isPending}
                onChange={(on) => update.mutate({ outsideTransfers: on }, { onSuccess: () => void message.success(t('outbound.saved')), onError: failed })}
              />
              <span>{t(o.outsideTransfers ? 'outbound.transfersOn' : 'outbound.transfersOff')}</span>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('outbound.suspension')}>
            {o.suspended ? (
              <Space wrap>
                <Alert type="error" showIcon message={t('outbound.suspendedSince', { at: fmt.dateTime(o.suspended.at), reason: o.suspended.reason })} />
                <Button danger loading={lift.isPending} onClick={() => lift.mutate(undefined, { onSuccess: () => void message.success(t('outbound.lifted')), onError: failed })}>
                  {t('outbound.lift')}
                </Button>
              </Space>
            ) : (
              t('outbound.notSuspended')
            )}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </Card>
  );
}
