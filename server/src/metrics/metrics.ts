import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, collectDefaultMetrics, type Registry } from 'prom-client';

export interface Metrics {
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  liveClients: Gauge;
  liveMessages: Counter<'type'>;
  livePositionsCoalesced: Counter;
}

/** Server metrics on a registry the bridge may share (embedded default: one /metrics for the process). */
export function createMetrics(registry: Registry, options: { defaultMetrics: boolean }): Metrics {
  if (options.defaultMetrics && !registry.getSingleMetric('process_cpu_user_seconds_total')) {
    collectDefaultMetrics({ register: registry });
  }
  const registers = [registry];
  return {
    httpRequests: new Counter({
      name: 'lookout_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'lookout_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    liveClients: new Gauge({ name: 'lookout_live_clients', help: 'Open live sockets', registers }),
    liveMessages: new Counter({
      name: 'lookout_live_messages_total',
      help: 'Messages sent on live sockets by type',
      labelNames: ['type'] as const,
      registers,
    }),
    livePositionsCoalesced: new Counter({
      name: 'lookout_live_positions_coalesced_total',
      help: 'Positions replaced by a newer one of the same drone before they were sent',
      registers,
    }),
  };
}

/** GET /metrics, behind `allow(…)` for an admin session or `Authorization: Bearer $METRICS_TOKEN` (app.ts). */
export function metricsHandler(registry: Registry): RequestHandler {
  return async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };
}
