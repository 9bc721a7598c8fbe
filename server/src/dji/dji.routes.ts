import type { Request, Router } from 'express';
import type { z } from 'zod';
import {
  djiConnectBody,
  djiConnection,
  djiElementCreateBody,
  djiElementParams,
  djiElementRefResponse,
  djiElementUpdateBody,
  djiGroupParams,
  djiGroupsQuery,
  djiGroupsResponse,
  djiLicense,
  djiRevoked,
  djiWorkspaceParams,
  type DjiResponse,
} from '@lookout/contracts';
import { currentUser } from '../auth/auth.middleware.ts';
import { allow, DJI_PILOT_TOKEN, only } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { DJI_MAP_PREFIX, type DjiRejectReason, type DjiService } from './dji.service.ts';

/** Who may use Lookout's Pilot 2 page: pilots, and admins trying it out. */
const PILOT_PAGE = only('pilot', 'admin');

const ok = <T>(data: T): DjiResponse<T> => ({ code: 0, message: 'success', data });

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the DJI token check: the drone the pilot's pins are sightings of. */
    djiDroneId?: string;
  }
}

/** The pilot behind a DJI token (set by `allow(DJI_PILOT_TOKEN)`), with his drone. */
function pilotOf(req: Request) {
  const user = currentUser(req);
  if (!req.djiDroneId) throw new Error('DJI route without the DJI token check');
  return { ...user, droneId: req.djiDroneId };
}

/** The origin the page used (PUBLIC_URL when set): DJI's components are given hosts on it. */
function originOf(req: Request, publicUrl: string | undefined) {
  const http = publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return { http, hostname: new URL(http).hostname };
}

/** Parse DJI's input with its contract; a refusal is counted before the error boundary answers 400. */
const parser =
  (rejected: (reason: DjiRejectReason) => void) =>
  <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => {
    const result = schema.safeParse(input);
    if (!result.success) {
      rejected('bad_input');
      throw result.error;
    }
    return result.data;
  };

export function djiRoutes(dji: DjiService, options: { publicUrl: string | undefined }): Router {
  const r = createRouter();

  // Lookout's Pilot 2 page (session of a pilot).
  const license = allow(PILOT_PAGE, {
    summary: 'The licence DJI Pilot 2 verifies the platform with',
    note: 'the station’s DJI App ID, App Key and License',
    response: djiLicense,
  });
  r.get('/dji/license', license, (_req, res) => {
    res.set('cache-control', 'no-store').json(dji.license());
  });
  r.post(
    '/dji/connect',
    allow(PILOT_PAGE, {
      summary: "Connect DJI Pilot 2: broker credentials and the token of DJI's components",
      note: 'new broker credentials (older ones revoked) and a DJI token',
      body: djiConnectBody,
      response: djiConnection,
    }),
    async (req, res) => {
      const body = djiConnectBody.parse(req.body ?? {});
      res
        .set('cache-control', 'no-store')
        .json(await dji.connect(currentUser(req), body, originOf(req, options.publicUrl)));
    },
  );
  r.post(
    '/dji/disconnect',
    allow(PILOT_PAGE, {
      summary: 'Disconnect DJI Pilot 2',
      note: 'revokes the caller’s broker credentials and DJI tokens',
      response: djiRevoked,
    }),
    async (req, res) => {
      res.json(await dji.revokeUser(currentUser(req).id));
    },
  );
  return r;
}

/**
 * DJI Pilot 2's map-element requests (its api component, X-Auth-Token), at the paths DJI documents: the api
 * component takes a bare `{scheme}://{endpoint}` host, so these sit at the server's root, not under /api/v1.
 */
export function djiMapRoutes(dji: DjiService, rejected: (reason: DjiRejectReason) => void): Router {
  const parse = parser(rejected);
  const r = createRouter();
  const ws = `${DJI_MAP_PREFIX}/workspaces/:workspace_id`;
  r.get(
    `${ws}/element-groups`,
    allow(DJI_PILOT_TOKEN, {
      summary: 'DJI map elements: the element groups',
      note: 'the pilots’ shared elements, sightings of the last 24 h, open cases’ caller locations and officer targets (what the live feed gives pilots)',
      params: djiWorkspaceParams,
      query: djiGroupsQuery,
      response: djiGroupsResponse,
    }),
    async (req, res) => {
      const { workspace_id } = parse(djiWorkspaceParams, req.params);
      const { group_id } = parse(djiGroupsQuery, req.query);
      res.json(ok(await dji.groups(workspace_id, group_id)));
    },
  );
  const create = allow(DJI_PILOT_TOKEN, {
    summary: "DJI map elements: a pilot's new element (a pin is a sighting)",
    params: djiGroupParams,
    body: djiElementCreateBody,
    response: djiElementRefResponse,
  });
  r.post(`${ws}/element-groups/:group_id/elements`, create, async (req, res) => {
    const { workspace_id, group_id } = parse(djiGroupParams, req.params);
    const body = parse(djiElementCreateBody, req.body);
    res.json(ok(await dji.createElement(pilotOf(req), workspace_id, group_id, body)));
  });
  const update = allow(DJI_PILOT_TOKEN, {
    summary: "DJI map elements: change a pilot's element",
    params: djiElementParams,
    body: djiElementUpdateBody,
    response: djiElementRefResponse,
  });
  r.put(`${ws}/elements/:id`, update, async (req, res) => {
    const { workspace_id, id } = parse(djiElementParams, req.params);
    const body = parse(djiElementUpdateBody, req.body);
    res.json(ok(await dji.updateElement(pilotOf(req), workspace_id, id, body)));
  });
  const remove = allow(DJI_PILOT_TOKEN, {
    summary: "DJI map elements: delete a pilot's element",
    params: djiElementParams,
    response: djiElementRefResponse,
  });
  r.delete(`${ws}/elements/:id`, remove, async (req, res) => {
    const { workspace_id, id } = parse(djiElementParams, req.params);
    res.json(ok(await dji.deleteElement(pilotOf(req), workspace_id, id)));
  });
  return r;
}
