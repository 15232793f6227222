import { Alert, App, Badge, Button, Card, Cascader, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Switch, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { BoundPhone, NumberPolicy, Routing } from '../api/numbers-api.ts';
import { STRATEGIES } from '../api/numbers-api.ts';
import { BoundPhonesRefused, useSaveRouting } from '../hooks/useNumberRouting.ts';
import { BoundPhonesEditor } from './BoundPhonesEditor.tsx';
import { HolidayPreview } from './HolidayPreview.tsx';
import { problemsOf } from './policy-problems.ts';
import { REGION_OPTIONS } from './regions.ts';
import { DAYS, draftOf, policyOf, sectionOf } from './routing-draft.ts';
import type { RoutingDraft, Section } from './routing-draft.ts';

const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
const PHONE = /^\+?[0-9]{3,32}$/;

/**
 * One number's routing (P5, R1–R6): bound phones and their order, the strategy, phone groups, the
 * time plan, caller-region rules, the blacklist and forwarding — saved together, effective for the
 * next call. The server's refusals are shown in the section they concern.
 */
export function RoutingEditor({ number, routing }: { number: string; routing: Routing }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const fmt = useFormat();
  const [form] = Form.useForm<RoutingDraft>();
  const [phones, setPhones] = useState<BoundPhone[]>(routing.boundPhones);
  const [problems, setProblems] = useState<{ section: Section; text: string }[]>([]);
  const save = useSaveRouting(number);
  const stored: NumberPolicy = routing.policy.policy;
  const initial = useMemo(() => draftOf(stored), [stored]);
  const [percents, setPercents] = useState(initial.percents);
  useEffect(() => {
    setPhones(routing.boundPhones);
    setPercents(initial.percents);
    form.setFieldsValue(initial);
  }, [routing, initial, form]);

  const strategy = Form.useWatch('strategy', form) ?? initial.strategy;
  const groups = Form.useWatch('groups', form) ?? initial.groups;
  const scheduleOn = Form.useWatch('scheduleOn', form) ?? initial.scheduleOn;
  const closedAction = Form.useWatch('closedAction', form) ?? initial.closedAction;
  const holidays = Form.useWatch('holidays', form) ?? initial.holidays;
  const percentSum = phones.reduce((s, p) => s + (percents[p.target] ?? 0), 0);
  const groupOptions = (groups ?? []).filter((g) => g?.name).map((g) => ({ value: g.name, label: g.name }));
  const phoneOptions = phones.map((p) => ({ value: p.target, label: p.target }));
  const bySection = (s: Section) => problems.filter((p) => p.section === s).map((p) => p.text);
  const problemAlert = (s: Section) => {
    const list = bySection(s);
    return list.length > 0 ? <Alert type="error" showIcon role="alert" data-testid={`problems-${s}`} message={t('routing.problems')} description={<ul>{list.map((p) => <li key={p}>{p}</li>)}</ul>} style={{ marginBottom: 12 }} /> : null;
  };
  const tabLabel = (s: Section, key: Parameters<typeof t>[0]) => (bySection(s).length > 0 ? <Badge dot offset={[6, 0]}>{t(key)}</Badge> : t(key));

  const submit = async () => {
    let draft: RoutingDraft;
    try {
      draft = await form.validateFields();
    } catch {
      return;
    }
    if (strategy === 'percentage' && percentSum !== 100) return;
    setProblems([]);
    try {
      await save.mutateAsync({ phones, policy: policyOf({ ...initial, ...draft, percents }, phones, stored) });
      void message.success(t('routing.saved'));
    } catch (err) {
      if (err instanceof BoundPhonesRefused) setProblems(problemsOf(err.reason).map((text) => ({ section: 'phones' as const, text })));
      else setProblems(problemsOf(err).map((text) => ({ section: sectionOf(text), text })));
    }
  };

  const tagsSelect = (label: string) => <Select mode="tags" aria-label={label} tokenSeparators={[',', ' ', '，']} open={false} suffixIcon={null} />;

  return (
    <Form form={form} layout="vertical" initialValues={initial} name="routing" onFinish={submit}>
      {problemAlert('other')}
      <Tabs
        items={[
          {
            key: 'phones',
            forceRender: true,
            label: tabLabel('phones', 'numbers.boundPhones'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }} size="middle">
                {problemAlert('phones')}
                <Form.Item name="strategy" label={t('numbers.strategy')}>
                  <Radio.Group optionType="button" options={STRATEGIES.map((s) => ({ value: s, label: t(`strategy.${s}`) }))} />
                </Form.Item>
                <BoundPhonesEditor
                  phones={phones}
                  onChange={setPhones}
                  {...(strategy === 'percentage' ? { percents } : {})}
                  onPercent={(target, v) => setPercents((p) => ({ ...p, [target]: v }))}
                />
                {strategy === 'percentage' && percentSum !== 100 ? (
                  <Typography.Text type="danger" role="alert" data-testid="percent-sum">
                    {t('numbers.percentSum', { sum: percentSum })}
                  </Typography.Text>
                ) : null}
                <Form.Item name="ringTimeoutSeconds" label={t('routing.ringTimeout')} rules={[{ type: 'number', min: 5, max: 120, message: t('routing.ringTimeoutRule') }]}>
                  <InputNumber min={1} max={300} addonAfter={t('routing.secondsUnit')} />
                </Form.Item>
              </Space>
            ),
          },
          {
            key: 'groups',
            forceRender: true,
            label: tabLabel('groups', 'routing.groups'),
            children: (
              <>
                {problemAlert('groups')}
                <Typography.Paragraph type="secondary">{t('routing.groupsHint')}</Typography.Paragraph>
                <Form.List name="groups">
                  {(fields, { add, remove }) => (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      {fields.map((f) => (
                        <Card size="small" key={f.key}>
                          <Space wrap align="start">
                            <Form.Item name={[f.name, 'name']} label={t('routing.groupName')} rules={[{ required: true, pattern: /^[A-Za-z0-9_\-\u4e00-\u9fff]{1,40}$/, message: t('routing.groupNameRule') }]}>
                              <Input style={{ width: 160 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'phones']} label={t('routing.groupPhones')}>
                              <Select mode="multiple" options={phoneOptions} style={{ minWidth: 260 }} placeholder={t('routing.allPhones')} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'strategy']} label={t('numbers.strategy')}>
                              <Select style={{ width: 160 }} options={STRATEGIES.filter((s) => s !== 'percentage').map((s) => ({ value: s, label: t(`strategy.${s}`) }))} />
                            </Form.Item>
                            <Button danger onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                              {t('common.remove')}
                            </Button>
                          </Space>
                        </Card>
                      ))}
                      <Button onClick={() => add({ name: '', phones: [], strategy: 'top-down' })}>{t('routing.addGroup')}</Button>
                    </Space>
                  )}
                </Form.List>
              </>
            ),
          },
          {
            key: 'schedule',
            forceRender: true,
            label: tabLabel('schedule', 'routing.schedule'),
            children: (
              <>
                {problemAlert('schedule')}
                <Form.Item name="scheduleOn" label={t('routing.scheduleOn')} valuePropName="checked">
                  <Switch />
                </Form.Item>
                {scheduleOn ? (
                  <Space align="start" size="large" wrap>
                    <div style={{ minWidth: 560 }}>
                      <Form.List name="windows">
                        {(fields, { add, remove }) => (
                          <Space direction="vertical" style={{ width: '100%' }}>
                            {fields.map((f, i) => (
                              <Card size="small" key={f.key} title={t('routing.window', { n: i + 1 })} extra={<Button size="small" danger onClick={() => remove(f.name)}>{t('common.remove')}</Button>}>
                                <Form.Item name={[f.name, 'days']} label={t('routing.days')} rules={[{ required: true, message: t('routing.daysRule') }]}>
                                  <Checkbox.Group options={DAYS.map((d) => ({ value: d, label: t(`day.${d}`) }))} />
                                </Form.Item>
                                <Space wrap>
                                  <Form.Item name={[f.name, 'from']} label={t('routing.from')} rules={[{ required: true, pattern: CLOCK, message: t('routing.clockRule') }]}>
                                    <Input placeholder="09:00" style={{ width: 100 }} />
                                  </Form.Item>
                                  <Form.Item name={[f.name, 'to']} label={t('routing.to')} rules={[{ required: true, pattern: CLOCK, message: t('routing.clockRule') }]}>
                                    <Input placeholder="18:00" style={{ width: 100 }} />
                                  </Form.Item>
                                  <Form.Item name={[f.name, 'group']} label={t('routing.windowGroup')}>
                                    <Select allowClear options={groupOptions} style={{ width: 180 }} placeholder={t('routing.defaultGroup')} />
                                  </Form.Item>
                                </Space>
                              </Card>
                            ))}
                            <Button onClick={() => add({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' })}>{t('routing.addWindow')}</Button>
                          </Space>
                        )}
                      </Form.List>
                      <Form.Item name="holidays" label={t('routing.holidays')} style={{ marginTop: 16 }}>
                        <Radio.Group options={[{ value: 'cn', label: t('routing.holidaysCn') }, { value: 'none', label: t('routing.holidaysNone') }]} />
                      </Form.Item>
                      <Form.Item name="closedAction" label={t('routing.closed')}>
                        <Radio.Group options={[{ value: 'refuse', label: t('routing.closedRefuse') }, { value: 'group', label: t('routing.closedGroup') }]} />
                      </Form.Item>
                      {closedAction === 'group' ? (
                        <Form.Item name="closedGroup" label={t('routing.closedGroupName')} rules={[{ required: true, message: t('routing.pickGroup') }]}>
                          <Select options={groupOptions} style={{ width: 200 }} />
                        </Form.Item>
                      ) : null}
                    </div>
                    {holidays === 'cn' ? <HolidayPreview /> : null}
                  </Space>
                ) : null}
              </>
            ),
          },
          {
            key: 'regions',
            forceRender: true,
            label: tabLabel('regions', 'routing.regions'),
            children: (
              <>
                {problemAlert('regions')}
                <Typography.Paragraph type="secondary">{t('routing.regionsHint')}</Typography.Paragraph>
                <Form.List name="regionRules">
                  {(fields, { add, remove }) => (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      {fields.map((f, i) => (
                        <Card size="small" key={f.key} title={t('routing.regionRule', { n: i + 1 })} extra={<Button size="small" danger onClick={() => remove(f.name)}>{t('common.remove')}</Button>}>
                          <Space wrap align="start">
                            <Form.Item name={[f.name, 'regions']} label={t('routing.regionPicker')} rules={[{ required: true, message: t('routing.regionRule1') }]}>
                              <Cascader multiple options={REGION_OPTIONS} showCheckedStrategy={Cascader.SHOW_PARENT} style={{ minWidth: 320 }} placeholder={t('routing.regionPlaceholder')} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'group']} label={t('routing.ruleGroup')} rules={[{ required: true, message: t('routing.pickGroup') }]}>
                              <Select options={groupOptions} style={{ width: 180 }} />
                            </Form.Item>
                          </Space>
                        </Card>
                      ))}
                      <Button onClick={() => add({ regions: [], group: undefined })}>{t('routing.addRegionRule')}</Button>
                    </Space>
                  )}
                </Form.List>
              </>
            ),
          },
          {
            key: 'blocking',
            forceRender: true,
            label: tabLabel('blocking', 'routing.blocking'),
            children: (
              <>
                {problemAlert('blocking')}
                <Form.Item name="blockNumbers" label={t('routing.blockNumbers')} extra={t('routing.tagsHint')} rules={[{ validator: (_, v: string[] = []) => (v.every((x) => PHONE.test(x)) ? Promise.resolve() : Promise.reject(new Error(t('routing.phoneRule')))) }]}>
                  {tagsSelect(t('routing.blockNumbers'))}
                </Form.Item>
                <Form.Item name="blockPrefixes" label={t('routing.blockPrefixes')}>
                  {tagsSelect(t('routing.blockPrefixes'))}
                </Form.Item>
                <Form.Item name="blockAreaCodes" label={t('routing.blockAreaCodes')} rules={[{ validator: (_, v: string[] = []) => (v.every((x) => /^0[0-9]{2,3}$/.test(x)) ? Promise.resolve() : Promise.reject(new Error(t('routing.areaCodeRule')))) }]}>
                  {tagsSelect(t('routing.blockAreaCodes'))}
                </Form.Item>
                <Form.Item name="blockAnonymous" valuePropName="checked">
                  <Checkbox>{t('routing.blockAnonymous')}</Checkbox>
                </Form.Item>
              </>
            ),
          },
          {
            key: 'forwarding',
            forceRender: true,
            label: tabLabel('forwarding', 'routing.forwarding'),
            children: (
              <>
                {problemAlert('forwarding')}
                <Form.Item name="onBusy" label={t('routing.onBusy')} extra={t('routing.forwardHint')}>
                  {tagsSelect(t('routing.onBusy'))}
                </Form.Item>
                <Form.Item name="onNoAnswer" label={t('routing.onNoAnswer')} extra={t('routing.forwardHint')}>
                  {tagsSelect(t('routing.onNoAnswer'))}
                </Form.Item>
              </>
            ),
          },
        ]}
      />
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('routing.save')}
      </Button>
      {routing.policy.updatedAt ? (
        <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
          {t('routing.updatedBy', { by: routing.policy.updatedBy ?? '', at: fmt.dateTime(routing.policy.updatedAt) })}
        </Typography.Text>
      ) : null}
    </Form>
  );
}
