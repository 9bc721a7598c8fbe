/** Where an external media server calls Lookout, under the API prefix. */
export const NGINX_HOOKS = {
  publish: '/video/hooks/nginx/publish',
  play: '/video/hooks/nginx/play',
  update: '/video/hooks/nginx/update',
  done: '/video/hooks/nginx/done',
} as const;
/** nginx's `auth_request` for the HLS files. */
export const HTTP_PLAY_HOOK = '/video/hooks/http-play';
/** The query argument nginx-rtmp's callbacks carry the hook token in (its `on_*` URLs cannot set headers). */
export const HOOK_TOKEN_ARG = 'hook_token';
