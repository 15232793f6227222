import { Button, Card, Input, InputNumber, Select, Space, Switch, Table, Tabs, Tag, Typography, message } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '@/features/auth/index.ts';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { acceptReview, closeReview, disputeReview, fetchForms, fetchReviews, resolveDispute, scoreReview } from '../api/quality-api.ts';
import type { Answers, Form, Review } from '../api/quality-api.ts';
import { FormsEditor } from './FormsEditor.tsx';
import { QualityResults } from './QualityResults.tsx';
import { RecordingPlayer } from './RecordingPlayer.tsx';
import { SamplingRules } from './SamplingRules.tsx';

/**
 * C19: reviewers score queued calls against a form with the player, keep the forms and the
 * sampling rules and read the results; an agent reads their own scores and disputes or accepts them.
 */
export function QualityPage() {
  const { t } = useI18n();
  const session = useSession();
  const isAgent = session.data?.role === 'agent';
  // The tab is in the address (?tab=forms|sampling|results): a reload or a link keeps it.
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'reviews';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t(isAgent ? 'quality.mine' : 'quality.title')}
      </Typography.Title>
      {isAgent ? (
        <Reviews isAgent />
      ) : (
        <Tabs
          destroyInactiveTabPane
          activeKey={tab}
          onChange={(k) => setParams(k === 'reviews' ? {} : { tab: k }, { replace: true })}
          items={[
            { key: 'reviews', label: t('qa.tab.reviews'), children: <Reviews isAgent={false} /> },
            { key: 'forms', label: t('qa.tab.forms'), children: <FormsEditor /> },
            { key: 'sampling', label: t('qa.tab.sampling'), children: <SamplingRules /> },
            { key: 'results', label: t('qa.tab.results'), children: <QualityResults /> },
          ]}
        />
      )}
    </Space>
  );
}

function Reviews({ isAgent }: { isAgent: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const reviews = useQuery({ queryKey: ['quality', 'reviews'], queryFn: fetchReviews });
  const [open, setOpen] = useState<string | null>(null);
  const current = reviews.data?.items.find((r) => r.id === open);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Table<Review>
        data-testid="qa-reviews"
        rowKey="id"
        size="small"
        loading={reviews.isPending}
        dataSource={reviews.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('quality.callTime'), dataIndex: 'callStartedAt', render: (v: string) => fmt.dateTime(v) },
          { title: t('quality.answeredBy'), dataIndex: 'answeredBy' },
          { title: t('qa.source'), dataIndex: 'source', render: (v: string) => t(v === 'manual' ? 'qa.source.manual' : (`qa.rules.kindName.${v}` as 'qa.source.manual')) },
          { title: t('quality.status'), dataIndex: 'status', render: (s: Review['status']) => <Tag>{t(`quality.status.${s}`)}</Tag> },
          { title: t('quality.score'), dataIndex: 'score', render: (s: number | null, r) => (s === null ? '—' : <Typography.Text type={r.fatal ? 'danger' : undefined}>{s}</Typography.Text>) },
          { title: t('common.actions'), key: 'open', render: (_, r) => <Button onClick={() => setOpen(open === r.id ? null : r.id)}>{t('quality.open')}</Button> },
        ]}
      />
      {current ? <ReviewCard key={current.id} review={current} isAgent={isAgent} /> : null}
    </Space>
  );
}

