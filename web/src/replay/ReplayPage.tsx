import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig } from '../api-types.ts';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { currentLanguage } from '../i18n.ts';
import { loadBasemap } from '../map/core/basemap.ts';
import { createMap, destroyMap, getMap } from '../map/core/map-instance.ts';
import { MapView } from '../map/core/MapView.tsx';
import { replayApi } from './replay-api.ts';
import { countUpTo, formatClock, formatOffset, SPEEDS } from './replay-clock.ts';
import { Player, type FrameStats } from './replay-player.ts';
import type { ReplayData } from './replay-types.ts';
import { ReplayLayers, type Visible } from './ReplayLayers.tsx';
import { ReplayVideos } from './ReplayVideos.tsx';
import { ReplayCoverage } from '../search-coverage/ReplayCoverage.tsx';
import './replay-i18n.ts';
import './replay.css';

/** What the e2e test and the bench read (window.__replay). */
export interface ReplayHook {
  state: 'loading' | 'ready' | 'error';
  caseId: string;
  durationMs: number;
  /** performance.now() when the first frame with every track was drawn and the map went idle. */
  readyAt: number | null;
  /** performance.now() when the data arrived and when its first frame went into the map's sources. */
  dataAt: number | null;
  firstFrameAt: number | null;
  visible: Visible | null;
  stats: FrameStats | null;
  player: Player | null;
}

declare global {
  interface Window {
    __replay?: ReplayHook;
  }
}

const ZH = { 'NavigationControl.ZoomIn': '放大', 'NavigationControl.ZoomOut': '缩小' };

