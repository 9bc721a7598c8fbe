import type { Router } from 'express';
import { currentUser } from '../../auth/auth.middleware.ts';
import { allow, COMMAND, LIAISON_DESK, TADPOLE } from '../../http/access.ts';
import { createRouter } from '../../http/router.ts';
import { deliveryIdParam, listDeliveriesQuery } from '@lookout/contracts';
import type { DeliveriesService } from './deliveries.service.ts';

/** Mounted at /api/v1. */
export function deliveriesRoutes(deliveries: DeliveriesService): Router {
  const r = createRouter();
  const staff = allow(TADPOLE);
  const liaisons = allow(LIAISON_DESK);
  r.get('/tadpole/deliveries', staff, async (req, res) => {
    const { alertId } = listDeliveriesQuery.parse(req.query);
    const [summary, list] = await Promise.all([deliveries.summary(alertId), deliveries.listForAlert(alertId)]);
    res.json({ summary, deliveries: list });
  });
  r.post('/tadpole/deliveries/:id/ack', liaisons, async (req, res) => {
    res.json({ delivery: await deliveries.acknowledge(deliveryIdParam.parse(req.params).id, currentUser(req)) });
  });
  r.get('/tadpole/deliveries/:id/kit', liaisons, async (req, res) => {
    res.json({ kit: await deliveries.kit(deliveryIdParam.parse(req.params).id, currentUser(req)) });
  });
  r.post('/tadpole/deliveries/:id/retry', allow(COMMAND), async (req, res) => {
    res.json({ delivery: await deliveries.retry(deliveryIdParam.parse(req.params).id) });
  });
  return r;
}
