import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SectorFeature, SectorStatus } from '@lookout/contracts';
import { currentLanguage } from '../i18n.ts';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';
import { compassPoint, distanceText, guidance, type Guidance } from '../officer/guidance.ts';
import { insideRing, nearestOnRing, type LonLat } from './sector-geometry.ts';
import { sectorStore, useSectorStore } from './sector-store.ts';
import { sectorsApi } from './sectors-api.ts';
import { sectorErrText } from './sectors-i18n.ts';
import { SectorsLayer, statusColour } from './SectorsLayer.tsx';
import { SectorStatusPicker } from './SectorStatusPicker.tsx';
import './sectors.css';

const WAY = 'officer-sector-way';

export interface MySector {
  sector: SectorFeature;
  /** Null until there is a fix. */
  inside: boolean | null;
  /** The nearest point of its edge and the way there, when he is outside it. */
  edge: LonLat | null;
  toEdge: Guidance | null;
}

/** The sector of the case his unit searches (the first by priority when there are several), and where he is to it. */
export function useMySector(
  caseId: string | null,
  unitId: string | null,
  me: { lon: number; lat: number } | null,
): MySector | null {
  const store = useSectorStore();
  useEffect(() => {
    sectorStore.show(caseId);
  }, [caseId]);
  const sector = store.sectors.find(
    (s) => s.properties.assignee?.kind === 'unit' && s.properties.assignee.ref === unitId,
  );
  return useMemo(() => {
    if (!sector) return null;
    if (!me) return { sector, inside: null, edge: null, toEdge: null };
    const here: LonLat = [me.lon, me.lat];
    const ring = sector.geometry.coordinates[0] as LonLat[];
    if (insideRing(here, ring)) return { sector, inside: true, edge: null, toEdge: null };
    const edge = nearestOnRing(here, ring);
    return { sector, inside: false, edge, toEdge: guidance(here, edge) };
  }, [sector, me]);
}

/** His sector outlined thick, and a dotted line to the nearest point of its edge while he is outside it. */
export function OfficerSectorLayer({ mine, me }: { mine: MySector | null; me: { lon: number; lat: number } | null }) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(WAY, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${WAY}-line`,
      type: 'line',
      source: WAY,
      paint: { 'line-color': '#ef6c00', 'line-width': 3, 'line-dasharray': [0.5, 1.5] },
      layout: { 'line-cap': 'round' },
    });
    return () => removeAll(map, [`${WAY}-line`], WAY);
  }, []);
  useEffect(() => {
    const map = getMap()!;
    const line =
      mine?.edge && me
        ? [
            {
              type: 'Feature',
              geometry: { type: 'LineString', coordinates: [[me.lon, me.lat], mine.edge] },
              properties: {},
            },
          ]
        : [];
    setSourceData(map, WAY, line);
  }, [mine, me]);
  const sectors = useMemo(() => (mine ? [mine.sector] : []), [mine]);
  return <SectorsLayer sectors={sectors} highlightId={mine?.sector.id ?? null} />;
}

/** 我的区块 A3 · [搜索中] — 你在区块内 / 区块外 · 东北 350 米 到边界; he sets the status when he starts or ends it. */
export function OfficerSectorLine({ mine }: { mine: MySector | null }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!mine) return null;
  const p = mine.sector.properties;
  const g = mine.toEdge;
  const set = (status: SectorStatus) => {
    setBusy(true);
    setError(null);
    sectorsApi
      .patch(p.caseId, mine.sector.id, { status })
      .then(() => sectorStore.reload())
      .catch((err: unknown) => setError(sectorErrText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <div
      className="officer-sector"
      data-testid="officer-sector"
      data-name={p.name}
      data-inside={mine.inside === null ? '' : String(mine.inside)}
      data-m={g ? Math.round(g.distanceM) : ''}
    >
      <span className="sector-dot" style={{ background: statusColour[p.status] }} />
      <strong>{t('sectors.officer.mine', { name: p.name })}</strong>
      <SectorStatusPicker sector={mine.sector} disabled={busy} onChange={set} />
      {mine.inside === true ? <span>· {t('sectors.officer.inside')}</span> : null}
      {g ? (
        <span>
          ·{' '}
          {t('sectors.officer.outside', {
            direction: t(`compass.${compassPoint(g.bearingDeg)}`),
            distance: distanceText(g.distanceM, currentLanguage()),
          })}
        </span>
      ) : null}
      {error ? (
        <span className="error" data-testid="sector-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
