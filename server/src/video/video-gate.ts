import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { VideoKeysRepo } from './video-keys.repo.ts';
import { streamNameOf, VIDEO_APP } from './stream-names.ts';
import type { VideoTokenSigner } from './video-tokens.ts';

export type VideoRefusal =
  | 'wrong_app'
  | 'unknown_stream'
  | 'no_key'
  | 'bad_key'
  | 'revoked_key'
  | 'bad_token'
  | 'expired_token'
  | 'no_session'
  | 'out_of_scope'
  | 'malformed';

export type GateAnswer =
  { ok: true; droneId: string; userId?: string; quality?: 'full' | 'low' } | { ok: false; reason: VideoRefusal };

export const hashStreamKey = (key: string) => createHash('sha256').update(key).digest('hex');

const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * Decides, without waiting, whether a publish or a play may start: media servers ask synchronously (the embedded
 * one) or expect a quick answer (an external one's HTTP callback). Stream keys are cached from the database and
 * reloaded on every change here and every `refreshMs` for changes made by another server.
 */
export function createVideoGate(deps: {
  repo: Pick<VideoKeysRepo, 'all' | 'droneIds'>;
  tokens: VideoTokenSigner;
  refused: (reason: VideoRefusal) => void;
  log: Logger;
  refreshMs?: number;
}) {
  let byStream = new Map<string, { droneId: string; keyHash: string; revoked: boolean }>();
  let droneByStream = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;

  async function reload(): Promise<void> {
    const [keys, ids] = await Promise.all([deps.repo.all(), deps.repo.droneIds()]);
    byStream = new Map(keys.map((k) => [streamNameOf(k.droneId), k]));
    droneByStream = new Map(ids.map((id) => [streamNameOf(id), id]));
  }
  const refuse = (reason: VideoRefusal): GateAnswer => {
    deps.refused(reason);
    return { ok: false, reason };
  };
  const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

  return {
    reload,
    async start(): Promise<void> {
      await reload();
      timer = setInterval(() => {
        reload().catch((err: unknown) => deps.log.warn({ err }, 'video keys reload failed'));
      }, deps.refreshMs ?? 15_000);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
    hasKey(stream: string): boolean {
      const k = byStream.get(stream);
      return Boolean(k && !k.revoked);
    },
    droneOf: (stream: string): string | undefined => droneByStream.get(stream) ?? byStream.get(stream)?.droneId,
    /** A publish of `/<app>/<stream>?key=…` (a pilot's key) or `?push=…` (a DJI gateway Lookout asked). */
    authorisePublish(app: string, stream: string, query: Record<string, unknown>): GateAnswer {
      if (app !== VIDEO_APP) return refuse('wrong_app');
      const push = one(query.push);
      if (push !== undefined) {
        const check = deps.tokens.verify(push, 'push');
        if (!check.ok) return refuse(check.reason);
        if (streamNameOf(check.claims.droneId) !== stream) return refuse('bad_token');
        return { ok: true, droneId: check.claims.droneId, userId: check.claims.userId };
      }
      const key = one(query.key);
      const stored = byStream.get(stream);
      if (!stored) return refuse(droneByStream.has(stream) ? 'no_key' : 'unknown_stream');
      if (!key || key.length > 256) return refuse('bad_key');
      if (!sameHash(hashStreamKey(key), stored.keyHash)) return refuse('bad_key');
      if (stored.revoked) return refuse('revoked_key');
      return { ok: true, droneId: stored.droneId };
    },
    /** A play with the viewer's token (issued by POST /drones/:id/video/play after the scope check). */
    authorisePlay(stream: string, token: string | undefined): GateAnswer {
      if (token === undefined) return refuse('no_session');
      const check = deps.tokens.verify(token, 'play');
      if (!check.ok) return refuse(check.reason);
      if (streamNameOf(check.claims.droneId) !== stream) return refuse('bad_token');
      return { ok: true, droneId: check.claims.droneId, userId: check.claims.userId, quality: check.claims.quality };
    },
  };
}

export type VideoGate = ReturnType<typeof createVideoGate>;
