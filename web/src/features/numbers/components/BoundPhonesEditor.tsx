import { Button, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '@/shared/i18n/index.ts';
import type { BoundPhone } from '../api/numbers-api.ts';
import styles from './numbers.module.css';

interface Props {
  phones: BoundPhone[];
  onChange(phones: BoundPhone[]): void;
  /** Percent inputs per phone (the percentage strategy), else undefined. */
  percents?: Record<string, number | null>;
  onPercent(target: string, percent: number | null): void;
}

function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/**
 * The bound phones in ring order (R1): dragged into order (or moved with the buttons, for the
 * keyboard), added, removed; with the percentage strategy each phone takes its share.
 */
export function BoundPhonesEditor({ phones, onChange, percents, onPercent }: Props) {
  const { t } = useI18n();
  const [dragging, setDragging] = useState<number | null>(null);
  const [kind, setKind] = useState<BoundPhone['kind']>('pstn');
  const [target, setTarget] = useState('');
  const add = () => {
    const value = target.trim();
    if (!value || phones.some((p) => p.target === value)) return;
    onChange([...phones, { kind, target: value }]);
    setTarget('');
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('numbers.boundPhonesHint')}</Typography.Text>
      <ol className={styles.phoneList} data-testid="bound-phones" aria-label={t('numbers.boundPhones')}>
        {phones.map((p, i) => (
          <li
            key={p.target}
            className={`${styles.phoneRow} ${dragging === i ? styles.dragging : ''}`}
            draggable
            data-testid={`bound-phone-${p.target}`}
            onDragStart={(e) => {
              setDragging(i);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', String(i));
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = Number(e.dataTransfer.getData('text/plain'));
              if (Number.isInteger(from) && from !== i) onChange(moved(phones, from, i));
              setDragging(null);
            }}
            onDragEnd={() => setDragging(null)}
          >
            <span className={styles.handle} aria-hidden>
              ⠿
            </span>
            <span className={styles.order}>{i + 1}</span>
            <Tag>{t(`phoneKind.${p.kind}`)}</Tag>
            <span className={styles.target}>{p.target}</span>
            {percents ? (
              <InputNumber
                aria-label={t('numbers.percentOf', { phone: p.target })}
                min={0}
                max={100}
                value={percents[p.target] ?? null}
                onChange={(v) => onPercent(p.target, v)}
                addonAfter="%"
                style={{ width: 120 }}
              />
            ) : null}
            <Space size={4}>
              <Button size="small" disabled={i === 0} onClick={() => onChange(moved(phones, i, i - 1))} aria-label={`${t('numbers.up')} ${p.target}`}>
                ↑
              </Button>
              <Button size="small" disabled={i === phones.length - 1} onClick={() => onChange(moved(phones, i, i + 1))} aria-label={`${t('numbers.down')} ${p.target}`}>
                ↓
              </Button>
              <Button size="small" danger onClick={() => onChange(phones.filter((_, j) => j !== i))} aria-label={`${t('common.remove')} ${p.target}`}>
                {t('common.remove')}
              </Button>
            </Space>
          </li>
        ))}
      </ol>
      <Space.Compact>
        <Select aria-label={t('numbers.phoneKind')} value={kind} onChange={setKind} style={{ width: 140 }} options={(['pstn', 'sip'] as const).map((k) => ({ value: k, label: t(`phoneKind.${k}`) }))} />
        <Input aria-label={t('numbers.phoneTarget')} placeholder={kind === 'pstn' ? '+8613800138000' : '8001'} value={target} onChange={(e) => setTarget(e.target.value)} onPressEnter={add} style={{ width: 220 }} />
        <Button onClick={add}>{t('numbers.addPhone')}</Button>
      </Space.Compact>
    </Space>
  );
}
