import { Button, Segmented, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useFormat } from '@/shared/format/index.ts';
import { useI18n } from '@/shared/i18n/index.ts';
import { CHANNEL_MODES, PLAYBACK_SPEEDS, channelGains, peaksOf } from './waveform.ts';
import type { ChannelMode, Peaks } from './waveform.ts';

const WIDTH = 800;
const LANE = 56;

/**
 * The reviewer's player (C19): the review's stereo recording (caller left, agent right) is fetched
 * once (one audited read), decoded with Web Audio for the waveform of each side, and played from
 * memory through a channel matrix, so the reviewer can hear both sides, only the caller or only the
 * agent (in both ears). Click the waveform to seek; the speed keeps the pitch (the media element's).
 */
export function RecordingPlayer({ url }: { url: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const audio = useRef<HTMLAudioElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const graph = useRef<{ ctx: AudioContext; gains: GainNode[] } | null>(null);
  const [src, setSrc] = useState<string | null>(null);
  const [peaks, setPeaks] = useState<Peaks | null>(null);
  const [failed, setFailed] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [speed, setSpeed] = useState(1);
  const [channels, setChannels] = useState<ChannelMode>('both');
  const channelsNow = useRef<ChannelMode>('both');
  channelsNow.current = channels;

  // One read of the recording: the waveform and the player both use it.
  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    void (async () => {
      try {
        const res = await fetch(url, { credentials: 'same-origin' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const blob = await res.blob();
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
        const decoder = new OfflineAudioContext(2, 1, 8000);
        const buffer = await decoder.decodeAudioData(await blob.arrayBuffer());
        if (!cancelled) setPeaks(peaksOf(buffer, WIDTH));
      } catch {
        if (!cancelled) setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);

  // The channel matrix: splitter → four gains (left→left, left→right, right→left, right→right) → merger.
  const ensureGraph = useCallback(() => {
    if (graph.current || !audio.current) return graph.current;
    const ctx = new AudioContext();
    const source = ctx.createMediaElementSource(audio.current);
    const split = ctx.createChannelSplitter(2);
    const merge = ctx.createChannelMerger(2);
    source.connect(split);
    const gains = [0, 1, 2, 3].map((i) => {
      const g = ctx.createGain();
      split.connect(g, i < 2 ? 0 : 1);
      g.connect(merge, 0, i % 2);
      return g;
    });
    merge.connect(ctx.destination);
    channelGains(channelsNow.current).forEach((v, i) => (gains[i]!.gain.value = v));
    graph.current = { ctx, gains };
    return graph.current;
  }, []);

  useEffect(() => {
    const g = graph.current;
    if (!g) return;
    channelGains(channels).forEach((v, i) => g.gains[i]!.gain.setValueAtTime(v, g.ctx.currentTime));
  }, [channels]);

  useEffect(() => {
    if (audio.current) audio.current.playbackRate = speed;
  }, [speed, src]);

  useEffect(() => () => void graph.current?.ctx.close(), []);

  // The waveform: caller above, agent below; what has been played is darker.
  useEffect(() => {
    const c = canvas.current?.getContext('2d');
    if (!c || !peaks) return;
    c.clearRect(0, 0, WIDTH, LANE * 2);
    const played = duration > 0 ? (time / duration) * WIDTH : 0;
    peaks.channels.forEach((lane, ch) => {
      const mid = LANE * ch + LANE / 2;
      for (let x = 0; x < lane.length; x++) {
        const h = Math.max(1, lane[x]! * (LANE / 2 - 2));
        c.fillStyle = x < played ? (ch === 0 ? '#1d39c4' : '#237804') : ch === 0 ? '#adc6ff' : '#b7eb8f';
        c.fillRect(x, mid - h, 1, h * 2);
      }
    });
    c.fillStyle = '#cf1322';
    c.fillRect(Math.min(WIDTH - 2, played), 0, 2, LANE * 2);
  }, [peaks, time, duration]);

  const seek = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const a = audio.current;
    if (!a || !duration) return;
    const box = e.currentTarget.getBoundingClientRect();
    a.currentTime = ((e.clientX - box.left) / box.width) * duration;
    setTime(a.currentTime);
  };
  const toggle = async () => {
    const a = audio.current;
    if (!a) return;
    if (a.paused) {
      await ensureGraph()?.ctx.resume();
      await a.play();
    } else a.pause();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="qa-player" data-channels={channels} data-speed={speed}>
      <audio
        ref={audio}
        src={src ?? undefined}
        preload="auto"
        aria-label={t('cdr.player')}
        onLoadedMetadata={(e) => setDuration(e.currentTarget.duration)}
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
      />
      <div style={{ position: 'relative', width: '100%', maxWidth: WIDTH }}>
        <canvas
          ref={canvas}
          width={WIDTH}
          height={LANE * 2}
          data-testid="qa-waveform"
          data-drawn={peaks ? 'yes' : 'no'}
          role="slider"
          aria-label={t('qa.player.waveform')}
          aria-valuemin={0}
          aria-valuemax={Math.round(duration)}
          aria-valuenow={Math.round(time)}
          tabIndex={0}
          onClick={seek}
          onKeyDown={(e) => {
            const a = audio.current;
            if (!a || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
            a.currentTime = Math.max(0, Math.min(duration, a.currentTime + (e.key === 'ArrowLeft' ? -5 : 5)));
          }}
          style={{ width: '100%', height: LANE * 2, cursor: 'pointer', background: '#fafafa', border: '1px solid #f0f0f0' }}
        />
        <Typography.Text type="secondary" style={{ position: 'absolute', left: 6, top: 2, fontSize: 12 }}>{t('qa.player.caller')}</Typography.Text>
        <Typography.Text type="secondary" style={{ position: 'absolute', left: 6, top: LANE + 2, fontSize: 12 }}>{t('qa.player.agent')}</Typography.Text>
      </div>
      {failed ? <Typography.Text type="warning">{t('qa.player.noWaveform')}</Typography.Text> : null}
      <Space wrap>
        <Button type="primary" onClick={() => void toggle()} disabled={!src}>
          {playing ? t('qa.player.pause') : t('qa.player.play')}
        </Button>
        <Typography.Text data-testid="qa-player-time">{`${fmt.duration(Math.floor(time))} / ${fmt.duration(Math.floor(duration || 0))}`}</Typography.Text>
        <span>{t('qa.player.speed')}</span>
        <Segmented aria-label={t('qa.player.speed')} value={speed} onChange={(v) => setSpeed(Number(v))} options={PLAYBACK_SPEEDS.map((s) => ({ value: s, label: `${s}×` }))} />
        <span>{t('qa.player.channels')}</span>
        <Segmented
          aria-label={t('qa.player.channels')}
          value={channels}
          onChange={(v) => {
            ensureGraph();
            setChannels(v as ChannelMode);
          }}
          options={CHANNEL_MODES.map((m) => ({ value: m, label: t(`qa.player.channels.${m}`) }))}
        />
      </Space>
    </Space>
  );
}
