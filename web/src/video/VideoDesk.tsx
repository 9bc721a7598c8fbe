import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { liveStore, useTopic } from '../live/store.ts';
import { videoApi } from './video-api.ts';
import { VideoPlayer } from './VideoPlayer.tsx';
import './video-i18n.ts';
import './video.css';

const LIST_POLL_MS = 5_000;

/**
 * The drones streaming now, side by side on the commander's desk; each tile enlarges to the whole window. A stream
 * that stops keeps its tile (showing 已结束) until the commander closes it, so a drone does not silently vanish.
 */
export function VideoDesk() {
  const { t } = useTranslation();
  useTopic('drones');
  const [shown, setShown] = useState<string[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [enlarged, setEnlarged] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const load = () => {
      if (document.hidden) return;
      videoApi.onAir().then(
        (r) => {
          if (cancelled) return;
          setError(null);
          setShown((before) => {
            const fresh = r.streams.map((s) => s.droneId).filter((id) => !before.includes(id));
            return fresh.length ? [...before, ...fresh] : before;
          });
          // A drone that comes back on air after its tile was closed shows again.
          setDismissed((d) => {
            const back = r.streams.filter((s) => d.has(s.droneId) && s.state === 'live');
            if (!back.length) return d;
            const next = new Set(d);
            for (const s of back) next.delete(s.droneId);
            return next;
          });
        },
        (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
      );
    };
    load();
    const timer = setInterval(load, LIST_POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  useEffect(() => {
    if (!enlarged) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setEnlarged(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enlarged]);

  const tiles = shown.filter((id) => !dismissed.has(id));
  return (
    <section className="video-desk" data-testid="video-desk">
      <h2>{t('video.desk.title')}</h2>
      {error ? <p className="error">{t('video.desk.error', { message: error })}</p> : null}
      {tiles.length === 0 ? <p className="muted">{t('video.desk.none')}</p> : null}
      <div className="video-grid">
        {tiles.map((id) => (
          <div
            key={id}
            className={`video-tile${enlarged === id ? ' enlarged' : ''}`}
            data-testid="video-tile"
            data-drone={id}
          >
            <div className="video-tile-head">
              <strong data-raw>{liveStore.drones.get(id)?.callsign ?? id.slice(0, 8)}</strong>
              <button
                type="button"
                onClick={() => setEnlarged((e) => (e === id ? null : id))}
                aria-pressed={enlarged === id}
                data-testid="video-enlarge"
              >
                {enlarged === id ? `⤡ ${t('video.shrink')}` : `⤢ ${t('video.enlarge')}`}
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={t('video.close')}
                onClick={() => {
                  if (enlarged === id) setEnlarged(null);
                  setDismissed((d) => new Set(d).add(id));
                }}
              >
                ×
              </button>
            </div>
            <VideoPlayer droneId={id} />
          </div>
        ))}
      </div>
    </section>
  );
}
