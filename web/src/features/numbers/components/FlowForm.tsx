import { Alert, App, Button, Form, Input, InputNumber, Radio, Select, Space, Spin, Switch, Typography } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import type { FlowPrompt, NumberFlow } from '../api/numbers-api.ts';
import { useFlow, useLibraryPrompts, useSaveFlow } from '../hooks/useNumberRouting.ts';
import { problemsOf } from './policy-problems.ts';

const SYSTEM_PROMPTS = ['welcome', 'please-hold', 'leave-message', 'thank-you', 'all-agents-busy', 'enter-password', 'goodbye'] as const;

/** A prompt as one Select value: '' none, `system:welcome`, `audio:prompts/x.wav`, `text`. */
type PromptKey = string;

interface FlowValues {
  language: 'zh-CN' | 'en';
  welcome: PromptKey;
  welcomeText?: string;
  ringback: PromptKey;
  ringbackText?: string;
  passwordOn: boolean;
  passwordDigits?: string;
  voicemailOn: boolean;
  voicemailMaxSeconds?: number;
}

function keyOf(p: FlowPrompt | undefined): PromptKey {
  if (!p) return '';
  if ('system' in p) return `system:${p.system}`;
  if ('audio' in p) return `audio:${p.audio}`;
  return 'text';
}

function promptOf(key: PromptKey, text: string | undefined): FlowPrompt | undefined {
  if (key.startsWith('system:')) return { system: key.slice(7) as Extract<FlowPrompt, { system: unknown }>['system'] };
  if (key.startsWith('audio:')) return { audio: key.slice(6) };
  if (key === 'text' && text) return { text };
  return undefined;
}

/** The number's pre-dial flow (R7, R9, R10, R13): welcome, caller password, ringback, voicemail. */
export function FlowForm({ number }: { number: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const flow = useFlow(number);
  const prompts = useLibraryPrompts();
  const save = useSaveFlow(number);
  const [form] = Form.useForm<FlowValues>();
  const welcome = Form.useWatch('welcome', form);
  const ringback = Form.useWatch('ringback', form);
  const passwordOn = Form.useWatch('passwordOn', form);
  const voicemailOn = Form.useWatch('voicemailOn', form);
  if (!flow.data) return <Spin />;
  const f = flow.data.flow;
  const promptOptions = [
    { value: '', label: t('flow.none') },
    { label: t('flow.systemPrompts'), options: SYSTEM_PROMPTS.map((s) => ({ value: `system:${s}`, label: t(`systemPrompt.${s}`) })) },
    { label: t('flow.library'), options: (prompts.data ?? []).map((p) => ({ value: `audio:${p.flowAudio}`, label: p.name })) },
    { value: 'text', label: t('flow.text') },
  ];
  const initial: FlowValues = {
    language: f.language ?? 'zh-CN',
    welcome: keyOf(f.welcome),
    ...(f.welcome && 'text' in f.welcome ? { welcomeText: f.welcome.text } : {}),
    ringback: keyOf(f.ringback),
    ...(f.ringback && 'text' in f.ringback ? { ringbackText: f.ringback.text } : {}),
    passwordOn: f.password !== undefined,
    ...(f.password ? { passwordDigits: f.password.digits } : {}),
    voicemailOn: f.voicemail?.enabled ?? false,
    ...(f.voicemail?.maxSeconds ? { voicemailMaxSeconds: f.voicemail.maxSeconds } : {}),
  };
  const submit = async (v: FlowValues) => {
    const next: NumberFlow = { ...f, language: v.language };
    const set = <K extends 'welcome' | 'ringback'>(k: K, p: FlowPrompt | undefined) => {
      if (p) next[k] = p;
      else delete next[k];
    };
    set('welcome', promptOf(v.welcome, v.welcomeText));
    set('ringback', promptOf(v.ringback, v.ringbackText));
    if (v.passwordOn && v.passwordDigits) next.password = { ...f.password, digits: v.passwordDigits };
    else delete next.password;
    if (v.voicemailOn) next.voicemail = { ...f.voicemail, enabled: true, ...(v.voicemailMaxSeconds ? { maxSeconds: v.voicemailMaxSeconds } : {}) };
    else if (f.voicemail) next.voicemail = { ...f.voicemail, enabled: false };
    await save.mutateAsync(next);
    void message.success(t('common.saved'));
  };
  return (
    <Form<FlowValues> form={form} layout="vertical" name="flow" initialValues={initial} key={flow.data.updatedAt ?? 'none'} onFinish={(v) => void submit(v).catch(() => undefined)} style={{ maxWidth: 640 }}>
      <Typography.Paragraph type="secondary">{t('flow.hint')}</Typography.Paragraph>
      <Form.Item name="language" label={t('flow.language')}>
        <Radio.Group options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} />
      </Form.Item>
      <Form.Item name="welcome" label={t('flow.welcome')}>
        <Select options={promptOptions} />
      </Form.Item>
      {welcome === 'text' ? (
        <Form.Item name="welcomeText" label={t('flow.welcomeText')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      ) : null}
      <Form.Item name="ringback" label={t('flow.ringback')}>
        <Select options={promptOptions} />
      </Form.Item>
      {ringback === 'text' ? (
        <Form.Item name="ringbackText" label={t('flow.ringbackText')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      ) : null}
      <Space size="large" align="start">
        <Form.Item name="passwordOn" label={t('flow.password')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {passwordOn ? (
          <Form.Item name="passwordDigits" label={t('flow.passwordDigits')} rules={[{ required: true, pattern: /^[0-9]{1,16}$/, message: t('flow.passwordRule') }]}>
            <Input style={{ width: 160 }} inputMode="numeric" />
          </Form.Item>
        ) : null}
      </Space>
      <Space size="large" align="start">
        <Form.Item name="voicemailOn" label={t('flow.voicemail')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {voicemailOn ? (
          <Form.Item name="voicemailMaxSeconds" label={t('flow.voicemailMax')}>
            <InputNumber min={5} max={300} addonAfter={t('routing.secondsUnit')} />
          </Form.Item>
        ) : null}
      </Space>
      {save.error ? <Alert type="error" showIcon role="alert" message={problemsOf(save.error).join('; ')} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('flow.save')}
      </Button>
    </Form>
  );
}
