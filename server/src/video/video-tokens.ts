import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring tokens the media path checks without a database: a viewer's play token, and the push token a
 * DJI gateway is told to publish with (Lookout sends that URL itself, so the drone's stream key is not needed).
 */
export type VideoTokenPurpose = 'play' | 'push';

export interface VideoTokenClaims {
  purpose: VideoTokenPurpose;
  droneId: string;
  /** The viewer (play) or the user who asked the drone to push. */
  userId: string;
  /** Seconds since the epoch. */
  exp: number;
  quality?: 'full' | 'low';
}

export type TokenCheck = { ok: true; claims: VideoTokenClaims } | { ok: false; reason: 'bad_token' | 'expired_token' };

const b64 = (b: Buffer) => b.toString('base64url');

export function videoTokenSigner(secretKey: Buffer) {
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'lookout.video.tokens', 32));
  const mac = (body: string) => createHmac('sha256', key).update(body).digest();
  return {
    sign(claims: VideoTokenClaims): string {
      const body = b64(Buffer.from(JSON.stringify(claims)));
      return `${body}.${b64(mac(body))}`;
    },
    verify(token: string | undefined, purpose: VideoTokenPurpose, nowMs = Date.now()): TokenCheck {
      if (!token || token.length > 1024) return { ok: false, reason: 'bad_token' };
      const [body, sig, extra] = token.split('.');
      if (!body || !sig || extra !== undefined) return { ok: false, reason: 'bad_token' };
      const given = Buffer.from(sig, 'base64url');
      const want = mac(body);
      if (given.length !== want.length || !timingSafeEqual(given, want)) return { ok: false, reason: 'bad_token' };
      let claims: VideoTokenClaims;
      try {
        claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as VideoTokenClaims;
      } catch {
        return { ok: false, reason: 'bad_token' };
      }
      if (claims.purpose !== purpose || typeof claims.droneId !== 'string') return { ok: false, reason: 'bad_token' };
      if (!(claims.exp * 1000 > nowMs)) return { ok: false, reason: 'expired_token' };
      return { ok: true, claims };
    },
  };
}

export type VideoTokenSigner = ReturnType<typeof videoTokenSigner>;