function ReviewCard({ review, isAgent }: { review: Review; isAgent: boolean }) {
  const { t } = useI18n();
  return (
    <Card title={t('quality.review')} data-testid={`qa-review-${review.id}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <RecordingPlayer url={review.recordingUrl} />
        {review.score !== null ? (
          <Typography.Text strong data-testid="qa-score">
            {t('quality.score')}: {review.score}
            {review.fatal ? ` (${t('quality.fatal')})` : ''}
          </Typography.Text>
        ) : null}
        {review.items?.map((it) => (
          <div key={it.id}>
            {it.label}: {it.fatal ? t(it.points === 1 ? 'quality.passed' : 'quality.failed') : `${it.points}/${it.weight}`} {it.comment ? `— ${it.comment}` : ''}
          </div>
        ))}
        {review.disputeReason ? <Typography.Text type="warning">{`${t('quality.disputeReason')}: ${review.disputeReason}`}</Typography.Text> : null}
        {review.resolution ? <Typography.Text>{`${t('qa.resolution')}: ${review.resolution}`}</Typography.Text> : null}
        {isAgent ? <AgentActions review={review} /> : review.status === 'pending' || review.status === 'scored' ? <ScoreForm review={review} /> : review.status === 'disputed' ? <ResolveDispute review={review} /> : null}
      </Space>
    </Card>
  );
}

function AgentActions({ review }: { review: Review }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const done = () => void qc.invalidateQueries({ queryKey: ['quality'] });
  const dispute = useMutation({ mutationFn: () => disputeReview(review.id, reason), onSuccess: done, onError: (e: Error) => void message.error(e.message) });
  const accept = useMutation({ mutationFn: () => acceptReview(review.id), onSuccess: done, onError: (e: Error) => void message.error(e.message) });
  if (review.status !== 'scored') return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea aria-label={t('quality.disputeReason')} placeholder={t('quality.disputeReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      <Space>
        <Button danger disabled={!reason.trim()} loading={dispute.isPending} onClick={() => dispute.mutate()}>
          {t('quality.dispute')}
        </Button>
        <Button loading={accept.isPending} onClick={() => accept.mutate()}>
          {t('quality.accept')}
        </Button>
      </Space>
    </Space>
  );
}

function ScoreForm({ review }: { review: Review }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const forms = useQuery({ queryKey: ['quality', 'forms'], queryFn: fetchForms });
  const active = (forms.data?.items ?? []).filter((f) => f.active);
  const [formId, setFormId] = useState<string | undefined>(review.formId ?? undefined);
  const form: Form | undefined = active.find((f) => f.id === (formId ?? active[0]?.id));
  const [answers, setAnswers] = useState<Record<string, { points?: number; comment: string }>>({});
  const [comment, setComment] = useState(review.comment ?? '');
  const close = useMutation({ mutationFn: () => closeReview(review.id), onSuccess: () => void qc.invalidateQueries({ queryKey: ['quality'] }), onError: (e: Error) => void message.error(e.message) });
  const save = useMutation({
    mutationFn: () => {
      if (!form) throw new Error('no form');
      const a: Answers = form.items.map((it) => ({ itemId: it.id, points: answers[it.id]?.points ?? (it.fatal ? 1 : it.weight), ...(answers[it.id]?.comment ? { comment: answers[it.id]!.comment } : {}) }));
      return scoreReview(review.id, form.id, a, comment.trim() || undefined);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['quality'] }),
    onError: (e: Error) => void message.error(e.message),
  });
  if (!form) return <Typography.Text type="secondary">{t('quality.noForm')}</Typography.Text>;
  const set = (id: string, patch: Partial<{ points: number; comment: string }>) => setAnswers((a) => ({ ...a, [id]: { ...a[id], comment: a[id]?.comment ?? '', ...patch } }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="qa-score-form">
      <Select aria-label={t('quality.form')} value={form.id} onChange={setFormId} options={active.map((f) => ({ value: f.id, label: f.name }))} style={{ minWidth: 240 }} />
      {form.items.map((it) => (
        <Space key={it.id} wrap>
          <span style={{ minWidth: 160, display: 'inline-block' }}>{it.label}</span>
          {it.fatal ? (
            <Switch aria-label={it.label} checkedChildren={t('quality.passed')} unCheckedChildren={t('quality.failed')} checked={(answers[it.id]?.points ?? 1) === 1} onChange={(v) => set(it.id, { points: v ? 1 : 0 })} />
          ) : (
            <InputNumber aria-label={it.label} min={0} max={it.weight} value={answers[it.id]?.points ?? it.weight} onChange={(v) => set(it.id, { points: v ?? 0 })} addonAfter={`/ ${it.weight}`} />
          )}
          <Input aria-label={`${it.label} ${t('quality.comment')}`} placeholder={t('quality.comment')} value={answers[it.id]?.comment ?? ''} onChange={(e) => set(it.id, { comment: e.target.value })} style={{ width: 280 }} />
        </Space>
      ))}
      <Input.TextArea aria-label={t('qa.overallComment')} placeholder={t('qa.overallComment')} value={comment} onChange={(e) => setComment(e.target.value)} />
      <Space>
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
          {t('quality.submit')}
        </Button>
        <Button loading={close.isPending} onClick={() => close.mutate()}>
          {t('qa.close')}
        </Button>
      </Space>
    </Space>
  );
}

function ResolveDispute({ review }: { review: Review }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [resolution, setResolution] = useState('');
  const resolve = useMutation({ mutationFn: () => resolveDispute(review.id, resolution), onSuccess: () => void qc.invalidateQueries({ queryKey: ['quality'] }), onError: (e: Error) => void message.error(e.message) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea aria-label={t('qa.resolution')} placeholder={t('qa.resolution')} value={resolution} onChange={(e) => setResolution(e.target.value)} />
      <Button type="primary" disabled={!resolution.trim()} loading={resolve.isPending} onClick={() => resolve.mutate()}>
        {t('qa.resolve')}
      </Button>
    </Space>
  );
}
