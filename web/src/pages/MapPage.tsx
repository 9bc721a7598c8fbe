import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BasemapChoice } from '@lookout/contracts';
import type { AppConfig, User } from '../api-types.ts';
import { useMediaQuery } from '../hooks.ts';
import { currentLanguage } from '../i18n.ts';
import { loadBasemap, type Basemap, type BasemapKind } from '../map/core/basemap.ts';
import { basemapSource, chosenBasemap, rememberBasemap } from '../map/core/basemap-choice.ts';
import { createMap, getMap } from '../map/core/map-instance.ts';
import { useTileProblem } from '../map/core/tile-problem.ts';
import { BasemapSwitcher } from '../map/BasemapSwitcher.tsx';
import { MapView } from '../map/core/MapView.tsx';
import { CoordinateReadout } from '../map/CoordinateReadout.tsx';
import { DroneList } from '../map/DroneList.tsx';
import { DronesLayer } from '../map/DronesLayer.tsx';
import { GridLayer } from '../map/GridLayer.tsx';
import { TerrainLayer } from '../map/TerrainLayer.tsx';
import { SightingPanel } from '../map/SightingPanel.tsx';
import { SightingsLayer } from '../map/SightingsLayer.tsx';
import { DocksLayer } from '../map/DocksLayer.tsx';
import { DronePanel } from '../drones/DronePanel.tsx';
import { TrailsLayer } from '../map/TrailsLayer.tsx';
import { CaseLayers } from '../cases/CaseLayers.tsx';
import { CoverageLayer } from '../search-coverage/CoverageLayer.tsx';
import { CasesPanel, CasesToggle } from '../cases/CasesPanel.tsx';
import { SightingDispatch } from '../cases/DispatchHere.tsx';
import { useCaseStore } from '../cases/case-store.ts';
import { UnitsLayer } from '../cases/UnitsLayer.tsx';
import { CaseSectorsLayer } from '../sectors/CaseSectorsLayer.tsx';
import { MapPlaceSearch } from '../places/MapPlaceSearch.tsx';
import { PlaceNamesLayer } from '../places/PlaceNamesLayer.tsx';
import { PilotPanel, PilotToggle } from '../pilot/PilotPanel.tsx';
import { commands, fliesForCases, isStaff, seesAircraft, seesCaseMap } from '../shared/roles.ts';
import { closeVideo, useOpenVideo } from '../video/video-store.ts';
import { VideoPanel } from '../video/VideoPanel.tsx';

const MAPLIBRE_ZH: Record<string, string> = {
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
  'NavigationControl.ResetBearing': '指北',
  'AttributionControl.ToggleAttribution': '数据来源',
  'Popup.Close': '关闭',
};

interface BasemapInfo {
  kind: BasemapKind;
  problem?: string;
}
/** The basemap the one map shows; it outlives the page like the map does. */
let shownBasemap: BasemapInfo | null = null;
export function forgetBasemap(): void {
  shownBasemap = null;
}

