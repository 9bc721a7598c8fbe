import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { Logger } from 'pino';
import type { Health } from './system.service.ts';

/**
 * Health of an outside broker for `GET /health` when no bridge runs in this process: a clean-session client
 * that only stays connected (no subscriptions, no publishes). Credentials may ride in the URL.
 */
export function startMqttProbe(
  url: string,
  credentials: { username: string; password: string } | undefined,
  log: Logger,
): { status(): Health; close(): Promise<void> } {
  const client = mqtt.connect(redactUrl(url), {
    ...(credentials ?? {}),
    clientId: `lookout-server-probe-${randomBytes(4).toString('hex')}`,
    clean: true,
    reconnectPeriod: 5000,
    connectTimeout: 5000,
    keepalive: 30,
  });
  let lastError = '';
  client.on('error', (err) => {
    if (err.message !== lastError) log.warn({ err: err.message }, 'MQTT health probe: broker unreachable');
    lastError = err.message;
  });
  client.on('connect', () => {
    lastError = '';
  });
  return {
    status: () => (client.connected ? 'ok' : 'down'),
    close: () => client.endAsync(true).then(() => undefined),
  };
}

/** The URL without credentials, safe to print and log. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}
