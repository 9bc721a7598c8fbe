import type { CaseDrone } from '@lookout/contracts';
import { useEffect, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { caseApi } from '../cases/case-api.ts';
import { videoApi } from './video-api.ts';
import { VideoPlayer } from './VideoPlayer.tsx';
import './video-i18n.ts';
import './video.css';

const DRONES_POLL_MS = 30_000;
const ON_AIR_POLL_MS = 5_000;

/** The drones flying for the case, re-read now and then (a drone is attached or detached during the search). */
function useCaseDrones(caseId: string): CaseDrone[] {
  const [drones, setDrones] = useState<CaseDrone[]>([]);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      caseApi.detail(caseId).then(
        (d) => !cancelled && setDrones(d.drones),
        () => undefined, // offline or refused: keep what is shown
      );
    void load();
    const timer = setInterval(() => void load(), DRONES_POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [caseId]);
  return drones;
}

/** The first of these drones that is on air, looked for every few seconds while none is shown; then it stays. */
function usePickedDrone(candidates: readonly string[]): string | null {
  const [found, setFound] = useState<string | null>(null);
  const key = candidates.join(',');
  const current = found && candidates.includes(found) ? found : null;
  useEffect(() => {
    if (current || !key) return;
    const ids = key.split(',');
    let cancelled = false;
    const look = () => {
      if (document.hidden) return;
      videoApi.onAir().then(
        (r) => {
          if (cancelled) return;
          const onAir = new Set(r.streams.filter((s) => s.state !== 'ended').map((s) => s.droneId));
          const first = ids.find((id) => onAir.has(id));
          if (first) setFound(first);
        },
        () => undefined,
      );
    };
    look();
    const timer = setInterval(look, ON_AIR_POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [key, current]);
  return current;
}

/**
 * On the officer's phone: a small live picture of a drone flying for his case (the light variant by default),
 * anchored at the map's bottom-left so it never covers the guidance card; tap to enlarge, × to close.
 */
export function OfficerVideoPip({
  caseId,
  ref,
  onLayout,
}: {
  caseId: string;
  ref?: Ref<HTMLDivElement>;
  /** The picture appeared, went, or changed size: the map's camera keeps the officer and his target clear of it. */
  onLayout?: () => void;
}) {
  const { t } = useTranslation();
  const drones = useCaseDrones(caseId);
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const [enlarged, setEnlarged] = useState(false);
  const droneId = usePickedDrone(drones.map((d) => d.droneId).filter((id) => !closed.has(id)));
  useEffect(() => {
    onLayout?.();
  }, [droneId, enlarged, onLayout]);
  if (!droneId) return null;
  const callsign = drones.find((d) => d.droneId === droneId)?.callsign ?? '';
  return (
    <div ref={ref} className={`video-pip${enlarged ? ' enlarged' : ''}`} data-testid="video-pip" data-drone={droneId}>
      <VideoPlayer key={droneId} droneId={droneId} initialQuality="low" compact={!enlarged} />
      {!enlarged ? (
        <button
          type="button"
          className="video-pip-tap"
          aria-label={t('video.pip.label', { callsign })}
          onClick={() => setEnlarged(true)}
          data-testid="video-pip-enlarge"
        />
      ) : (
        <button
          type="button"
          className="video-pip-shrink"
          onClick={() => setEnlarged(false)}
          aria-label={t('video.pip.shrink')}
          data-testid="video-pip-shrink"
        >
          ⤡
        </button>
      )}
      <button
        type="button"
        className="video-pip-close"
        aria-label={t('video.pip.close')}
        onClick={() => {
          setClosed((c) => new Set(c).add(droneId));
          setEnlarged(false);
        }}
        data-testid="video-pip-close"
      >
        ×
      </button>
    </div>
  );
}
