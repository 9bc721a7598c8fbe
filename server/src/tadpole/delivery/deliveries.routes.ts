import type { Router } from 'express';
import { currentUser } from '../../auth/auth.middleware.ts';
import { allow, COMMAND, LIAISON_DESK, TADPOLE } from '../../http/access.ts';
import { createRouter } from '../../http/router.ts';
import {
  deliveriesResponse,
  deliveryIdParam,
  deliveryResponse,
  forwardKitResponse,
  listDeliveriesQuery,
} from '@lookout/contracts';
import type { DeliveriesService } from './deliveries.service.ts';

/** Mounted at /api/v1. */
export function deliveriesRoutes(deliveries: DeliveriesService): Router {
  const r = createRouter();
  const list = allow(TADPOLE, {
    summary: "An alert's deliveries and their summary",
    query: listDeliveriesQuery,
    response: deliveriesResponse,
  });
  r.get('/tadpole/deliveries', list, async (req, res) => {
    const { alertId } = listDeliveriesQuery.parse(req.query);
    const [summary, list] = await Promise.all([deliveries.summary(alertId), deliveries.listForAlert(alertId)]);
    res.json({ summary, deliveries: list });
  });
  const ack = allow(LIAISON_DESK, {
    summary: 'A liaison forwarded a delivery by hand (已转发)',
    params: deliveryIdParam,
    response: deliveryResponse,
  });
  r.post('/tadpole/deliveries/:id/ack', ack, async (req, res) => {
    res.json({ delivery: await deliveries.acknowledge(deliveryIdParam.parse(req.params).id, currentUser(req)) });
  });
  const kit = allow(LIAISON_DESK, {
    summary: "A delivery's forward kit: text, link, QR code, image",
    params: deliveryIdParam,
    response: forwardKitResponse,
  });
  r.get('/tadpole/deliveries/:id/kit', kit, async (req, res) => {
    res.json({ kit: await deliveries.kit(deliveryIdParam.parse(req.params).id, currentUser(req)) });
  });
  const retry = allow(COMMAND, {
    summary: 'Retry a failed delivery',
    params: deliveryIdParam,
    response: deliveryResponse,
  });
  r.post('/tadpole/deliveries/:id/retry', retry, async (req, res) => {
    res.json({ delivery: await deliveries.retry(deliveryIdParam.parse(req.params).id) });
  });
  return r;
}
