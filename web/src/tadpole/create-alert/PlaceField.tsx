import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig } from '../../api-types.ts';
import { MapView } from '../../map/core/MapView.tsx';
import { ensureMap } from '../../officer/ensure-map.ts';
import type { AlertKind } from '../tadpole-types.ts';
import type { PlaceInput } from '../alert-form.ts';
import { PickLayer } from '../TadpoleLayers.tsx';

/** Where the child was found or last seen: the phone's own position, or a point tapped on the map. */
export function PlaceField({
  config,
  kind,
  place,
  onPlace,
  error,
  children,
}: {
  config: AppConfig;
  kind: AlertKind;
  place: PlaceInput | null;
  onPlace: (p: PlaceInput) => void;
  error?: string;
  /** The place in words, under the point. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const [locating, setLocating] = useState<string | null>(null);

  useEffect(() => {
    if (picking) void ensureMap(config, place ? [place.lon, place.lat] : undefined, 15);
  }, [picking, config, place]);

  const onPick = useCallback(
    (p: { lon: number; lat: number }) => onPlace({ ...p, datum: 'wgs84', source: 'map' }),
    [onPlace],
  );

  const myLocation = () => {
    if (!navigator.geolocation) return setLocating(t('tadpole.form.locateFailed', { message: 'no geolocation' }));
    setLocating(t('tadpole.form.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(null);
        onPlace({
          lon: pos.coords.longitude,
          lat: pos.coords.latitude,
          datum: 'wgs84',
          source: 'device',
          accuracyM: Math.round(pos.coords.accuracy),
        });
      },
      (err) => setLocating(t('tadpole.form.locateFailed', { message: err.message || String(err.code) })),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  };

  return (
    <div className={`tp-place${error ? ' has-error' : ''}`}>
      <span className="tp-label">{t(`tadpole.form.placeLabel.${kind}`)}</span>
      <div className="tp-place-buttons">
        <button type="button" className="tp-big" onClick={myLocation} data-testid="my-location">
          {t('tadpole.form.myLocation')}
        </button>
        <button
          type="button"
          className={`tp-big${picking ? ' on' : ''}`}
          aria-pressed={picking}
          onClick={() => setPicking((p) => !p)}
          data-testid="pick-on-map"
        >
          {t('tadpole.form.pickOnMap')}
        </button>
      </div>
      {locating ? <span className="tp-hint">{locating}</span> : null}
      {picking ? (
        <div className="tp-pickmap" data-testid="pick-map">
          <MapView>
            <PickLayer pin={place} onPick={onPick} />
          </MapView>
          {!place ? <div className="tp-pickmap-hint">{t('tadpole.form.pickHint')}</div> : null}
        </div>
      ) : null}
      {place ? (
        <span className="tp-hint tp-place-set" data-testid="place-set">
          {t('tadpole.form.placeSet', { lat: place.lat.toFixed(5), lon: place.lon.toFixed(5) })}
          {place.accuracyM ? t('tadpole.form.placeAccuracy', { acc: place.accuracyM }) : ''}
        </span>
      ) : null}
      {error ? <span className="tp-error">{t('tadpole.form.errors.place')}</span> : null}
      {children}
    </div>
  );
}
