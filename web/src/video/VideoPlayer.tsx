import { useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks.ts';
import { browserConnection, defaultQuality, type VideoQuality } from './quality.ts';
import { usePageVisible } from './use-page-visible.ts';
import { useLivePlayer } from './use-live-player.ts';
import { useVideoStatus } from './use-video-status.ts';
import { PLAYER_STALL_MS, videoLabel } from './video-label.ts';
import './video-i18n.ts';
import './video.css';

/** The key-frame-only variant shows about one frame a second: only a longer gap is a stall. */
const STALL_MS = { full: PLAYER_STALL_MS, low: 4_000 };

/**
 * One drone's live picture with an honest overlay: 正在连接, 直播, 卡顿 (with the last frame's age), 重新连接,
 * 已结束, 无信号 — from the server's stream state (polled every 2 s) and the player's own decoded frames — and the
 * full / low quality switch. `videoRef` lets the parent read the frame (the snapshot button).
 */
export function VideoPlayer({
  droneId,
  initialQuality,
  videoRef,
  compact = false,
  children,
}: {
  droneId: string;
  /** Defaults to low on a weak link (navigator.connection), else full. */
  initialQuality?: VideoQuality;
  videoRef?: RefObject<HTMLVideoElement | null>;
  /** The small picture-in-picture: the state as a dot and a word, no quality switch. */
  compact?: boolean;
  /** Controls drawn over the picture's bottom edge (the panel's buttons). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const own = useRef<HTMLVideoElement>(null);
  const ref = videoRef ?? own;
  const [quality, setQuality] = useState<VideoQuality>(() => initialQuality ?? defaultQuality(browserConnection()));
  const visible = usePageVisible();
  const polled = useVideoStatus(droneId);
  const server = polled.status?.state ?? null;
  const onAir = server === 'live' || server === 'stalled';
  const player = useLivePlayer({ videoRef: ref, droneId, quality, want: onAir && visible, server });
  const now = useNow(1000);
  const { label, ageS } = videoLabel({
    server,
    phase: player.phase,
    serverFrameAt: polled.frameAt,
    decodedAt: player.decodedAt,
    now,
    stallMs: STALL_MS[quality],
  });
  const error =
    polled.status === null
      ? polled.error && t('video.playFailed', { message: polled.error })
      : player.unsupportedKind !== null
        ? t('video.unsupportedKind', { kind: player.unsupportedKind })
        : label === 'live' || !player.error
          ? null
          : t('video.playFailed', { message: player.error });
  const size = polled.status?.width && polled.status.height ? `${polled.status.width}×${polled.status.height}` : null;
  return (
    <div
      className={`video-player${compact ? ' compact' : ''}`}
      data-testid="video-player"
      data-drone={droneId}
      data-state={label}
      data-quality={quality}
      data-engine={player.engine ?? undefined}
    >
      <video ref={ref} muted playsInline autoPlay disablePictureInPicture aria-label={t('video.picture')} />
      <div className={`video-state state-${label}`} data-testid="video-state" role="status">
        <span className="video-dot" aria-hidden="true" />
        <span>{t(`video.state.${label}`)}</span>
        {ageS !== null && !compact ? <span>{t('video.age', { count: ageS })}</span> : null}
        {!compact && label === 'live' && size ? <span className="video-size">{size}</span> : null}
      </div>
      {error && !compact ? (
        <p className="video-error" data-testid="video-error">
          {error}
        </p>
      ) : null}
      {!compact ? (
        <div className="video-controls">
          <div className="video-quality" role="group" aria-label={t('video.quality')}>
            {(['full', 'low'] as const).map((q) => (
              <button
                key={q}
                type="button"
                aria-pressed={quality === q}
                className={quality === q ? 'active' : undefined}
                onClick={() => setQuality(q)}
                data-testid={`video-quality-${q}`}
                title={t(`video.qualityHint.${q}`)}
              >
                {t(`video.qualityName.${q}`)}
              </button>
            ))}
          </div>
          {children}
        </div>
      ) : null}
    </div>
  );
}
