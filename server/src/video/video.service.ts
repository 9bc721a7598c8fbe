import { randomBytes } from 'node:crypto';
import { hasRole, type VideoPlay, type VideoPublishKey, type VideoStatus } from '@lookout/contracts';
import type { SessionUser } from '../auth/auth.repo.ts';
import { commands } from '../auth/capabilities.ts';
import type { VideoSettings } from '../config.ts';
import { AppError } from '../errors.ts';
import type { EmbeddedMedia } from './embedded-media.ts';
import { hlsPlayUrl } from './external/hls-play-url.ts';
import type { StreamWatch } from './stream-watch.ts';
import { hashStreamKey, type VideoGate, type VideoRefusal } from './video-gate.ts';
import type { VideoKeysRepo } from './video-keys.repo.ts';
import { streamNameOf, VIDEO_APP } from './stream-names.ts';
import type { VideoTokenSigner } from './video-tokens.ts';

/** Where HTTP-FLV is served on Lookout's own HTTP server (outside /api/v1: the URL carries its token). */
export const VIDEO_PLAY_PATH = '/video/live/';
/** How long Lookout's push URL for a DJI gateway stays valid to start a push. */
const PUSH_TTL_S = 12 * 3600;

export interface VideoServiceDeps {
  repo: VideoKeysRepo;
  gate: VideoGate;
  tokens: VideoTokenSigner;
  settings: VideoSettings;
  /** The embedded media server when it runs; undefined with an external one or none. */
  media: () => EmbeddedMedia | undefined;
  watch: () => StreamWatch | undefined;
  /** An external media server's report of the picture's size and codec (its statistics). */
  externalVideo: (stream: string) => { width: number | null; height: number | null; codec: string | null } | undefined;
  /** HTTP-FLV viewers of the stream now (the stall watch and the recorder are subscribers too, not counted). */
  viewers: (stream: string) => number;
  /** Whether the drone's stream is being recorded for a case now. */
  recording: (droneId: string) => boolean;
  officerMayRead: (caseId: string, userId: string) => Promise<boolean>;
  refused: (reason: VideoRefusal) => void;
}

const streamKey = () => randomBytes(20).toString('base64url');

