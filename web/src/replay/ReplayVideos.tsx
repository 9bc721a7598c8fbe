import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoRecordingList } from '@lookout/contracts';
import { request } from '../api.ts';
import type { Player } from './replay-player.ts';
import { groupRecordings, planVideo, segmentAt, type DroneVideo } from './replay-video.ts';

interface TileState {
  segment: number | null;
  lastSeekAt: number;
}

/**
 * The drones' recorded video beside the replay map: one <video> per drone that has recordings, showing the segment
 * that covers the slider's moment at `moment − segment start`, playing with the replay and paused and seeked with
 * the slider; "no recording" where none covers it. Driven by the player's frames straight into the DOM, like the
 * map sources: React renders the tiles once.
 */
export function ReplayVideos({ caseId, player, from }: { caseId: string; player: Player; from: string }) {
  const { t } = useTranslation();
  const [drones, setDrones] = useState<DroneVideo[]>([]);
  const tiles = useRef(new Map<string, HTMLDivElement>());

  useEffect(() => {
    let cancelled = false;
    // Recordings are extra: a case without any, or a user who may not watch them, shows no video tiles.
    request<VideoRecordingList>('GET', `/cases/${encodeURIComponent(caseId)}/recordings`)
      .then((r) => {
        if (!cancelled) setDrones(groupRecordings(r.recordings, Date.now()));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [caseId]);

  useEffect(() => {
    if (drones.length === 0) return;
    const fromMs = Date.parse(from);
    const states = new Map<string, TileState>();
    const apply = (t: number) => {
      const wall = fromMs + t;
      for (const d of drones) {
        const tile = tiles.current.get(d.droneId);
        const video = tile?.querySelector('video');
        const none = tile?.querySelector<HTMLElement>('.replay-video-none');
        if (!tile || !video || !none) continue;
        let st = states.get(d.droneId);
        if (!st) states.set(d.droneId, (st = { segment: null, lastSeekAt: 0 }));
        const seg = segmentAt(d.segments, wall);
        if (!seg) {
          if (!video.paused) video.pause();
          video.hidden = true;
          none.hidden = false;
          tile.dataset.segment = '';
          continue;
        }
        video.hidden = false;
        none.hidden = true;
        tile.dataset.segment = String(seg.id);
        const target = (wall - seg.startMs) / 1000;
        const now = performance.now();
        if (st.segment !== seg.id) {
          st.segment = seg.id;
          video.src = seg.url;
          video.currentTime = target;
          st.lastSeekAt = now;
        }
        const plan = planVideo({ playing: player.playing, speed: player.speed }, target, video, now - st.lastSeekAt);
        if (plan.seekTo !== undefined && video.readyState >= HTMLMediaElement.HAVE_METADATA) {
          video.currentTime = plan.seekTo;
          st.lastSeekAt = now;
        }
        if (video.playbackRate !== plan.rate) video.playbackRate = plan.rate;
        if (plan.play && video.paused) void video.play().catch(() => undefined);
        if (!plan.play && !video.paused) video.pause();
      }
    };
    // A file that just loaded its index is put on the slider's picture even while the replay stands still.
    const onMeta = () => apply(player.t);
    const videos = [...tiles.current.values()].map((tile) => tile.querySelector('video'));
    for (const v of videos) v?.addEventListener('loadedmetadata', onMeta);
    const offFrame = player.onFrame(apply);
    const offState = player.onState(() => apply(player.t));
    return () => {
      offFrame();
      offState();
      for (const v of videos) {
        v?.removeEventListener('loadedmetadata', onMeta);
        v?.pause();
      }
    };
  }, [drones, player, from]);

  if (drones.length === 0) return null;
  return (
    <div className="replay-videos" data-testid="replay-videos" aria-label={t('replay.videos')}>
      {drones.map((d) => (
        <div
          key={d.droneId}
          className="replay-video"
          data-testid="replay-video"
          data-drone={d.droneId}
          data-segment=""
          ref={(el) => {
            if (el) tiles.current.set(d.droneId, el);
            else tiles.current.delete(d.droneId);
          }}
        >
          <span className="replay-video-name">{d.callsign}</span>
          <video muted playsInline preload="auto" hidden />
          <span className="replay-video-none">{t('replay.noRecording')}</span>
        </div>
      ))}
    </div>
  );
}
