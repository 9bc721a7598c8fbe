import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { allow, serviceToken } from '../../http/access.ts';
import { NO_CONTENT, raw } from '../../http/contract.ts';
import { createRouter } from '../../http/router.ts';
import type { RawBodyRoute } from '../../http/same-origin.ts';
import { isStreamName, VIDEO_APP } from '../stream-names.ts';
import type { GateAnswer, VideoGate, VideoRefusal } from '../video-gate.ts';
import { HOOK_TOKEN_ARG, HTTP_PLAY_HOOK, NGINX_HOOKS } from './hook-paths.ts';
import { hlsTargetOf } from './hls-play-url.ts';

const FORM = 'application/x-www-form-urlencoded';

/** The same-origin guard's entries for the form bodies nginx-rtmp posts (app.ts RAW_BODY_ROUTES). */
export const videoHookFormRoutes = (apiPrefix: string): RawBodyRoute[] =>
  Object.values(NGINX_HOOKS).map((path) => ({ method: 'POST', path: `${apiPrefix}${path}`, types: [FORM] }));

/** A stream's start and end as an external media server reports them (the shape of stream-watch.ts's). */
export interface ExternalStreamEvents {
  published(stream: string, droneId: string): void;
  unpublished(stream: string): void;
}

const field = z.string().max(512);
const secret = z.string().max(1024);
/**
 * What nginx-rtmp's notify module posts: `call`, `app`, `name`, the client's `addr` and `clientid` (and flashver,
 * tcurl… which Lookout ignores), then the publish or play URL's own query arguments as they were: `key` or `push`
 * (publish), `token` (play). A field given twice arrives as a list and is refused.
 */
const nginxNotify = z.object({
  call: z.string().max(32),
  app: field,
  name: field,
  addr: field.optional(),
  clientid: field.optional(),
  key: secret.optional(),
  push: secret.optional(),
  token: secret.optional(),
});
type NginxNotify = z.infer<typeof nginxNotify>;

const hookQuery = z.object({ [HOOK_TOKEN_ARG]: z.string().optional() });

/**
 * The HTTP callbacks of a station's own media server (nginx-rtmp: `on_publish`, `on_play`, `on_update`,
 * `on_publish_done`, and `auth_request` in front of its HLS files). Lookout only answers allow (204) or refuse
 * (403); every refusal and every callback too malformed to judge is counted through `refused`. Without a hook token
 * there are no such routes (404).
 */
