import { ApiError } from '@/shared/api/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';

/** An upload's refusal in the user's language where the code says what was wrong with the file;
 * otherwise the server's own message (a bad credit code says which). */
export function useUploadErrorText(): (err: Error) => string {
  const { t } = useI18n();
  return (err) => {
    if (err instanceof ApiError && err.code === 'UNSUPPORTED_DOCUMENT_FILE') return t('documents.notAScan');
    if (err instanceof ApiError && (err.code === 'DOCUMENT_TOO_LARGE' || err.code === 'PAYLOAD_TOO_LARGE')) return t('documents.tooLarge');
    return err.message;
  };
}
