import { useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { ApiError } from '../api.ts';
import type { AppConfig, User } from '../api-types.ts';
import { caseApi } from '../cases/case-api.ts';
import { onCaseEvent } from '../cases/case-feed.ts';
import '../cases/case-i18n.ts';
import type { Assignment, AssignmentStatus, MyAssignment } from '../cases/case-types.ts';
import { copyText } from '../hooks.ts';
import { useConnection } from '../components/TopBar.tsx';
import { currentLanguage } from '../i18n.ts';
import { getMap, isMapReady, onMapReady } from '../map/core/map-instance.ts';
import { MapView } from '../map/core/MapView.tsx';
import { LngLatBounds, type PaddingOptions } from 'maplibre-gl';
import { ensureMap } from './ensure-map.ts';
import { followReducer, initialFollow, isUserMove, shouldRecentre } from './follow-me.ts';
import { arrowRotation, compassPoint, distanceText, etaText, guidance, headingFromOrientation } from './guidance.ts';
import { idempotencyKey } from './offline-queue.ts';
import { downloadArea, registerServiceWorker, type DownloadProgress } from './offline-area.ts';
import { BeaconLayer, MeLayer, TargetLayer } from './OfficerLayers.tsx';
import { getOutbox } from './outbox.ts';
import { sharedTarget } from './share-target.ts';
import { PositionTracker, type OwnPosition } from './position-tracker.ts';
import './officer.css';

type Loaded = { state: 'loading' } | { state: 'forbidden' } | { state: 'error'; message: string } | { state: 'ok' };
type StatusButton = Exclude<AssignmentStatus, 'dispatched'>;
const STATUS_BUTTONS: StatusButton[] = ['en_route', 'on_scene', 'found', 'stood_down'];

const tracker = new PositionTracker();

function useOutboxSize(): number {
  return useSyncExternalStore(
    (fn) => getOutbox().subscribe(fn),
    () => getOutbox().size,
  );
}

/** Compass heading from the phone's orientation sensor, once enabled (iOS asks for permission on a tap). */
function useCompass(): { heading: number | null; needsTap: boolean; denied: boolean; enable: () => void } {
  const [heading, setHeading] = useState<number | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [denied, setDenied] = useState(false);
  type WithPermission = { requestPermission?: () => Promise<'granted' | 'denied'> };
  const needsPermission =
    typeof DeviceOrientationEvent !== 'undefined' &&
    typeof (DeviceOrientationEvent as unknown as WithPermission).requestPermission === 'function';

  useEffect(() => {
    if (typeof DeviceOrientationEvent === 'undefined' || (needsPermission && !enabled)) return;
    const absolute = 'ondeviceorientationabsolute' in window;
    const name = absolute ? 'deviceorientationabsolute' : 'deviceorientation';
    const on = (e: Event) => {
      const o = e as DeviceOrientationEvent & { webkitCompassHeading?: number };
      const h = headingFromOrientation(
        { alpha: o.alpha, absolute: absolute || o.absolute, webkitCompassHeading: o.webkitCompassHeading },
        screen.orientation?.angle ?? 0,
      );
      if (h !== null) setHeading(Math.round(h));
    };
    window.addEventListener(name, on);
    return () => window.removeEventListener(name, on);
  }, [enabled, needsPermission]);

  const enable = useCallback(() => {
    const ctor = DeviceOrientationEvent as unknown as WithPermission;
    if (!ctor.requestPermission) return;
    // Called on the class: a detached static method throws "Illegal invocation" in Chromium.
    ctor
      .requestPermission()
      .then((r) => {
        setEnabled(r === 'granted');
        setDenied(r !== 'granted');
      })
      .catch(() => setDenied(true));
  }, []);
  return { heading, needsTap: needsPermission && !enabled && !denied, denied, enable };
}

/**
 * The part of the map no overlay covers, as camera padding: overlays in the upper half push the top edge down,
 * those in the lower half push the bottom edge up; a margin keeps the target's ring and label clear of them.
 */
export function clearArea(container: HTMLElement, overlays: (HTMLElement | null)[], margin = 28): PaddingOptions {
  const c = container.getBoundingClientRect();
  const pad = { top: margin, bottom: margin, left: margin, right: margin };
  for (const el of overlays) {
    if (!el) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.bottom <= c.top || r.top >= c.bottom) continue;
    if ((r.top + r.bottom) / 2 < (c.top + c.bottom) / 2) pad.top = Math.max(pad.top, r.bottom - c.top + margin);
    else pad.bottom = Math.max(pad.bottom, c.bottom - r.top + margin);
  }
  // Never less than a strip to draw in: a phone on its side may be short.
  const room = c.height - pad.top - pad.bottom;
  if (room < 80) {
    const cut = (80 - room) / 2;
    pad.top = Math.max(0, pad.top - cut);
    pad.bottom = Math.max(0, pad.bottom - cut);
  }
  return pad;
}

