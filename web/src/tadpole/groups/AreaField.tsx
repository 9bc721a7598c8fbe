import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Geometry } from 'geojson';
import type { AppConfig } from '../../api-types.ts';
import { MapView } from '../../map/core/MapView.tsx';
import { ensureMap } from '../../officer/ensure-map.ts';
import type { DraftArea } from './group-form.ts';
import { DraftAreaLayer } from './DraftAreaLayer.tsx';

/**
 * A group's 网格 on the map: a circle (tap the centre, type the radius) or a polygon (tap its corners in order).
 * `area` null = the stored area stays (editing, not redrawn).
 */
export function AreaField({
  config,
  area,
  stored,
  onArea,
  error,
}: {
  config: AppConfig;
  area: DraftArea | null;
  stored: Geometry | null;
  onArea: (a: DraftArea | null) => void;
  error: string | null;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    void ensureMap(config);
  }, [config]);

  const onTap = useCallback(
    (p: { lon: number; lat: number }) => {
      const a = area ?? { kind: 'circle', center: null, radiusM: '500' };
      onArea(a.kind === 'circle' ? { ...a, center: p } : { ...a, points: [...a.points, p] });
    },
    [area, onArea],
  );

  const kind = area?.kind ?? null;
  const hint =
    area === null
      ? t('tadpole.groups.area.keepHint')
      : area.kind === 'circle'
        ? area.center
          ? t('tadpole.groups.area.centreSet', { lat: area.center.lat.toFixed(5), lon: area.center.lon.toFixed(5) })
          : t('tadpole.groups.area.circleHint')
        : t('tadpole.groups.area.polygonHint', { n: area.points.length });

  return (
    <div className={`tp-place${error ? ' has-error' : ''}`}>
      <span className="tp-label">{t('tadpole.groups.area.label')}</span>
      <div className="tp-seg gp-area-kind" role="tablist">
        {(['circle', 'polygon'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={kind === k}
            className={kind === k ? 'on' : ''}
            data-testid={`area-${k}`}
            onClick={() =>
              onArea(
                k === 'circle' ? { kind: 'circle', center: null, radiusM: '500' } : { kind: 'polygon', points: [] },
              )
            }
          >
            {t(`tadpole.groups.area.${k}`)}
          </button>
        ))}
      </div>
      <span className="tp-hint" data-testid="area-hint">
        {hint}
      </span>
      <div className="tp-pickmap gp-map" data-testid="area-map">
        <MapView>
          <DraftAreaLayer area={area} stored={stored} onTap={onTap} />
        </MapView>
      </div>
      {area?.kind === 'circle' ? (
        <label className="tp-field">
          <span className="tp-label">{t('tadpole.groups.area.radius')}</span>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={50000}
            value={area.radiusM}
            data-testid="area-radius"
            onChange={(e) => onArea({ ...area, radiusM: e.target.value })}
          />
        </label>
      ) : null}
      {area?.kind === 'polygon' ? (
        <div className="tp-buttons">
          <button
            type="button"
            className="tp-mid"
            disabled={!area.points.length}
            onClick={() => onArea({ ...area, points: area.points.slice(0, -1) })}
          >
            {t('tadpole.groups.area.undo')}
          </button>
          <button type="button" className="tp-mid" onClick={() => onArea({ ...area, points: [] })}>
            {t('tadpole.groups.area.clear')}
          </button>
        </div>
      ) : null}
      {area !== null && stored ? (
        <button type="button" className="tp-link" onClick={() => onArea(null)}>
          {t('tadpole.groups.area.keep')}
        </button>
      ) : null}
      {error ? <span className="tp-error">{error}</span> : null}
    </div>
  );
}
