import { Button } from 'antd';
import { useI18n } from '@/shared/i18n/index.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The DTMF keypad: each key goes as RFC 4733 telephone-event in the browser phone's audio. */
export function Keypad({ onKey }: { onKey: (digit: string) => void }) {
  const { t } = useI18n();
  return (
    <div role="group" aria-label={t('desk.keypad')} data-testid="desk-keypad" style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 48px)', gap: 6 }}>
      {KEYS.map((k) => (
        <Button key={k} onClick={() => onKey(k)} aria-label={t('desk.key', { key: k })}>
          {k}
        </Button>
      ))}
    </div>
  );
}