export function MapPage({ user, config }: { user: User; config: AppConfig }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 640px)');
  const [basemap, setBasemap] = useState<BasemapInfo | null>(shownBasemap);
  const [selected, setSelected] = useState<string | null>(null);
  const [drone, setDrone] = useState<string | null>(null);
  // null: the default for the basemap (on over the sketch map, which has nothing else to measure by).
  const [gridChoice, setGrid] = useState<boolean | null>(null);
  const [gridTooMany, setGridTooMany] = useState(false);
  const [listOpen, setListOpen] = useState(!phone);
  const cases = useCaseStore();
  const video = useOpenVideo();
  // Cases are for staff; a pilot sees the cases he flies for (his own panel); liaisons none.
  const staff = isStaff(user);
  const pilot = fliesForCases(user);
  const caseMap = seesCaseMap(user);

  const [choice, setChoice] = useState(() => chosenBasemap(config, user.id));
  const [switching, setSwitching] = useState(false);
  const tilesDown = useTileProblem();

  /** Puts a loaded basemap into the one map (made on the first call, its style swapped after). */
  const apply = useCallback(
    (b: Basemap) => {
      createMap({
        style: b.style,
        datum: b.datum,
        center: config.center,
        zoom: config.zoom,
        locale: currentLanguage() === 'en' ? {} : MAPLIBRE_ZH,
      });
      shownBasemap = { kind: b.kind, problem: b.problem };
      document.documentElement.dataset.basemap = b.kind;
      setBasemap(shownBasemap);
    },
    [config],
  );

  useEffect(() => {
    if (getMap()) return; // the map outlives this page (admin and back)
    let cancelled = false;
    void loadBasemap(basemapSource(choice, config)).then((b) => {
      if (!cancelled) apply(b);
    });
    return () => {
      cancelled = true;
    };
    // The first basemap only: a later choice swaps the style itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [apply]);

  const choose = useCallback(
    (c: BasemapChoice) => {
      rememberBasemap(user.id, c.id);
      setChoice(c);
      setSwitching(true);
      void loadBasemap(c.source)
        .then(apply)
        .finally(() => setSwitching(false));
    },
    [apply, user.id],
  );

  const sketch = basemap?.kind === 'fallback';
  const grid = gridChoice ?? sketch;
  const onSelect = useCallback((id: string) => setSelected(id), []);
  const aircraft = seesAircraft(user);
  const onSelectDrone = useCallback((id: string) => setDrone(id), []);
  const onTooMany = useCallback((v: boolean) => setGridTooMany(v), []);

  return (
    <div className={`map-page${selected || drone || video || (caseMap && cases.panelOpen) ? ' has-panel' : ''}`}>
      <MapView>
        {/* First: the hillshade and contour lines sit under everything Lookout draws. */}
        {config.terrain ? <TerrainLayer terrain={config.terrain} /> : null}
        {grid ? <GridLayer refLat={config.center[1]} onTooMany={onTooMany} /> : null}
        {sketch ? <PlaceNamesLayer /> : null}
        {/* The case's camera coverage and its gaps: under the trails, drones and sightings. */}
        {caseMap ? <CoverageLayer /> : null}
        {/* Under the tracks, drones and findings: a sector is ground, not a thing on it. */}
        {caseMap ? <CaseSectorsLayer /> : null}
        <TrailsLayer />
        {aircraft ? <DocksLayer /> : null}
        <DronesLayer onSelect={aircraft ? onSelectDrone : undefined} />
        {/* Above the drones: a finding must never hide under an aircraft, and its label wins collisions. */}
        <SightingsLayer refLat={config.center[1]} onSelect={onSelect} />
        <CoordinateReadout />
        {caseMap ? <CaseLayers refLat={config.center[1]} /> : null}
        {commands(user) || pilot ? <UnitsLayer /> : null}
        <MapPlaceSearch />
      </MapView>
      {basemap?.kind === 'fallback' ? (
        <div className="basemap-badge" data-testid="basemap-badge" title={t('map.fallbackHint')}>
          <strong>{t('map.fallbackBadge')}</strong>
          {basemap.problem ? (
            // A basemap is configured but cannot be used: say why, not that none is configured.
            <span className="badge-sub">{t('map.basemapError', { message: basemap.problem })}</span>
          ) : (
            <>
              <span className="badge-sub">{t('map.fallbackShort')}</span>
              <span className="badge-howto" data-testid="basemap-howto">
                {t('map.fallbackHowTo')}
              </span>
            </>
          )}
        </div>
      ) : null}
      {tilesDown && basemap?.kind !== 'fallback' ? (
        <div className="basemap-badge tiles-down" data-testid="tiles-down" role="status">
          <strong>{t('map.tilesDown', { message: tilesDown })}</strong>
        </div>
      ) : null}
      <div className="map-tools">
        <BasemapSwitcher choices={config.basemaps} current={choice?.id ?? null} busy={switching} onChoose={choose} />
        <button
          type="button"
          className={`tool${grid ? ' active' : ''}`}
          aria-pressed={grid}
          onClick={() => setGrid(!grid)}
          data-testid="grid-toggle"
        >
          # {t('map.grid')}
          {grid && gridTooMany ? <small>{t('map.gridTooMany')}</small> : null}
        </button>
      </div>
      <DroneList
        open={listOpen}
        onToggle={() => setListOpen((o) => !o)}
        onSelect={aircraft ? onSelectDrone : undefined}
      />
      {staff ? <CasesToggle /> : null}
      {pilot ? <PilotToggle /> : null}
      {/* The sighting and the case panels stack in one column, so neither hides the other. */}
      <div className="map-dock" data-testid="map-dock">
        {video && aircraft ? (
          <VideoPanel
            key={video.droneId}
            droneId={video.droneId}
            caseId={video.caseId}
            onClose={closeVideo}
            onSighting={(id) => setSelected(String(id))}
          />
        ) : null}
        {drone ? <DronePanel id={drone} onClose={() => setDrone(null)} /> : null}
        {selected ? (
          <SightingPanel id={selected} roles={user.roles} onClose={() => setSelected(null)}>
            {commands(user) ? <SightingDispatch sightingId={selected} /> : null}
            {pilot ? <SightingDispatch sightingId={selected} handOff /> : null}
          </SightingPanel>
        ) : null}
        {staff ? <CasesPanel user={user} /> : null}
        {pilot ? <PilotPanel user={user} /> : null}
      </div>
    </div>
  );
}
