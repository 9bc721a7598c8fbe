import { Counter, type Registry } from 'prom-client';

/**
 * `lookout_http_rejected_total{reason}`: requests refused before any route saw them — `cross_origin`,
 * `cross_site`, `content_type` (same-origin.ts), `nul`, `json_depth` (json-limits.ts). Get-or-create, so two apps
 * may share one registry.
 */
export function rejectedRequests(registry: Registry): Counter<'reason'> {
  const name = 'lookout_http_rejected_total';
  return (
    (registry.getSingleMetric(name) as Counter<'reason'> | undefined) ??
    new Counter({
      name,
      help: 'Requests refused before any route: cross-origin writes, wrong content type, NUL in text, JSON too deep',
      labelNames: ['reason'] as const,
      registers: [registry],
    })
  );
}