export function createVideoService(deps: VideoServiceDeps) {
  const { repo, settings } = deps;

  async function droneOrThrow(droneId: string) {
    const drone = await repo.drone(droneId);
    if (!drone) throw new AppError('not_found', `No drone ${droneId}`);
    return drone;
  }

  /** Admins, and the pilot flying this drone for an open case. */
  async function assertMayPublish(droneId: string, user: SessionUser): Promise<void> {
    await droneOrThrow(droneId);
    if (hasRole(user, 'admin')) return;
    const flies = (await repo.attachments(droneId)).some((a) => a.pilotId === user.id);
    if (!flies) {
      deps.refused('out_of_scope');
      throw new AppError(
        'forbidden',
        `Only an admin or the pilot flying drone ${droneId} for an open case sets its key`,
      );
    }
  }

  /** Commanders and admins every drone; others a drone flying for a case they may see (the case scope). */
  async function mayWatch(droneId: string, user: SessionUser): Promise<boolean> {
    if (commands(user)) return true;
    for (const a of await repo.attachments(droneId)) {
      if (hasRole(user, 'pilot') && a.pilotId === user.id) return true;
      if (hasRole(user, 'officer') && (await deps.officerMayRead(a.caseId, user.id))) return true;
    }
    return false;
  }
  async function assertMayWatch(droneId: string, user: SessionUser): Promise<void> {
    await droneOrThrow(droneId);
    if (await mayWatch(droneId, user)) return;
    deps.refused('out_of_scope');
    throw new AppError('forbidden', `Drone ${droneId} flies for no case you work on`);
  }

  function rtmpBase(requestHost: string): string {
    if (settings.rtmpUrl) return settings.rtmpUrl;
    const port = deps.media()?.port ?? settings.rtmpPort;
    return `rtmp://${requestHost}:${port}/${VIDEO_APP}`;
  }

  function status(droneId: string): VideoStatus {
    const stream = streamNameOf(droneId);
    const media = deps.media();
    const watched = deps.watch()?.state(stream) ?? { state: 'idle' as const, since: null, lastFrameAt: null };
    const stats = media?.stats(stream) ?? deps.externalVideo(stream);
    return {
      droneId,
      state: watched.state,
      media: settings.media === 'embedded' && !media ? 'none' : settings.media,
      since: watched.since?.toISOString() ?? null,
      lastFrameAt: watched.lastFrameAt?.toISOString() ?? null,
      viewers: deps.viewers(stream),
      width: stats?.width ?? null,
      height: stats?.height ?? null,
      codec: stats?.codec ?? null,
      hasPublishKey: deps.gate.hasKey(stream),
      recording: deps.recording(droneId),
    };
  }

  return {
    async publishKey(droneId: string, user: SessionUser, requestHost: string): Promise<VideoPublishKey> {
      await assertMayPublish(droneId, user);
      const key = streamKey();
      const createdAt = await repo.set(droneId, hashStreamKey(key), user.id);
      await deps.gate.reload();
      // Whoever streamed with the old key stops now.
      deps.media()?.kick(streamNameOf(droneId));
      const server = rtmpBase(requestHost);
      const name = `${streamNameOf(droneId)}?key=${key}`;
      return { droneId, rtmpUrl: `${server}/${name}`, server, streamKey: name, createdAt: createdAt.toISOString() };
    },

    async revokeKey(droneId: string, user: SessionUser): Promise<{ droneId: string; revokedAt: string }> {
      await assertMayPublish(droneId, user);
      const revokedAt = await repo.revoke(droneId);
      if (!revokedAt) throw new AppError('not_found', `Drone ${droneId} has no stream key to revoke`);
      await deps.gate.reload();
      deps.media()?.kick(streamNameOf(droneId));
      return { droneId, revokedAt: revokedAt.toISOString() };
    },

    async play(droneId: string, user: SessionUser, quality: 'full' | 'low'): Promise<VideoPlay> {
      await assertMayWatch(droneId, user);
      if (settings.media === 'none' || (settings.media === 'embedded' && !deps.media()))
        throw new AppError('unavailable', 'No media server runs: live video is off (VIDEO_MEDIA)');
      const exp = Math.floor(Date.now() / 1000) + settings.playTtlS;
      const token = deps.tokens.sign({ purpose: 'play', droneId, userId: user.id, exp, quality });
      const stream = streamNameOf(droneId);
      const expiresAt = new Date(exp * 1000).toISOString();
      if (settings.media === 'embedded')
        return { droneId, kind: 'flv', url: `${VIDEO_PLAY_PATH}${stream}.flv?token=${token}`, expiresAt };
      if (!settings.playUrl)
        throw new AppError('unavailable', 'VIDEO_PLAY_URL is not set for the external media server');
      return { droneId, kind: 'hls', url: hlsPlayUrl(settings.playUrl, stream, token), expiresAt };
    },

    async status(droneId: string, user: SessionUser): Promise<VideoStatus> {
      await assertMayWatch(droneId, user);
      return status(droneId);
    },

    /** The streams on air now that this user may watch (the commander's desk). */
    async onAir(user: SessionUser): Promise<VideoStatus[]> {
      // The embedded server knows its publishers; an external one has told the watch through its callbacks.
      const streams = deps.media()?.publishing() ?? deps.watch()?.onAir() ?? [];
      const out: VideoStatus[] = [];
      for (const stream of streams) {
        const droneId = deps.watch()?.droneOf(stream) ?? deps.gate.droneOf(stream);
        if (droneId && (await mayWatch(droneId, user))) out.push(status(droneId));
      }
      return out;
    },

    /** The URL a DJI gateway is told to push to (`live_start_push`): signed by Lookout, no stream key needed. */
    pushUrlFor(droneId: string, requestHost: string, userId: string): string {
      const exp = Math.floor(Date.now() / 1000) + PUSH_TTL_S;
      const token = deps.tokens.sign({ purpose: 'push', droneId, userId, exp });
      return `${rtmpBase(requestHost)}/${streamNameOf(droneId)}?push=${token}`;
    },
  };
}

export type VideoService = ReturnType<typeof createVideoService>;
