import { hasRole } from '@lookout/contracts';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import type { Role } from '../api-types.ts';
import { formatDms } from '../geo/dms.ts';
import { useNow } from '../hooks.ts';
import { ageText } from '../live/staleness.ts';
import { liveStore, useTopic } from '../live/store.ts';

const DECIDERS: readonly Role[] = ['commander', 'pilot', 'admin'];
const decides = (roles: readonly Role[]) => hasRole({ roles }, ...DECIDERS);

/** Details of one sighting, with confirm/dismiss for the roles that decide (docs/api.md PATCH /sightings/:id). */
export function SightingPanel({
  id,
  roles,
  onClose,
  children,
}: {
  id: string;
  roles: readonly Role[];
  onClose: () => void;
  /** What the page adds below the decision, e.g. sending a unit there for the open case. */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  useTopic('sightings');
  const now = useNow(5000);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const s = liveStore.sightings.get(id);
  if (!s) return null;
  const p = s.properties;
  const [lon, lat] = s.geometry.coordinates;
  const time = new Date(p.t);
  const age = ageText(now - time.getTime());

  const decide = async (status: 'confirmed' | 'dismissed') => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.setSightingStatus(id, status);
      liveStore.upsertSightings([updated]);
    } catch (err) {
      setError(t('sighting.updateFailed', { message: err instanceof ApiError ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="panel sighting-panel" data-testid="sighting-panel" aria-label={t('sighting.title')}>
      <div className="panel-head">
        <h2>
          {t('sighting.title')} · {t(`sighting.kind.${p.kind}`, { defaultValue: p.kind })}
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('sighting.close')}>
          ×
        </button>
      </div>
      <dl className="details">
        <dt>{t('sighting.status')}</dt>
        <dd className={`status status-${p.status}`}>{t(`sighting.statusValue.${p.status}`)}</dd>
        <dt>{t('sighting.confidence')}</dt>
        <dd>{typeof p.conf === 'number' ? `${Math.round(p.conf * 100)}%` : t('map.unknown')}</dd>
        <dt>{t('sighting.time')}</dt>
        <dd>
          {time.toLocaleTimeString(i18n.language, { hour12: false })} ({t(age.key, { count: age.count })})
        </dd>
        <dt>{t('sighting.drone')}</dt>
        <dd>{p.callsign}</dd>
        <dt>{t('sighting.coords')}</dt>
        <dd>
          {lat.toFixed(6)}, {lon.toFixed(6)}
          <br />
          {formatDms(lat, 'lat')} {formatDms(lon, 'lon')}
        </dd>
        {typeof p.uncM === 'number' ? (
          <>
            <dt>{t('sighting.uncertainty')}</dt>
            <dd>±{Math.round(p.uncM)} m</dd>
          </>
        ) : null}
        {typeof p.count === 'number' ? (
          <>
            <dt>{t('sighting.count')}</dt>
            <dd>{p.count}</dd>
          </>
        ) : null}
        {p.note ? (
          <>
            <dt>{t('sighting.note')}</dt>
            <dd>{p.note}</dd>
          </>
        ) : null}
      </dl>
      {p.hasPhoto ? (
        <img
          className="sighting-photo"
          src={`/api/v1/sightings/${encodeURIComponent(id)}/photo`}
          alt={t('sighting.photo')}
        />
      ) : null}
      {decides(roles) ? (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={busy || p.status === 'confirmed'}
            onClick={() => void decide('confirmed')}
          >
            {t('sighting.confirm')}
          </button>
          <button type="button" disabled={busy || p.status === 'dismissed'} onClick={() => void decide('dismissed')}>
            {t('sighting.dismiss')}
          </button>
        </div>
      ) : null}
      {children}
      {error ? <p className="error">{error}</p> : null}
    </aside>
  );
}
