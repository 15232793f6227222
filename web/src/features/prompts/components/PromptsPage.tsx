import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Popconfirm, Radio, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useSession } from '@/features/auth/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { previewTts } from '../api/prompts-api.ts';
import type { Prompt, TtsLanguage } from '../api/prompts-api.ts';
import { usePromptActions, usePrompts } from '../hooks/usePrompts.ts';

/** C3: the tenant's prompts — uploaded (WAV/MP3 → 8 kHz) or spoken from text after a preview. */
export function PromptsPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const { message } = App.useApp();
  const session = useSession();
  const isAdmin = session.data?.role === 'tenant_admin';
  const prompts = usePrompts();
  const actions = usePromptActions();
  const [playing, setPlaying] = useState<string | null>(null);
  const [uploadName, setUploadName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [tts] = Form.useForm<{ name: string; text: string; language: TtsLanguage }>();
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => void (previewUrl && URL.revokeObjectURL(previewUrl)), [previewUrl]);

  const fail = (err: unknown) => setError(err instanceof Error ? err.message : String(err));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('prompts.title')}
      </Typography.Title>
      {error ? <Alert type="error" showIcon role="alert" message={error} closable onClose={() => setError(null)} /> : null}
      {isAdmin ? (
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card title={t('prompts.upload')}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <label>
                  {t('prompts.name')}
                  <Input value={uploadName} onChange={(e) => setUploadName(e.target.value)} aria-label={t('prompts.name')} maxLength={100} />
                </label>
                <Upload
                  accept=".wav,.mp3,audio/wav,audio/mpeg"
                  maxCount={1}
                  fileList={file ? [{ uid: 'chosen', name: file.name }] : []}
                  beforeUpload={(f) => {
                    setFile(f);
                    if (!uploadName) setUploadName(f.name.replace(/\.[^.]+$/, ''));
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                >
                  <Button icon={<UploadOutlined />}>{t('prompts.chooseFile')}</Button>
                </Upload>
                <Typography.Text type="secondary">{t('prompts.uploadHint')}</Typography.Text>
                <Button
                  type="primary"
                  disabled={!file || !uploadName.trim()}
                  loading={actions.upload.isPending}
                  onClick={() => {
                    if (!file) return;
                    actions.upload.mutate(
                      { name: uploadName.trim(), file },
                      {
                        onSuccess: (p) => {
                          void message.success(t('prompts.added', { name: p.name }));
                          setFile(null);
                          setUploadName('');
                        },
                        onError: fail,
                      },
                    );
                  }}
                >
                  {t('prompts.uploadButton')}
                </Button>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card title={t('prompts.tts')}>
              <Form
                form={tts}
                layout="vertical"
                name="tts"
                initialValues={{ language: 'zh-CN' }}
                onFinish={(v) =>
                  actions.speak.mutate(v, {
                    onSuccess: (p) => {
                      void message.success(t('prompts.added', { name: p.name }));
                      tts.resetFields();
                      setPreviewUrl(null);
                    },
                    onError: fail,
                  })
                }
              >
                <Form.Item name="name" label={t('prompts.name')} rules={[{ required: true, max: 100 }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="text" label={t('prompts.text')} rules={[{ required: true, max: 2000 }]}>
                  <Input.TextArea rows={3} />
                </Form.Item>
                <Form.Item name="language" label={t('prompts.language')}>
                  <Radio.Group options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} />
                </Form.Item>
                <Space wrap>
                  <Button
                    loading={previewing}
                    onClick={async () => {
                      const { text, language } = tts.getFieldsValue();
                      if (!text) return;
                      setPreviewing(true);
                      try {
                        setPreviewUrl(URL.createObjectURL(await previewTts(text, language ?? 'zh-CN')));
                      } catch (err) {
                        fail(err);
                      } finally {
                        setPreviewing(false);
                      }
                    }}
                  >
                    {t('prompts.preview')}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={actions.speak.isPending}>
                    {t('prompts.keep')}
                  </Button>
                  {previewUrl ? <audio controls autoPlay src={previewUrl} aria-label={t('prompts.previewPlayer')} data-testid="tts-preview" style={{ height: 36 }} /> : null}
                </Space>
              </Form>
            </Card>
          </Col>
        </Row>
      ) : null}
      <Table<Prompt>
        rowKey="id"
        loading={prompts.isPending}
        dataSource={prompts.data ?? []}
        pagination={false}
        columns={[
          { title: t('prompts.name'), dataIndex: 'name' },
          { title: t('prompts.source'), dataIndex: 'source', render: (s: Prompt['source']) => <Tag color={s === 'tts' ? 'purple' : 'blue'}>{t(`promptSource.${s}`)}</Tag> },
          { title: t('prompts.duration'), dataIndex: 'durationMs', render: (ms: number) => fmt.duration(Math.round(ms / 1000)) },
          { title: t('prompts.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmt.dateTime(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, p) => (
              <Space wrap>
                {playing === p.id ? (
                  <audio controls autoPlay src={p.audioUrl} aria-label={t('prompts.player', { name: p.name })} data-testid={`prompt-player-${p.name}`} style={{ height: 32 }} />
                ) : (
                  <Button size="small" onClick={() => setPlaying(p.id)} aria-label={t('prompts.play', { name: p.name })}>
                    {t('prompts.playShort')}
                  </Button>
                )}
                {isAdmin ? (
                  <Popconfirm title={t('prompts.confirmDelete', { name: p.name })} onConfirm={() => actions.remove.mutate(p.id, { onError: fail })}>
                    <Button size="small" danger aria-label={`${t('common.remove')} ${p.name}`}>
                      {t('common.remove')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
