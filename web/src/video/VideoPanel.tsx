import type { VideoSnapshotResult } from '@lookout/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { liveStore, useTopic } from '../live/store.ts';
import { grabFrame } from './snapshot.ts';
import { videoApi } from './video-api.ts';
import { VideoPlayer } from './VideoPlayer.tsx';
import './video-i18n.ts';
import './video.css';

type Shot = { state: 'busy' } | { state: 'done'; made: VideoSnapshotResult } | { state: 'failed'; message: string };

const errorMessage = (err: unknown): string =>
  err instanceof ApiError && err.serverMessage && err.serverMessage !== err.message
    ? `${err.message}（${err.serverMessage}）`
    : err instanceof Error
      ? err.message
      : String(err);

/**
 * One drone's live video beside the map: enlarge to the whole window, and 截图标记发现 — the frame on screen goes to
 * the server, which makes a sighting of the case at the laser rangefinder's target (or the aircraft's position) with
 * the frame as its photo; the sighting then reaches the map through the live feed like any other.
 */
export function VideoPanel({
  droneId,
  caseId,
  onClose,
  onSighting,
}: {
  droneId: string;
  /** The case a snapshot becomes a sighting of; null when the drone flies for none (no snapshot). */
  caseId: string | null;
  onClose: () => void;
  /** Opens the new sighting's panel. */
  onSighting?: (id: number) => void;
}) {
  const { t } = useTranslation();
  useTopic('drones');
  const callsign = liveStore.drones.get(droneId)?.callsign ?? droneId.slice(0, 8);
  const video = useRef<HTMLVideoElement>(null);
  const [enlarged, setEnlarged] = useState(false);
  const [shot, setShot] = useState<Shot | null>(null);

  useEffect(() => {
    if (!enlarged) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setEnlarged(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enlarged]);
  useEffect(() => {
    if (shot?.state !== 'done') return;
    const timer = setTimeout(() => setShot(null), 15_000);
    return () => clearTimeout(timer);
  }, [shot]);

  const snapshot = async () => {
    const v = video.current;
    if (!v || !caseId) return;
    setShot({ state: 'busy' });
    try {
      const jpeg = await grabFrame(v);
      if (!jpeg) throw new Error(t('video.snapshotNoPicture'));
      setShot({ state: 'done', made: await videoApi.snapshot(droneId, caseId, jpeg) });
    } catch (err) {
      setShot({ state: 'failed', message: errorMessage(err) });
    }
  };

  return (
    <aside
      className={`panel video-panel${enlarged ? ' enlarged' : ''}`}
      data-testid="video-panel"
      data-drone={droneId}
      aria-label={t('video.panelTitle')}
    >
      <div className="panel-head">
        <h2>
          {t('video.panelTitle')} · <span data-raw>{callsign}</span>
        </h2>
        <div className="video-head-buttons">
          <button
            type="button"
            onClick={() => setEnlarged((e) => !e)}
            aria-pressed={enlarged}
            data-testid="video-enlarge"
          >
            {enlarged ? `⤡ ${t('video.shrink')}` : `⤢ ${t('video.enlarge')}`}
          </button>
          <button type="button" className="icon-button" onClick={onClose} aria-label={t('video.close')}>
            ×
          </button>
        </div>
      </div>
      <VideoPlayer key={droneId} droneId={droneId} videoRef={video}>
        <button
          type="button"
          className="primary video-snapshot"
          disabled={!caseId || shot?.state === 'busy'}
          title={caseId ? undefined : t('video.snapshotNoCase')}
          onClick={() => void snapshot()}
          data-testid="video-snapshot"
        >
          ◉ {shot?.state === 'busy' ? t('video.snapshotBusy') : t('video.snapshot')}
        </button>
      </VideoPlayer>
      {!caseId ? <p className="muted video-note">{t('video.snapshotNoCase')}</p> : null}
      {shot?.state === 'done' ? (
        <div className="video-toast" role="status" data-testid="video-snapshot-done">
          <span>
            {t('video.snapshotDone', {
              id: shot.made.sighting.properties.id,
              position: t(`video.snapshotPosition.${shot.made.position}`),
            })}
          </span>
          {onSighting ? (
            <button type="button" onClick={() => onSighting(shot.made.sighting.properties.id)}>
              {t('video.snapshotShow')}
            </button>
          ) : null}
        </div>
      ) : shot?.state === 'failed' ? (
        <p className="error video-toast" role="alert" data-testid="video-snapshot-failed">
          {t('video.snapshotFailed', { message: shot.message })}
        </p>
      ) : null}
    </aside>
  );
}
