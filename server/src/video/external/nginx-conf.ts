import path from 'node:path';
import { VIDEO_APP } from '../stream-names.ts';
import { HOOK_TOKEN_ARG, HTTP_PLAY_HOOK, NGINX_HOOKS } from './hook-paths.ts';

/** Debian's libnginx-mod-rtmp. */
export const DEBIAN_RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

export interface NginxConfOptions {
  /** `load_module` this file; null when the installation loads it already (Debian: /etc/nginx/modules-enabled). */
  rtmpModule: string | null;
  /** RTMP listener: `1935` or `addr:port`. */
  rtmpListen: string;
  /** HTTP listener for the HLS files: `8080` or `addr:port`. */
  httpListen: string;
  /** Lookout's API base as nginx reaches it, plain HTTP (nginx-rtmp's callbacks speak no TLS): `http://lookout:3000/api/v1`. */
  lookoutApi: string;
  /** VIDEO_HOOK_TOKEN. */
  hookToken: string;
  /** Where nginx-rtmp writes the HLS playlists and segments (absolute). */
  hlsPath: string;
  /** Lookout's web origin, allowed to fetch the HLS files from its pages (CORS); unset → same origin only. */
  allowOrigin?: string;
  /** How often a running push is re-checked (a revoked key ends it within this time). */
  updateEveryS?: number;
  /** The `user` the workers run as (they write the HLS files); unset → nginx's default. */
  user?: string;
  /** A folder for nginx's own temporary files; unset → the installation's. */
  tempDir?: string;
  /** `access_log` of the HLS server; unset → off (its URLs carry play tokens). */
  accessLog?: string;
  /** The address Lookout reads the statistics page (`/stat`, VIDEO_STAT_URL) from; unset → no statistics page. */
  statAllow?: string;
}

/** Nothing that could end a directive or open a block, and no variables: a value goes in as it is. */
const PLAIN = /^[A-Za-z0-9_.:/~%@+=,-]+$/;
function plain(name: string, value: string): string {
  if (!PLAIN.test(value)) throw new Error(`nginx conf: ${name} has characters nginx would read as syntax: ${value}`);
  return value;
}
function absolute(name: string, value: string): string {
  if (!path.isAbsolute(value)) throw new Error(`nginx conf: ${name} must be an absolute path`);
  return plain(name, value);
}

/**
 * A working nginx.conf for nginx with the RTMP module in front of Lookout: drones push RTMP to `live/<stream>`,
 * each push is allowed or refused by Lookout's callback (`on_publish`, re-checked by `on_update`), its end is
 * reported (`on_publish_done`), RTMP viewers are checked by `on_play`, and the HLS files are served only after
 * Lookout's `auth_request` check of the viewer's play token (`<hls base>/<token>/<stream>/index.m3u8`,
 * hls-play-url.ts).
 */
export function renderNginxConf(o: NginxConfOptions): string {
  const api = new URL(o.lookoutApi);
  if (api.protocol !== 'http:') throw new Error('nginx conf: nginx-rtmp calls Lookout over plain http://');
  const base = plain('lookoutApi', o.lookoutApi.replace(/\/$/, ''));
  const token = plain('hookToken', o.hookToken);
  const hook = (p: string) => `${base}${p}?${HOOK_TOKEN_ARG}=${token}`;
  const hls = absolute('hlsPath', o.hlsPath.replace(/\/$/, ''));
  const temp = o.tempDir === undefined ? undefined : absolute('tempDir', o.tempDir.replace(/\/$/, ''));
  const every = o.updateEveryS ?? 10;
  if (!Number.isInteger(every) || every < 1) throw new Error('nginx conf: updateEveryS must be a whole number ≥ 1');
  const lines = [
    '# Made by Lookout (server/src/video/external/nginx-conf.ts): nginx-rtmp in front of Lookout.',
    ...(o.rtmpModule ? [`load_module ${absolute('rtmpModule', o.rtmpModule)};`] : []),
    ...(o.user ? [`user ${plain('user', o.user)};`] : []),
    // One worker: nginx-rtmp keeps a stream's players in the worker that took its publisher.
    'worker_processes 1;',
    'events { worker_connections 1024; }',
    '',
    'rtmp {',
    '  server {',
    `    listen ${plain('rtmpListen', o.rtmpListen)};`,
    '    chunk_size 4096;',
    `    application ${VIDEO_APP} {`,
    '      live on;',
    '      record off;',
    '      # A publisher that sends nothing for 10 s is dropped: the stream shows as ended, not frozen.',
    '      drop_idle_publisher 10s;',
    '      # Lookout answers 2xx to allow, anything else refuses (a 3xx would rename the stream: never sent).',
    `      on_publish ${hook(NGINX_HOOKS.publish)};`,
    `      on_play ${hook(NGINX_HOOKS.play)};`,
    `      on_update ${hook(NGINX_HOOKS.update)};`,
    `      notify_update_timeout ${every}s;`,
    `      on_publish_done ${hook(NGINX_HOOKS.done)};`,
    '      hls on;',
    `      hls_path ${hls};`,
    '      hls_nested on;',
    '      hls_fragment 1s;',
    '      hls_playlist_length 6s;',
    '    }',
    '  }',
    '}',
    '',
    'http {',
    '  sendfile on;',
    '  server_tokens off;',
    `  access_log ${o.accessLog ? absolute('accessLog', o.accessLog) : 'off'};`,
    ...(temp ? ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${temp}/${t};`) : []),
    '  server {',
    `    listen ${plain('httpListen', o.httpListen)};`,
    '    # <token>/<stream>/index.m3u8 and <token>/<stream>/<n>.ts (or <stream>/… with ?token=): the playlist names',
    '    # its segments relative to itself, so they carry the token too.',
    '    location ~ ^/hls/(?:[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+/)?(?<lookout_file>[A-Za-z0-9_-]+/(?:index\\.m3u8|[0-9]+\\.ts))$ {',
    '      auth_request /_lookout_auth;',
    `      alias ${hls}/$lookout_file;`,
    '      types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }',
    "      add_header Cache-Control 'no-cache' always;",
    ...(o.allowOrigin
      ? [`      add_header Access-Control-Allow-Origin ${plain('allowOrigin', o.allowOrigin)} always;`]
      : []),
    '    }',
    '    location /hls/ { return 404; }',
    ...(o.statAllow
      ? [
          '    # The statistics Lookout reads for its stall watch (VIDEO_STAT_URL): stream names and byte counts.',
          `    location = /stat { rtmp_stat all; allow ${plain('statAllow', o.statAllow)}; deny all; }`,
        ]
      : []),
    '    location = /_lookout_auth {',
    '      internal;',
    `      proxy_pass ${base}${HTTP_PLAY_HOOK};`,
    '      proxy_pass_request_headers off;',
    '      proxy_pass_request_body off;',
    '      proxy_set_header Content-Length "";',
    `      proxy_set_header Authorization "Bearer ${token}";`,
    '      proxy_set_header X-Original-URI $request_uri;',
    '      proxy_connect_timeout 2s;',
    '      proxy_read_timeout 5s;',
    '    }',
    '  }',
    '}',
    '',
  ];
  return lines.join('\n');
}
