export { loadConfig, ConfigError, type Config } from './config.ts';
export { createApp, API_PREFIX } from './http/app.ts';
export { startHttpServer, type RunningHttpServer } from './http/server.ts';
export { AppError, type ErrorCode } from './errors.ts';
export { LiveHub } from './live/live.hub.ts';
export { LIVE_CHANNEL } from '@lookout/db';
export { createDjiLiveModule, type DjiLiveModule, type DjiLiveModuleDeps } from './dji-live/dji-live-module.ts';