/** `#/replay/<caseId>`: the whole incident on the map, with a time slider, play/pause and speed. */
export function ReplayPage({ caseId, config }: { caseId: string; config: AppConfig }) {
  const { t } = useTranslation();
  const [data, setData] = useState<ReplayData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(10);
  const [shownEvents, setShownEvents] = useState(0);
  const slider = useRef<HTMLInputElement>(null);
  const timeText = useRef<HTMLSpanElement>(null);
  const countsText = useRef<HTMLSpanElement>(null);
  const eventList = useRef<HTMLOListElement>(null);
  const hook = useRef<ReplayHook>({
    state: 'loading',
    caseId,
    durationMs: 0,
    readyAt: null,
    dataAt: null,
    firstFrameAt: null,
    visible: null,
    stats: null,
    player: null,
  });

  // The one map: made here when the replay is the first page shown, and dropped again on leaving, so the map
  // page builds its own (with its basemap badge) afterwards.
  useEffect(() => {
    window.__replay = hook.current;
    if (getMap()) return;
    let cancelled = false;
    let made = false;
    void loadBasemap(config.basemap).then((b) => {
      if (cancelled) return;
      createMap({
        style: b.style,
        datum: b.datum,
        center: config.center,
        zoom: config.zoom,
        locale: currentLanguage() === 'en' ? {} : ZH,
      });
      made = true;
    });
    return () => {
      cancelled = true;
      if (made) destroyMap();
    };
  }, [config]);

  useEffect(() => {
    let cancelled = false;
    replayApi
      .load(caseId)
      .then((d) => {
        if (cancelled) return;
        hook.current.durationMs = d.window.durationMs;
        hook.current.dataAt = performance.now();
        setData(d);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        hook.current.state = 'error';
        setError(err instanceof Error ? err.message : String(err));
      });
    return () => {
      cancelled = true;
    };
  }, [caseId]);

  const player = useMemo(() => (data ? new Player(data.window.durationMs) : null), [data]);
  const eventTimes = useMemo(() => data?.events.map((e) => e.t) ?? [], [data]);

  useEffect(() => {
    if (!player || !data) return;
    hook.current.player = player;
    hook.current.stats = player.stats;
    const offState = player.onState((s) => {
      setPlaying(s.playing);
      setSpeed(s.speed);
    });
    // The slider, the clock text and the event cursor follow every frame without a React render (the event
    // list re-renders only when an event is passed).
    let lastShown = -1;
    const offFrame = player.onFrame((now) => {
      if (slider.current && document.activeElement !== slider.current) slider.current.value = String(Math.round(now));
      if (timeText.current)
        timeText.current.textContent = `${formatClock(data.window.from, now)} · +${formatOffset(now)}`;
      const n = countUpTo(eventTimes, now);
      if (n !== lastShown) {
        lastShown = n;
        setShownEvents(n);
      }
    });
    return () => {
      offState();
      offFrame();
      player.destroy();
    };
  }, [player, data, eventTimes]);

  useEffect(() => {
    const current = eventList.current?.querySelector('.replay-event-current');
    current?.scrollIntoView({ block: 'nearest' });
  }, [shownEvents]);

  const onVisible = useCallback(
    (v: Visible) => {
      const h = hook.current;
      h.visible = v;
      if (countsText.current)
        countsText.current.textContent = t('replay.counts', {
          drones: v.drones.length,
          units: v.units.length,
          callers: v.callers,
          sightings: v.sightings,
          matches: v.matches,
          alerts: v.alerts,
        });
      if (h.state === 'loading') {
        h.state = 'ready';
        h.firstFrameAt = performance.now();
        // The first frame is in the sources; it is on screen when the map is next idle.
        getMap()?.once('idle', () => {
          h.readyAt = performance.now();
          document.documentElement.dataset.replayReady = 'true';
        });
        getMap()?.triggerRepaint();
      }
    },
    [t],
  );

  useEffect(
    () => () => {
      delete document.documentElement.dataset.replayReady;
      if (window.__replay === hook.current) delete window.__replay;
    },
    [],
  );

  const lang = currentLanguage();
  const fmtDate = (iso: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });

  return (
    <div className="replay-page" data-testid="replay-page">
      <header className="replay-head">
        <a className="replay-back" href="#/board">
          ← {t('replay.back')}
        </a>
        <h1>
          {t('replay.title')}
          {data ? <span className="replay-case-title"> · {data.case.title}</span> : null}
        </h1>
        {data ? (
          <span className="replay-window muted">
            {t('replay.window', {
              from: fmtDate(data.window.from),
              to: data.case.status === 'open' ? t('replay.open') : fmtDate(data.window.to),
              duration: formatOffset(data.window.durationMs),
            })}
          </span>
        ) : null}
        <ExportMenu caseId={caseId} className="replay-export" />
      </header>
      {error ? <p className="error page-message">{t('replay.error', { message: error })}</p> : null}
      <div className="replay-body">
        <div className="replay-map">
          <MapView>
            {data && player ? (
              <ReplayLayers data={data} player={player} refLat={config.center[1]} onVisible={onVisible} />
            ) : null}
            {/* After the replay's layers, so the coverage goes in under them. */}
            {data && player ? <ReplayCoverage caseId={caseId} player={player} from={data.window.from} /> : null}
          </MapView>
          {!data && !error ? <div className="map-loading">{t('replay.loading')}</div> : null}
          {data && player ? <ReplayVideos caseId={caseId} player={player} from={data.window.from} /> : null}
          <div className="replay-legend" aria-hidden="true">
            <span className="lg lg-drone">{t('replay.legend.drone')}</span>
            <span className="lg lg-unit">{t('replay.legend.unit')}</span>
            <span className="lg lg-caller">{t('replay.legend.caller')}</span>
            <span className="lg lg-sighting">{t('replay.legend.sighting')}</span>
            <span className="lg lg-match">{t('replay.legend.match')}</span>
            <span className="lg lg-alert">{t('replay.legend.alert')}</span>
            <span className="lg lg-coverage">{t('coverage.legend')}</span>
          </div>
        </div>
        <aside className="replay-events">
          <h2>{t('replay.events')}</h2>
          {data && data.events.length === 0 ? <p className="muted">{t('replay.noEvents')}</p> : null}
          <ol ref={eventList} data-testid="replay-events">
            {data?.events.map((e, i) => (
              <li
                key={e.seq}
                className={
                  i >= shownEvents ? 'replay-event-future' : i === shownEvents - 1 ? 'replay-event-current' : ''
                }
                data-type={e.type}
                data-shown={i < shownEvents}
              >
                <button type="button" onClick={() => player?.seek(e.t)}>
                  <span className="replay-event-time">{formatClock(data.window.from, e.t)}</span>
                  <span className="replay-event-type">{t(`replay.event.${e.type}`, { defaultValue: e.type })}</span>
                  {e.actor ? <span className="replay-event-actor">{e.actor}</span> : null}
                </button>
              </li>
            ))}
          </ol>
        </aside>
      </div>
      <div className="replay-controls">
        <button
          type="button"
          className="primary replay-play"
          data-testid="replay-play"
          disabled={!player}
          onClick={() => (playing ? player?.pause() : player?.play())}
        >
          {playing ? `❚❚ ${t('replay.pause')}` : `▶ ${t('replay.play')}`}
        </button>
        <div className="replay-speeds" role="group" aria-label={t('replay.speed')}>
          {SPEEDS.map((s) => (
            <button
              key={s}
              type="button"
              className={speed === s ? 'active' : ''}
              aria-pressed={speed === s}
              data-testid={`replay-speed-${s}`}
              disabled={!player}
              onClick={() => player?.setSpeed(s)}
            >
              {s}×
            </button>
          ))}
        </div>
        <input
          ref={slider}
          className="replay-slider"
          data-testid="replay-slider"
          type="range"
          min={0}
          max={data?.window.durationMs ?? 0}
          step={1000}
          defaultValue={0}
          aria-label={t('replay.slider')}
          disabled={!player}
          onInput={(e) => player?.seek(Number((e.target as HTMLInputElement).value))}
        />
        <span className="replay-time" data-testid="replay-time" ref={timeText}>
          --:--:--
        </span>
        <span className="replay-counts muted" ref={countsText} />
      </div>
    </div>
  );
}
