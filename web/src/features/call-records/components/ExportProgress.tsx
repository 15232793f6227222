import { Alert, Button, Progress, Space, Typography } from 'antd';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import type { ExportJob } from '../api/call-records-api.ts';

/** The export job under way: rows written of the total, then the file to download (or why not). */
export function ExportProgress({ job }: { job: ExportJob }) {
  const { t } = useI18n();
  const fmt = useFormat();
  if (job.status === 'failed') return <Alert type="error" showIcon data-testid="export-status" message={t('cdr.exportFailed', { message: job.error ?? '' })} />;
  if (job.status === 'expired') return <Alert type="warning" showIcon data-testid="export-status" message={t('cdr.exportExpired')} />;
  const total = job.rowsTotal ?? 0;
  const percent = job.status === 'done' ? 100 : total > 0 ? Math.floor((job.rowsWritten / total) * 100) : 0;
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 560 }} data-testid="export-status">
      <Typography.Text>
        {job.status === 'done'
          ? t('cdr.exportReady', { n: job.rowsWritten })
          : t('cdr.exportProgress', { done: job.rowsWritten, total: job.rowsTotal === null ? '…' : job.rowsTotal })}
      </Typography.Text>
      <Progress percent={percent} status={job.status === 'done' ? 'success' : 'active'} aria-label={t('cdr.exportProgressLabel')} />
      {job.truncated ? <Alert type="warning" showIcon message={t('cdr.exportTruncated', { n: job.rowsWritten })} /> : null}
      {job.status === 'done' && job.downloadUrl ? (
        <Space>
          <Button type="primary" href={job.downloadUrl} download data-testid="export-download">
            {t('cdr.exportDownload')}
          </Button>
          {job.expiresAt ? <Typography.Text type="secondary">{t('cdr.exportExpires', { time: fmt.dateTime(job.expiresAt) })}</Typography.Text> : null}
        </Space>
      ) : null}
    </Space>
  );
}
