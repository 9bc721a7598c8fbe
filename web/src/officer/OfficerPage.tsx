import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig, User } from '../api-types.ts';
import '../cases/case-i18n.ts';
import type { Assignment, AssignmentStatus } from '../cases/case-types.ts';
import { isMapReady, onMapReady } from '../map/core/map-instance.ts';
import { MapView } from '../map/core/MapView.tsx';
import { idempotencyKey } from '../shared/idempotency-key.ts';
import { ensureMap } from './ensure-map.ts';
import { GuidanceCard } from './GuidanceCard.tsx';
import { arrowRotation, guidance } from './guidance.ts';
import { registerServiceWorker } from './offline-area.ts';
import { BeaconLayer, MeLayer, TargetLayer } from './OfficerLayers.tsx';
import { OfficerSheet, type StatusButton } from './OfficerSheet.tsx';
import { OfficerTools } from './OfficerTools.tsx';
import { getOutbox } from './outbox.ts';
import { ShareDialog } from './ShareDialog.tsx';
import { useAreaDownload } from './use-area-download.ts';
import { useCompass } from './use-compass.ts';
import { useFollowCamera } from './use-follow-camera.ts';
import { useMyAssignment } from './use-my-assignment.ts';
import { tracker, useOwnPosition } from './use-own-position.ts';
import { useHeights } from './use-heights.ts';
import { TerrainLayer } from '../map/TerrainLayer.tsx';
import { wayBack, wayBackGuidance } from './way-back.ts';
import { WayBackLayer } from './WayBackLayer.tsx';
import { OfficerSectorLayer, OfficerSectorLine, useMySector } from '../sectors/OfficerSector.tsx';
import { OfficerCaseLog } from '../case-log/OfficerCaseLog.tsx';
import './officer.css';
import { OfficerVideoPip } from '../video/OfficerVideoPip.tsx';

function useMapReady(): boolean {
  return useSyncExternalStore((fn) => {
    const off = onMapReady(() => fn());
    return () => void off();
  }, isMapReady);
}

