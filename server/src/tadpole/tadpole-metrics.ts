import { Counter, type Registry } from 'prom-client';

export type RejectReason =
  | 'tip_rate'
  | 'tip_bad_body'
  | 'tip_closed'
  | 'photo_too_large'
  | 'photo_not_image'
  | 'photo_bad_token'
  | 'photo_link_unknown'
  | 'photo_link_gone'
  | 'case_file_denied';

/** Bad or refused input of the tadpole routes, by reason (get-or-create: one registry, several modules). */
export function rejectedCounter(registry: Registry): Counter<'reason'> {
  const name = 'lookout_tadpole_rejected_total';
  return (
    (registry.getSingleMetric(name) as Counter<'reason'> | undefined) ??
    new Counter({
      name,
      help: 'Tadpole requests refused: tip floods, bad tips, bad photos, bad photo links, case file reads denied',
      labelNames: ['reason'] as const,
      registers: [registry],
    })
  );
}
