import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks.ts';
import { newBreachKeys, sortCases, urgencyAt } from './board-format.ts';
import { BoardRow, openBoardCase as open } from './BoardRow.tsx';
import { DroneHealthSection } from './DroneHealthSection.tsx';
import { healthKey, newHealthItems } from './drone-health-format.ts';
import { hmsText } from '../drones/drone-event-text.ts';
import { useBoard } from './use-board.ts';
import { useCallerSilenceBanner } from './use-caller-silence-banner.ts';
import { useDroneHealth } from './use-drone-health.ts';
import './board-i18n.ts';
import './board.css';
import { VideoDesk } from '../video/VideoDesk.tsx';

/** A short two-tone beep (Web Audio); browsers allow it only after a user gesture made the context. */
function beep(ctx: AudioContext): void {
  for (const [i, freq] of [880, 660].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = freq;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(ctx.destination);
    const start = ctx.currentTime + i * 0.25;
    osc.start(start);
    osc.stop(start + 0.2);
  }
}

/** The duty commander's board: every open case against its clock, the late ones first and loud. */
export function BoardPage() {
  const { t } = useTranslation();
  const { held: data, error, reload: loadCases } = useBoard();
  const health = useDroneHealth();
  const load = () => {
    loadCases();
    health.reload();
  };
  const [banner, setBanner] = useState<string | null>(null);
  const [sound, setSound] = useState(false);
  const audio = useRef<AudioContext | null>(null);
  const seen = useRef<Set<string> | null>(null);
  const now = useNow(1000);

  // The server's clocks, ticked forward locally since they arrived.
  const serverNow = data ? Date.parse(data.answer.now) : 0;
  const nowMs = data ? serverNow + Math.max(0, now - data.receivedAt) : 0;
  const cases = useMemo(() => (data ? sortCases(data.answer.cases, nowMs, serverNow) : []), [data, nowMs, serverNow]);

  // Announce each breach once: highlight, banner and (when enabled) a beep. Breaches present at load are known.
  useEffect(() => {
    if (!data) return;
    const keys = newBreachKeys(cases, nowMs, serverNow, seen.current ?? new Set());
    if (seen.current === null) {
      seen.current = new Set(keys);
      return;
    }
    if (!keys.length) return;
    for (const k of keys) seen.current.add(k);
    const first = cases.find((c) => keys[0]!.startsWith(`${c.id}:`));
    if (first?.clock)
      setBanner(t('board.breachBanner', { title: first.title, clock: t(`board.clock.${first.clock.step}`) }));
    if (audio.current) beep(audio.current);
  }, [cases, data, nowMs, serverNow, t]);

  // A caller's page gone silent with a low battery is announced once per silence, like a breach.
  useCallerSilenceBanner(data ? cases : null, nowMs, (text) => {
    setBanner(text);
    if (audio.current) beep(audio.current);
  });

  // Announce each new active DJI health warning once, like a breach; those on the board at load are known.
  const healthSeen = useRef<Set<string> | null>(null);
  useEffect(() => {
    const items = health.held?.answer.items;
    if (!items) return;
    const fresh = newHealthItems(items, healthSeen.current ?? new Set());
    if (healthSeen.current === null) {
      healthSeen.current = new Set(fresh.map(healthKey));
      return;
    }
    if (!fresh.length) return;
    for (const i of fresh) healthSeen.current.add(healthKey(i));
    const first = fresh[0]!;
    setBanner(
      t('board.health.banner', {
        who: first.callsign ?? t('board.health.dock', { serial: first.deviceSerial }),
        where: first.inTheSky ? t('hms.inTheSky') : t('hms.onGround'),
        text: hmsText(t, first),
      }),
    );
    if (audio.current) beep(audio.current);
  }, [health.held, t]);

  const enableSound = () => {
    if (!audio.current) audio.current = new AudioContext();
    void audio.current.resume();
    beep(audio.current);
    setSound(true);
  };

  const counts = {
    breached: cases.filter((c) => urgencyAt(c, nowMs, serverNow) === 'breached').length,
    dueSoon: cases.filter((c) => urgencyAt(c, nowMs, serverNow) === 'due_soon').length,
    total: cases.length,
  };

  return (
    <div className="board-page" data-testid="board-page">
      <div className="board-head">
        <h1>{t('board.title')}</h1>
        {data ? (
          <span className="board-counts" data-testid="board-counts">
            {t('board.counts', counts)}
          </span>
        ) : null}
        {data ? (
          <span className="board-updated">
            {t('board.updated', { time: new Date(data.receivedAt).toLocaleTimeString() })}
          </span>
        ) : null}
        <button type="button" onClick={load}>
          {t('board.refresh')}
        </button>
        <button type="button" onClick={enableSound} disabled={sound} data-testid="board-sound">
          {sound ? t('board.soundEnabled') : t('board.soundOn')}
        </button>
      </div>
      {error ? <p className="error">{error}</p> : null}
      {banner ? (
        <div className="board-banner" role="alert" data-testid="board-banner" onClick={() => setBanner(null)}>
          {banner}
        </div>
      ) : null}
      <DroneHealthSection held={health.held} error={health.error} now={now} />
      <VideoDesk />
      {!data ? (
        <p className="board-empty">{t('board.loading')}</p>
      ) : cases.length === 0 ? (
        <p className="board-empty">{t('board.empty')}</p>
      ) : (
        <table className="board-table">
          <thead>
            <tr>
              <th>{t('board.col.urgency')}</th>
              <th>{t('board.col.kind')}</th>
              <th>{t('board.col.title')}</th>
              <th className="board-col-age">{t('board.col.age')}</th>
              <th>{t('board.col.step')}</th>
              <th>{t('board.col.clock')}</th>
              <th className="board-col-counts">{t('board.col.counts')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <BoardRow key={c.id} c={c} nowMs={nowMs} serverNow={serverNow} onOpen={open} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
