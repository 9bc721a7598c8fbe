export { loadConfig, ConfigError, type Config } from './config.ts';
export { createApp, API_PREFIX } from './http/app.ts';
export { startHttpServer, type RunningHttpServer } from './http/server.ts';
export { AppError, type ErrorCode } from './errors.ts';
export { LiveHub, LIVE_CHANNEL } from './live/live.hub.ts';
