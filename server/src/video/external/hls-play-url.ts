import { isStreamName } from '../stream-names.ts';

/**
 * The HLS URLs of an external media server (nginx-rtmp with `hls_nested on`: `<hls_path>/<stream>/index.m3u8` and
 * `<hls_path>/<stream>/<n>.ts`), with the viewer's play token as a path segment in front of the stream:
 * `<play base>/<token>/<stream>/index.m3u8`. The playlist names its segments relative to itself, so a player's
 * segment requests carry the token too; a `?token=` query would be dropped from them.
 */
export function hlsPlayUrl(playBase: string, stream: string, token: string): string {
  return `${playBase.replace(/\/$/, '')}/${encodeURIComponent(token)}/${stream}/index.m3u8`;
}

export interface HlsTarget {
  stream: string;
  file: string;
  token: string | undefined;
}

const SAFE_PATH = /^[A-Za-z0-9_./-]{1,2048}$/;
const HLS_FILE = /^(?:index\.m3u8|\d{1,12}\.ts)$/;
/** A play token: two base64url parts joined by a dot (video-tokens.ts). */
const TOKEN_SEGMENT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The stream, file and token of the request a media server asks about (`X-Original-URI` from nginx's
 * `auth_request`): `…/<token>/<stream>/<file>` or `…/<stream>/<file>?token=…`; undefined for anything else. The raw
 * path is taken as it is, never decoded or normalised: a path with `%`, `..` or an empty segment, which the media
 * server might resolve to another file than the one judged here, is refused.
 */
export function hlsTargetOf(uri: unknown): HlsTarget | undefined {
  if (typeof uri !== 'string') return undefined;
  const q = uri.indexOf('?');
  const path = q === -1 ? uri : uri.slice(0, q);
  if (!SAFE_PATH.test(path) || !path.startsWith('/')) return undefined;
  const parts = path.slice(1).split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  const file = parts.at(-1);
  const stream = parts.at(-2);
  if (!file || !stream || !HLS_FILE.test(file) || !isStreamName(stream)) return undefined;
  const query = new URLSearchParams(q === -1 ? '' : uri.slice(q + 1));
  const queried = query.getAll('token');
  if (queried.length > 1) return undefined;
  const segment = parts.at(-3);
  const token = queried[0] ?? (segment && TOKEN_SEGMENT.test(segment) ? segment : undefined);
  return { stream, file, token: token || undefined };
}
