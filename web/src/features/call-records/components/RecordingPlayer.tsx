import { DownloadOutlined } from '@ant-design/icons';
import { Space } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';
import { recordingHref } from '../api/call-records-api.ts';
import type { CallRecord } from '../api/call-records-api.ts';

/**
 * The browser's own audio player on the recording route: it streams and seeks by HTTP Range, and its
 * controls work with the keyboard. Downloads in WAV (as stored) or MP3 (converted by the server).
 */
export function RecordingPlayer({ record }: { record: CallRecord }) {
  const { t } = useI18n();
  const wav = recordingHref(record, 'wav');
  const mp3 = recordingHref(record, 'mp3');
  if (!wav || !mp3) return <span>{t('cdr.noRecording')}</span>;
  return (
    <Space wrap data-testid={`player-${record.id}`}>
      <audio controls autoPlay preload="metadata" src={wav} aria-label={t('cdr.player')} style={{ height: 36, minWidth: 320 }} />
      <a href={wav} download={`${record.id}.wav`}>
        <DownloadOutlined /> {t('cdr.downloadWav')}
      </a>
      <a href={mp3} download={`${record.id}.mp3`}>
        <DownloadOutlined /> {t('cdr.downloadMp3')}
      </a>
    </Space>
  );
}
