import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDms } from '../geo/dms.ts';
import { copyText, useMediaQuery } from '../hooks.ts';
import { getMap } from './core/map-instance.ts';
import { fromMap, mapDatum } from './core/datum.ts';

const DATUM_NAMES = { wgs84: 'WGS-84', gcj02: 'GCJ-02', bd09: 'BD-09' } as const;

/**
 * Cursor position (mouse) or map centre (touch, or when the mouse leaves the map) in decimal degrees and 度分秒.
 * Tap to copy. On touch screens a crosshair marks the centre being read out.
 */
export function CoordinateReadout() {
  const { t } = useTranslation();
  const touch = useMediaQuery('(hover: none)');
  const [pos, setPos] = useState<{ lon: number; lat: number; cursor: boolean } | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const map = getMap()!;
    let frame = 0;
    let next: { lon: number; lat: number; cursor: boolean } | null = null;
    const schedule = (p: { lon: number; lat: number; cursor: boolean }) => {
      next = p;
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          setPos(next);
        });
    };
    let overMap = false;
    const centre = () => {
      schedule({ ...fromMap(map.getCenter()), cursor: false });
    };
    const onMove = (e: { lngLat: { lng: number; lat: number } }) => {
      if (touch) return;
      overMap = true;
      schedule({ ...fromMap(e.lngLat), cursor: true });
    };
    const onOut = () => {
      overMap = false;
      centre();
    };
    const onMapMove = () => {
      if (!overMap || touch) centre();
    };
    centre();
    map.on('mousemove', onMove);
    map.on('mouseout', onOut);
    map.on('move', onMapMove);
    return () => {
      cancelAnimationFrame(frame);
      map.off('mousemove', onMove);
      map.off('mouseout', onOut);
      map.off('move', onMapMove);
    };
  }, [touch]);

  if (!pos) return null;
  const datum = mapDatum();
  const dms = `${formatDms(pos.lat, 'lat')} ${formatDms(pos.lon, 'lon')}`;
  const dec = `${pos.lat.toFixed(6)}, ${pos.lon.toFixed(6)}`;
  const copy = async () => {
    if (await copyText(`${dec} (${dms})`)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    }
  };
  return (
    <>
      {touch ? <div className="crosshair" aria-hidden="true" /> : null}
      <button type="button" className="coords" onClick={() => void copy()} title={t('map.copy')} data-testid="coords">
        <span className="coords-which">{pos.cursor ? t('map.cursor') : t('map.centre')}</span>
        <span className="coords-dec">
          {t('map.lat')} {pos.lat.toFixed(6)} {t('map.lon')} {pos.lon.toFixed(6)}
        </span>
        <span className="coords-dms">{copied ? t('map.copied') : dms}</span>
        <span
          className="coords-datum"
          data-testid="map-datum"
          data-datum={datum}
          title={datum === 'wgs84' ? undefined : t('map.datumHint', { datum: DATUM_NAMES[datum] })}
        >
          {datum === 'wgs84' ? t('map.datum') : t('map.datumConverted', { datum: DATUM_NAMES[datum] })}
        </span>
      </button>
    </>
  );
}