export function externalMediaHooks(deps: {
  gate: VideoGate;
  hookToken: string | undefined;
  log: Logger;
  /** The gate's own `refused` callback (video-metrics.ts), for the callbacks refused before the gate sees them. */
  refused: (reason: VideoRefusal) => void;
  streams?: ExternalStreamEvents;
}): Router {
  const r = createRouter();
  const { gate, log, refused } = deps;
  if (!deps.hookToken) return r;
  const access = serviceToken('VIDEO_HOOK_TOKEN', deps.hookToken);

  const malformed = (why: string): AppError => {
    refused('malformed');
    return new AppError('bad_request', `Not a media-server callback: ${why}`, { reason: 'malformed' });
  };
  const refuse = (answer: Extract<GateAnswer, { ok: false }>, what: string, n: NginxNotify): AppError => {
    log.info({ stream: n.name, app: n.app, addr: n.addr, reason: answer.reason }, `${what} refused`);
    return new AppError('forbidden', `${what} refused`, { reason: answer.reason });
  };
  const wrongApp = (): GateAnswer => {
    refused('wrong_app');
    return { ok: false, reason: 'wrong_app' };
  };
  /** The notify body of one of `calls`; anything else is a counted 400, which nginx takes as a refusal. */
  const notify = (req: Request, calls: readonly string[]): NginxNotify => {
    if (!req.is(FORM)) throw malformed(`the body must be ${FORM}`);
    const parsed = nginxNotify.safeParse(req.body);
    if (!parsed.success) throw malformed(parsed.error.issues[0]?.message ?? 'unreadable fields');
    if (!calls.includes(parsed.data.call)) throw malformed(`call=${parsed.data.call.slice(0, 32)}`);
    if (!isStreamName(parsed.data.name)) throw malformed('the stream name');
    return parsed.data;
  };

  const parseForm = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 64 });
  /** The form body, and the hook token from the query when no header carries one; body errors are counted. */
  const nginxCallback: RequestHandler = (req, res, next) => {
    const given = new URLSearchParams(req.originalUrl.split('?')[1] ?? '').getAll(HOOK_TOKEN_ARG);
    if (given.length === 1 && req.headers.authorization === undefined) req.headers.authorization = `Bearer ${given[0]}`;
    parseForm(req, res, (err?: unknown) => {
      if (err) refused('malformed');
      next(err);
    });
  };
  r.use('/video/hooks/nginx', nginxCallback);

  const formContract = (summary: string) => ({
    summary,
    note: 'called by the media server (nginx-rtmp), not a user',
    query: hookQuery,
    body: raw(FORM, 'nginx-rtmp notify fields: call, app, name, addr, clientid and the URL query (key, push, token)'),
    response: NO_CONTENT,
    status: 204,
  });

  r.post(
    NGINX_HOOKS.publish,
    allow(access, formContract('nginx-rtmp on_publish: may this push start?')),
    (req, res) => {
      const n = notify(req, ['publish']);
      const answer = gate.authorisePublish(n.app, n.name, { key: n.key, push: n.push });
      if (!answer.ok) throw refuse(answer, 'publish', n);
      log.info(
        { droneId: answer.droneId, stream: n.name, addr: n.addr, by: n.push ? 'push' : 'key' },
        'publish allowed',
      );
      deps.streams?.published(n.name, answer.droneId);
      res.status(204).end();
    },
  );

  r.post(
    NGINX_HOOKS.play,
    allow(access, formContract('nginx-rtmp on_play: may this RTMP viewer play?')),
    (req, res) => {
      const n = notify(req, ['play']);
      const answer = n.app === VIDEO_APP ? gate.authorisePlay(n.name, n.token) : wrongApp();
      if (!answer.ok) throw refuse(answer, 'play', n);
      res.status(204).end();
    },
  );
  // Every notify_update_timeout while a push lasts: a key revoked or replaced since ends the push. A DJI push was
  // allowed by a token Lookout itself handed out for that push, and a viewer by his token when he started: their
  // expiry does not cut a stream already running.
  r.post(NGINX_HOOKS.update, allow(access, formContract('nginx-rtmp on_update: may this push go on?')), (req, res) => {
    const n = notify(req, ['update_publish', 'update_play']);
    if (n.call === 'update_publish' && n.push === undefined) {
      const answer = gate.authorisePublish(n.app, n.name, { key: n.key });
      if (!answer.ok) throw refuse(answer, 'running publish', n);
    }
    res.status(204).end();
  });

  r.post(NGINX_HOOKS.done, allow(access, formContract('nginx-rtmp on_publish_done: a push ended')), (req, res) => {
    const n = notify(req, ['publish_done', 'play_done', 'done']);
    const droneId = n.call === 'publish_done' ? gate.droneOf(n.name) : undefined;
    if (droneId) {
      log.info({ droneId, stream: n.name }, 'publish ended');
      deps.streams?.unpublished(n.name);
    }
    res.status(204).end();
  });

  const httpPlay = allow(access, {
    summary: "nginx auth_request in front of the media server's HLS files: may this viewer fetch this file?",
    note: 'called by the media server with X-Original-URI, not a user',
    response: NO_CONTENT,
    status: 204,
  });
  r.get(HTTP_PLAY_HOOK, httpPlay, (req, res) => {
    const target = hlsTargetOf(req.headers['x-original-uri']);
    if (!target) {
      refused('malformed');
      // auth_request passes 401 and 403 on and turns any other status into a 500: a bad path is a 403 too.
      throw new AppError('forbidden', 'Not an HLS file of a stream', { reason: 'malformed' });
    }
    const answer = gate.authorisePlay(target.stream, target.token);
    if (!answer.ok) {
      log.debug({ stream: target.stream, file: target.file, reason: answer.reason }, 'HLS play refused');
      throw new AppError('forbidden', 'play refused', { reason: answer.reason });
    }
    res.status(204).end();
  });
  return r;
}