/** The officer's phone: guidance to the assigned target, status buttons, sharing, all working offline. */
export function OfficerPage({ user, config }: { user: User; config: AppConfig }) {
  const { t } = useTranslation();
  const { loaded, mine, arrivedLive } = useMyAssignment();
  const active = loaded.state !== 'forbidden';
  const { me, geoError } = useOwnPosition(active);
  const [pending, setPending] = useState<{ id: string; status: StatusButton } | null>(null);
  const [sharing, setSharing] = useState(false);
  /** The track as it was when 原路返回 was turned on: the walk back itself must not become the way to follow. */
  const [backTrack, setBackTrack] = useState<readonly [number, number][] | null>(null);
  const wayBackOn = backTrack !== null;
  const compass = useCompass();
  const cardRef = useRef<HTMLElement>(null);
  const sideRef = useRef<HTMLDivElement>(null);
  const sheetRef = useRef<HTMLElement>(null);
  const pipRef = useRef<HTMLDivElement>(null);
  const [pipLayout, setPipLayout] = useState(0);
  const onPipLayout = useCallback(() => setPipLayout((n) => n + 1), []);
  const mapReady = useMapReady();

  const assignment: Assignment | null = mine?.assignment ?? null;
  const target = useMemo<[number, number] | null>(
    () => (assignment ? [assignment.target.lon, assignment.target.lat] : null),
    [assignment],
  );
  const { follow, dispatchFollow, mapBearing } = useFollowCamera({
    mapReady,
    me,
    target,
    overlays: [cardRef, sideRef, sheetRef, pipRef],
    layout: pipLayout,
  });
  const { download, startDownload } = useAreaDownload(config, assignment);
  const mySector = useMySector(mine?.case?.id ?? null, mine?.unit.id ?? null, me);

  // The map (created here when the officer view opens first) and the offline cache.
  useEffect(() => {
    if (!active) return;
    registerServiceWorker();
    void ensureMap(config, tracker.latest ? [tracker.latest.lon, tracker.latest.lat] : undefined);
  }, [config, active]);

  // 原路返回 guides along his own track; the target (the found person, for the escort) stays on the map.
  const heights = useHeights(config.terrain, me, target);
  const back = useMemo(() => (backTrack && me ? wayBack(backTrack, [me.lon, me.lat]) : null), [backTrack, me]);
  const g = me
    ? back
      ? wayBackGuidance(back, [me.lon, me.lat])
      : target
        ? guidance([me.lon, me.lat], target, undefined, heights)
        : null
    : null;
  const status: AssignmentStatus | null = assignment
    ? pending?.id === assignment.id
      ? pending.status
      : assignment.status
    : null;

  const setStatus = (s: StatusButton) => {
    if (!assignment) return;
    setPending({ id: assignment.id, status: s });
    getOutbox().add({
      kind: 'status',
      key: idempotencyKey(),
      assignmentId: assignment.id,
      status: s,
      tappedAt: new Date().toISOString(),
    });
  };

  if (!active) {
    return (
      <div className="officer-page officer-refused" data-testid="officer-forbidden">
        <p className="error">{t('officer.forbidden')}</p>
        <p>{user.displayName || user.username}</p>
      </div>
    );
  }

  const rotation = g ? arrowRotation(g.bearingDeg, compass.heading, mapBearing) : 0;
  const downloadHere = () => {
    const p = target ?? (me ? ([me.lon, me.lat] as [number, number]) : null);
    if (p) startDownload(p[0], p[1]);
  };

  return (
    <div
      className="officer-page"
      data-testid="officer-page"
      data-follow={follow.mode}
      data-assignment={assignment?.id ?? ''}
      data-arrived-live={arrivedLive ? 'true' : 'false'}
      data-map-ready={mapReady ? 'true' : 'false'}
      data-way-back={wayBackOn ? 'true' : 'false'}
    >
      <div className="officer-map">
        <MapView>
          {config.terrain ? <TerrainLayer terrain={config.terrain} /> : null}
          <OfficerSectorLayer mine={mySector} me={me} />
          <MeLayer me={me} />
          <TargetLayer target={target} me={back ? null : me} />
          <WayBackLayer back={back} />
          <BeaconLayer
            target={target}
            fallback={
              mine?.nearestDrone
                ? {
                    id: mine.nearestDrone.id,
                    callsign: mine.nearestDrone.callsign,
                    lon: mine.nearestDrone.lon,
                    lat: mine.nearestDrone.lat,
                  }
                : null
            }
          />
        </MapView>

        <div className="officer-top">
          <GuidanceCard
            ref={cardRef}
            loaded={loaded}
            mine={mine}
            guide={g}
            heights={back ? null : heights}
            rotation={rotation}
            geoError={geoError}
            status={status}
            wayBack={back}
            wayBackOn={wayBackOn}
          >
            <OfficerSectorLine mine={mySector} />
          </GuidanceCard>
          <OfficerTools
            ref={sideRef}
            follow={follow}
            dispatchFollow={dispatchFollow}
            compassNeedsTap={compass.needsTap}
            enableCompass={compass.enable}
            onDownload={config.basemap.kind !== 'fallback' || config.terrain ? downloadHere : null}
            wayBack={{
              on: wayBackOn,
              available: tracker.track.length >= 2,
              toggle: () => setBackTrack((on) => (on ? null : tracker.track)),
            }}
          />
        </div>
        {mine?.case && mine.case.status === 'open' ? (
          <OfficerVideoPip key={mine.case.id} ref={pipRef} caseId={mine.case.id} onLayout={onPipLayout} />
        ) : null}
      </div>

      {mine?.case ? <OfficerCaseLog caseId={mine.case.id} open={mine.case.status === 'open'} /> : null}
      <OfficerSheet
        ref={sheetRef}
        status={status}
        hasAssignment={assignment !== null}
        hasTarget={target !== null}
        compass={compass}
        download={download}
        onStatus={setStatus}
        onShare={() => setSharing(true)}
      />

      {sharing && target ? (
        <ShareDialog target={target} caseTitle={mine?.case?.title ?? ''} onClose={() => setSharing(false)} />
      ) : null}
    </div>
  );
}
