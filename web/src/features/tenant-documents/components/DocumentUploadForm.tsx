import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Input, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '@/shared/i18n/index.ts';
import { NUMBERED_KINDS } from '../api/documents-api.ts';
import type { DocumentKind } from '../api/documents-api.ts';

export interface DocumentUploadFormProps {
  /** Makes the form's id unique on a page listing several enterprises. */
  idPrefix: string;
  kind: DocumentKind;
  /** The number on file, offered again when a new file replaces the old. */
  number: string;
  busy: boolean;
  onUpload(file: File, number: string): Promise<unknown>;
}

/** Choose the scan (PDF, JPG or PNG) and, for a licence or an ID card, its number; then upload. */
export function DocumentUploadForm({ idPrefix, kind, number, busy, onUpload }: DocumentUploadFormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ number: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const numbered = NUMBERED_KINDS.includes(kind);
  const kindName = t(`docKind.${kind}`);

  const submit = async (v: { number?: string }) => {
    if (!file) return setMissingFile(true);
    await onUpload(file, v.number?.trim() ?? '');
    setFile(null);
  };

  return (
    <Form form={form} layout="inline" name={`${idPrefix}-${kind}`} initialValues={{ number }} onFinish={(v) => void submit(v).catch(() => undefined)} aria-label={t('documents.uploadFor', { kind: kindName })}>
      {numbered ? (
        <Form.Item label={t('documents.number')} name="number" rules={[{ required: true, whitespace: true, message: t('documents.numberRule') }]}>
          <Input size="small" maxLength={64} style={{ width: 190 }} />
        </Form.Item>
      ) : null}
      <Form.Item validateStatus={missingFile ? 'error' : ''} help={missingFile ? t('documents.fileRule') : undefined}>
        <Upload
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          maxCount={1}
          fileList={file ? [{ uid: 'chosen', name: file.name }] : []}
          beforeUpload={(f) => {
            setFile(f);
            setMissingFile(false);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button size="small" icon={<UploadOutlined />} aria-label={`${t('documents.chooseFile')}：${kindName}`}>
            {t('documents.chooseFile')}
          </Button>
        </Upload>
      </Form.Item>
      <Button size="small" type="primary" htmlType="submit" loading={busy}>
        {t('documents.upload')}
      </Button>
    </Form>
  );
}