export function OfficerPage({ user, config }: { user: User; config: AppConfig }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [mine, setMine] = useState<MyAssignment | null>(null);
  const [arrivedLive, setArrivedLive] = useState(false);
  const [me, setMe] = useState<OwnPosition | null>(tracker.latest);
  const [geoError, setGeoError] = useState<string | null>(null);
  const [follow, dispatchFollow] = useReducer(followReducer, initialFollow);
  const [pending, setPending] = useState<{ id: string; status: StatusButton } | null>(null);
  const [mapBearing, setMapBearing] = useState(0);
  const [sheet, setSheet] = useState<'none' | 'share'>('none');
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [download, setDownload] = useState<{ p?: DownloadProgress; error?: string } | null>(null);
  const queued = useOutboxSize();
  const conn = useConnection();
  const compass = useCompass();
  const autoDownloaded = useRef<string | null>(null);
  const cardRef = useRef<HTMLElement>(null);
  const sideRef = useRef<HTMLDivElement>(null);
  const sheetRef = useRef<HTMLElement>(null);
  const canDownload = config.basemap.kind !== 'fallback';
  const mineRef = useRef<MyAssignment | null>(null);
  const mapReady = useSyncExternalStore((fn) => {
    const off = onMapReady(() => fn());
    return () => void off();
  }, isMapReady);

  const assignment: Assignment | null = mine?.assignment ?? null;
  const target = useMemo<[number, number] | null>(
    () => (assignment ? [assignment.target.lon, assignment.target.lat] : null),
    [assignment],
  );

  // The assignment: loaded once, then live (socket event `assignment`), with a slow poll as a safety net.
  const refresh = useCallback((): Promise<void> => {
    return caseApi.myAssignment().then(
      (r) => {
        mineRef.current = r;
        setMine(r);
        setLoaded({ state: 'ok' });
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 403) setLoaded({ state: 'forbidden' });
        else if (!(err instanceof ApiError && err.status === 0))
          setLoaded({ state: 'error', message: err instanceof Error ? err.message : String(err) });
        // Offline (status 0): keep what is shown; the service worker may have answered from its cache anyway.
        else setLoaded((l) => (l.state === 'loading' ? { state: 'ok' } : l));
      },
    );
  }, []);

  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const poll = setInterval(() => void refresh(), 30_000);
    return () => {
      clearTimeout(first);
      clearInterval(poll);
    };
  }, [refresh]);

  useEffect(
    () =>
      onCaseEvent((e) => {
        if (e.kind !== 'assignment') return;
        const prev = mineRef.current;
        const myUnit = prev?.unit?.id ?? prev?.assignment?.unitId;
        if (!prev || !myUnit || e.assignment.unitId !== myUnit) return;
        const done = e.assignment.status === 'found' || e.assignment.status === 'stood_down';
        if (!done || prev.assignment?.id === e.assignment.id) {
          const next: MyAssignment = { ...prev, assignment: e.assignment };
          mineRef.current = next;
          setMine(next);
          setArrivedLive(true);
        }
        // The case and the beacon drone come with the HTTP answer.
        void refresh();
      }),
    [refresh],
  );

  // Own position, uploaded through the outbox.
  useEffect(() => {
    if (loaded.state === 'forbidden') return;
    tracker.start();
    const off = tracker.subscribe((p, err) => {
      setMe(p);
      setGeoError(err ? err.message || String(err.code) : null);
    });
    getOutbox().kick();
    return () => {
      off();
    };
  }, [loaded.state]);

  // The map (created here when the officer view opens first) and the offline cache.
  useEffect(() => {
    if (loaded.state === 'forbidden') return;
    registerServiceWorker();
    void ensureMap(config, tracker.latest ? [tracker.latest.lon, tracker.latest.lat] : undefined);
  }, [config, loaded.state]);

  // Follow-me: a pan by the user breaks it; the map's own moves carry `followMe`.
  useEffect(() => {
    const map = getMap();
    if (!map || !mapReady) return;
    const onMove = (e: { originalEvent?: unknown; followMe?: boolean }) => {
      if (isUserMove(e)) dispatchFollow({ type: 'user_pan', at: Date.now() });
    };
    const onRotate = () => setMapBearing(map.getBearing());
    // The finger itself, too: a press that travels more than a few pixels over the map is a pan.
    const el = map.getCanvasContainer();
    let start: { x: number; y: number } | null = null;
    const down = (e: PointerEvent) => (start = { x: e.clientX, y: e.clientY });
    const move = (e: PointerEvent) => {
      if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > 8) {
        start = null;
        dispatchFollow({ type: 'user_pan', at: Date.now() });
      }
    };
    const up = () => (start = null);
    const wheel = () => dispatchFollow({ type: 'user_pan', at: Date.now() });
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    el.addEventListener('wheel', wheel, { passive: true });
    map.on('dragstart', onMove);
    map.on('movestart', onMove);
    map.on('rotate', onRotate);
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      el.removeEventListener('wheel', wheel);
      map.off('dragstart', onMove);
      map.off('movestart', onMove);
      map.off('rotate', onRotate);
    };
  }, [mapReady]);

  // Following frames the officer and the target together, in the part of the map no card or button covers.
  useEffect(() => {
    const map = getMap();
    if (!map || !mapReady || !me || !shouldRecentre(follow)) return;
    const padding = clearArea(map.getContainer(), [cardRef.current, sideRef.current, sheetRef.current]);
    if (target) {
      const bounds = new LngLatBounds([me.lon, me.lat], [me.lon, me.lat]).extend(target);
      map.fitBounds(
        bounds,
        { padding, maxZoom: 17, duration: 400, bearing: map.getBearing(), linear: true },
        { followMe: true },
      );
    } else {
      map.easeTo({ center: [me.lon, me.lat], padding, duration: 400 }, { followMe: true });
    }
  }, [me, target, follow, mapReady]);

  // The tiles around the assigned target, once per assignment.
  const startDownload = useCallback(
    (lon: number, lat: number) => {
      downloadArea(config.basemap, lon, lat, (p) => setDownload({ p }))
        .then((p) => setDownload({ p }))
        .catch((err: unknown) => setDownload({ error: err instanceof Error ? err.message : String(err) }));
    },
    [config.basemap],
  );
  useEffect(() => {
    if (!assignment || autoDownloaded.current === assignment.id || config.basemap.kind === 'fallback') return;
    autoDownloaded.current = assignment.id;
    downloadArea(config.basemap, assignment.target.lon, assignment.target.lat, (p) => setDownload({ p })).catch(
      (err: unknown) => setDownload({ error: err instanceof Error ? err.message : String(err) }),
    );
  }, [assignment, config.basemap]);

  const g = me && target ? guidance([me.lon, me.lat], target) : null;
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

  const shared = target ? sharedTarget(target[0], target[1], t('officer.target')) : null;
  // Chinese says 北纬/东经 in words; English keeps the N/E letter.
  const dms = (v: string) => (lang === 'en' ? v : v.slice(0, -1));
  const shareLines = shared
    ? [
        t('officer.shareTitle', { title: mine?.case?.title ?? '' }),
        t('officer.shareWgs', {
          lat: dms(shared.wgs84.latDms),
          lon: dms(shared.wgs84.lonDms),
          decimal: `${shared.wgs84.lat}, ${shared.wgs84.lon}`,
        }),
        t('officer.shareGcj', { decimal: `${shared.gcj02.lat}, ${shared.gcj02.lon}` }),
        t('officer.shareAmap', { url: shared.amapUrl }),
      ]
    : [];
  const shareText = shareLines.join('\n');

  const openShare = () => {
    setSheet('share');
    setCopied(false);
    QRCode.toString(shareText, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
      .then(setQr)
      .catch(() => setQr(null));
  };

  if (loaded.state === 'forbidden') {
    return (
      <div className="officer-page officer-refused" data-testid="officer-forbidden">
        <p className="error">{t('officer.forbidden')}</p>
        <p>{user.displayName || user.username}</p>
      </div>
    );
  }

  const rotation = g ? arrowRotation(g.bearingDeg, compass.heading, mapBearing) : 0;

  return (
    <div
      className="officer-page"
      data-testid="officer-page"
      data-follow={follow.mode}
      data-assignment={assignment?.id ?? ''}
      data-arrived-live={arrivedLive ? 'true' : 'false'}
      data-map-ready={mapReady ? 'true' : 'false'}
    >
      <div className="officer-map">
        <MapView>
          <MeLayer me={me} />
          <TargetLayer target={target} me={me} />
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
          <section className="officer-card" aria-live="polite" data-testid="officer-card" ref={cardRef}>
            {loaded.state === 'error' ? (
              <p className="error">{t('officer.refused', { message: loaded.message })}</p>
            ) : null}
            {!assignment ? (
              <p className="officer-idle">
                {loaded.state === 'loading' ? t('map.loading') : t('officer.noAssignment')}
              </p>
            ) : (
              <>
                <div className="officer-guidance">
                  <svg
                    className="officer-arrow"
                    viewBox="0 0 64 64"
                    style={{ transform: `rotate(${rotation}deg)` }}
                    aria-hidden="true"
                    data-rotation={Math.round(rotation)}
                  >
                    <path d="M32 4 L54 58 L32 46 L10 58 Z" fill="#c62828" stroke="#fff" strokeWidth="3" />
                  </svg>
                  <div className="officer-numbers">
                    {g ? (
                      <>
                        <div className="officer-line">
                          <span
                            className="officer-distance"
                            data-testid="officer-distance"
                            data-m={Math.round(g.distanceM)}
                          >
                            {distanceText(g.distanceM, lang)}
                          </span>
                          <span className="officer-eta">
                            {t('officer.eta')} {etaText(g.etaMin, lang)}
                          </span>
                        </div>
                        <div
                          className="officer-bearing"
                          data-testid="officer-bearing"
                          data-deg={Math.round(g.bearingDeg)}
                        >
                          {t('officer.bearing', {
                            deg: Math.round(g.bearingDeg),
                            point: t(`compass.${compassPoint(g.bearingDeg)}`),
                          })}
                        </div>
                      </>
                    ) : (
                      <div className="officer-eta">
                        {geoError ? t('officer.noFix', { message: geoError }) : t('officer.waitingFix')}
                      </div>
                    )}
                  </div>
                </div>
                <div className="officer-case" title={mine?.case?.title ?? ''}>
                  {mine?.case?.title ?? ''}
                </div>
                <div className="officer-status-line" data-testid="officer-status-line" data-status={status ?? ''}>
                  {t('officer.statusNow', { status: status ? t(`officer.status.${status}`) : '' })}
                </div>
              </>
            )}
          </section>

          <div className="officer-side" ref={sideRef}>
            <button
              type="button"
              className={`officer-tool${follow.mode === 'following' ? ' on' : ''}`}
              aria-pressed={follow.mode === 'following'}
              aria-label={follow.mode === 'following' ? t('officer.followOn') : t('officer.followOff')}
              title={follow.mode === 'following' ? t('officer.followOn') : t('officer.followOff')}
              onClick={() => dispatchFollow({ type: 'toggle', at: Date.now() })}
              data-testid="follow-toggle"
            >
              {t('officer.tool.follow')}
            </button>
            {follow.mode === 'free' ? (
              <button
                type="button"
                className="officer-tool"
                aria-label={t('officer.recenter')}
                title={t('officer.recenter')}
                onClick={() => dispatchFollow({ type: 'recenter' })}
                data-testid="recenter"
              >
                ◎ {t('officer.tool.me')}
              </button>
            ) : null}
            {compass.needsTap ? (
              <button
                type="button"
                className="officer-tool"
                aria-label={t('officer.compass')}
                title={t('officer.compass')}
                data-testid="compass-enable"
                onClick={compass.enable}
              >
                {t('officer.tool.compass')}
              </button>
            ) : null}
            {canDownload ? (
              <button
                type="button"
                className="officer-tool"
                aria-label={t('officer.download')}
                title={t('officer.download')}
                data-testid="download-area"
                onClick={() => {
                  const p = target ?? (me ? ([me.lon, me.lat] as [number, number]) : null);
                  if (p) startDownload(p[0], p[1]);
                }}
              >
                ⬇ {t('officer.tool.download')}
              </button>
            ) : null}
          </div>
        </div>
      </div>

      <section className="officer-sheet" ref={sheetRef}>
        <div className="officer-info">
          <span
            className={`officer-queue${queued > 0 ? ' waiting' : ''}`}
            data-testid="officer-queue"
            data-count={queued}
          >
            {queued > 0 ? t('officer.queued', { count: queued }) : t('officer.allSent')}
          </span>
          <span className={`officer-conn conn-${conn.state}`} data-testid="officer-conn" data-conn={conn.state}>
            {conn.text}
            {conn.state === 'offline' ? `，${t('officer.offlineSaved')}` : ''}
          </span>
          {compass.denied ? (
            <span className="officer-chip" data-testid="compass-denied">
              {t('officer.compassDenied')}
            </span>
          ) : compass.heading !== null ? (
            <span className="officer-chip" data-testid="compass-on">
              {t('officer.compassOn')}
            </span>
          ) : null}
          {download ? (
            <span className="officer-chip" data-testid="download-state">
              {download.error
                ? t('officer.downloadFailed', { message: download.error })
                : download.p && download.p.done < download.p.total
                  ? t('officer.downloading', { done: download.p.done, total: download.p.total })
                  : t('officer.downloaded', { done: download.p?.done ?? 0 })}
            </span>
          ) : null}
        </div>
        <div className="officer-status-buttons">
          {STATUS_BUTTONS.map((s) => (
            <button
              key={s}
              type="button"
              className={`officer-status s-${s}${status === s ? ' current' : ''}`}
              disabled={!assignment}
              aria-pressed={status === s}
              onClick={() => setStatus(s)}
              data-status={s}
            >
              {t(`officer.status.${s}`)}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="officer-share"
          disabled={!target}
          onClick={openShare}
          data-testid="share-target"
        >
          {t('officer.share')}
        </button>
      </section>

      {sheet === 'share' && target ? (
        <div className="officer-dialog" role="dialog" aria-modal="true" data-testid="share-dialog">
          <div className="officer-share-text">
            {shareLines.slice(0, 3).map((line) => (
              <p key={line}>
                {line.split(/(\d[\d.°′″]*[NSEW]?)/).map((part, i) =>
                  i % 2 === 1 ? (
                    <span key={i} className="officer-coord">
                      {part}
                    </span>
                  ) : (
                    part
                  ),
                )}
              </p>
            ))}
          </div>
          {shared ? (
            <a className="officer-amap" href={shared.amapUrl} target="_blank" rel="noreferrer" data-testid="share-amap">
              {t('officer.openAmap')} ›
            </a>
          ) : null}
          {qr ? <div className="officer-qr" dangerouslySetInnerHTML={{ __html: qr }} /> : null}
          <div className="officer-dialog-buttons">
            <button type="button" onClick={() => void copyText(shareText).then(setCopied)} data-testid="share-copy">
              {copied ? t('officer.copied') : t('officer.copy')}
            </button>
            {'share' in navigator ? (
              <button type="button" onClick={() => navigator.share({ text: shareText }).catch(() => undefined)}>
                {t('officer.share')}
              </button>
            ) : null}
            <button type="button" onClick={() => setSheet('none')}>
              {t('officer.close')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
