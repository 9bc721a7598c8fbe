import { z } from 'zod';

/** A DJI dock as the map shows it: its merged OSD state, position and heights (ellipsoid as reported, MSL). */
export const dock = z.object({
  serial: z.string(),
  lon: z.number(),
  lat: z.number(),
  /** Above the WGS-84 ellipsoid, as the dock reports it. */
  heightEllipsoid: z.number().nullable(),
  /** Above mean sea level (EGM96). */
  heightMsl: z.number().nullable(),
  /** DJI dock `mode_code`: 0 idle, 1 on-site debugging, 2 remote debugging, 3 upgrading, 4 in operation. */
  modeCode: z.number().nullable(),
  /** 0 closed, 1 open, 2 half open, 3 abnormal. */
  coverState: z.number().nullable(),
  droneInDock: z.boolean().nullable(),
  stateAt: z.string().nullable(),
});
export type Dock = z.infer<typeof dock>;

export const droneEventTypes = ['hms', 'flighttask_progress'] as const;

/** A health item or flight-task progress a DJI device reported about a drone. */
export const droneEvent = z.object({
  id: z.number(),
  droneId: z.string().nullable(),
  deviceSerial: z.string(),
  t: z.string(),
  type: z.enum(droneEventTypes),
  /** hms: 0 notification, 1 reminder, 2 warning (severe). */
  level: z.number().nullable(),
  code: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type DroneEvent = z.infer<typeof droneEvent>;
/**
 * The shapes Lookout exchanges with DJI Pilot 2 as its "open platform" (DJI Cloud API): what Lookout's Pilot 2
 * page gets from the server (licence, broker credentials, the token of DJI's api/ws components), and DJI's own
 * map-element requests and pushes, field names as DJI documents them (Cloud-API-Doc,
 * docs/en/60.api-reference/10.pilot-to-cloud/10.https/10.map-elements/ and …/20.websocket/10.map-elements/).
 */

/** GET /api/v1/dji/license: what `window.djiBridge.platformVerifyLicense(appId, appKey, license)` takes. */
export const djiLicense = z.object({
  appId: z.string(),
  appKey: z.string(),
  license: z.string(),
});
export type DjiLicense = z.infer<typeof djiLicense>;

const djiSerial = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/);

/** POST /api/v1/dji/connect: the serials the page read from `platformGetAircraftSN` / `platformGetRemoteControllerSN`. */
export const djiConnectBody = z
  .object({
    aircraftSn: djiSerial.optional(),
    remoteControllerSn: djiSerial.optional(),
  })
  .strict();
export type DjiConnectBody = z.infer<typeof djiConnectBody>;

/** The answer of POST /api/v1/dji/connect; passwords and tokens are shown this once and stored only hashed. */
export const djiConnection = z.object({
  /** For the `thing` component: DJI wants `tcp://` or `ws://` (or their TLS forms). */
  mqtt: z.object({ url: z.string(), username: z.string(), password: z.string() }),
  /** For the `api` component (`host` + the `X-Auth-Token` header) and the `ws` component (`?x-auth-token=`). */
  api: z.object({ host: z.string(), token: z.string() }),
  ws: z.object({ host: z.string(), token: z.string() }),
  /** `platformSetWorkspaceId(id)` (a UUID) and `platformSetInformation(platformName, name, desc)`. */
  workspace: z.object({ id: z.uuid(), name: z.string(), desc: z.string() }),
  platformName: z.string(),
  /** The drone the pilot's pins are stored as sightings of. */
  drone: z.object({ id: z.string(), callsign: z.string() }),
  /** For the `map` component: the creator name shown on his elements. */
  userName: z.string(),
});
export type DjiConnection = z.infer<typeof djiConnection>;

// ---- DJI map elements (HTTPS) ----

/** DJI's resource types: 0 pin, 1 line, 2 polygon. */
export const djiElementTypes = { pin: 0, line: 1, polygon: 2 } as const;

const longitude = z.number().finite().min(-180).max(180);
const latitude = z.number().finite().min(-90).max(90);
/** `[lon, lat]` or `[lon, lat, height]` (WGS-84, as DJI documents for map elements). */
export const djiPosition = z.union([
  z.tuple([longitude, latitude]),
  z.tuple([longitude, latitude, z.number().finite().min(-1000).max(20_000)]),
]);
const MAX_VERTICES = 2000;

export const djiGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: djiPosition }),
  z.object({ type: z.literal('LineString'), coordinates: z.array(djiPosition).min(2).max(MAX_VERTICES) }),
  z.object({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(djiPosition).min(3).max(MAX_VERTICES)).min(1).max(20),
  }),
]);
export type DjiGeometry = z.infer<typeof djiGeometry>;

export const djiContent = z
  .object({
    type: z.literal('Feature'),
    properties: z
      .object({
        color: z
          .string()
          .regex(/^(#|0x)?[0-9A-Fa-f]{6}$/)
          .optional(),
        clampToGround: z.boolean().optional(),
      })
      .loose()
      .default({}),
    geometry: djiGeometry,
  })
  .meta({ id: 'DjiContent' });
export type DjiContent = z.infer<typeof djiContent>;

const elementName = z.string().max(200);
/** Element and group ids: Pilot 2 makes UUIDs; anything printable and short is kept as it came. */
export const djiElementId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);

/** POST …/element-groups/{group_id}/elements (map.ElementCreateInput). */
export const djiElementCreateBody = z.object({
  id: djiElementId,
  name: elementName,
  resource: z.object({
    type: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    user_name: z.string().max(100).optional(),
    content: djiContent,
  }),
});
export type DjiElementCreateBody = z.infer<typeof djiElementCreateBody>;

/** PUT …/elements/{id} (map.ElementUpdateInput): name and content, each optional. */
export const djiElementUpdateBody = z.object({
  name: elementName.optional(),
  content: djiContent.optional(),
});
export type DjiElementUpdateBody = z.infer<typeof djiElementUpdateBody>;

export const djiWorkspaceParams = z.object({ workspace_id: z.string().max(64) });
export const djiGroupParams = djiWorkspaceParams.extend({ group_id: djiElementId });
export const djiElementParams = djiWorkspaceParams.extend({ id: djiElementId });
export const djiGroupsQuery = z.object({
  group_id: djiElementId.optional(),
  is_distributed: z.enum(['true', 'false']).optional(),
});

const resourceType = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** map.ElementItem as the element-group list returns it. */
export const djiElementItem = z.object({
  id: z.string(),
  name: z.string(),
  create_time: z.number(),
  update_time: z.number(),
  resource: z.object({ type: resourceType, user_name: z.string(), content: djiContent }),
});
export type DjiElementItem = z.infer<typeof djiElementItem>;

/** DJI's group types: 0 custom, 1 default, 2 the app-shared group Pilot 2 adds its own elements to. */
export const djiElementGroup = z.object({
  id: z.string(),
  name: z.string(),
  type: resourceType,
  is_lock: z.boolean(),
  create_time: z.number(),
  elements: z.array(djiElementItem),
});
export type DjiElementGroup = z.infer<typeof djiElementGroup>;

/** DJI's response envelope: `code` 0 is success. */
export interface DjiResponse<T> {
  code: number;
  message: string;
  data: T;
}
export const djiResponse = <T extends z.ZodType>(data: T) => z.object({ code: z.number(), message: z.string(), data });

/** GET …/element-groups. */
export const djiGroupsResponse = djiResponse(z.array(djiElementGroup));
/** POST …/elements, PUT and DELETE …/elements/{id}: the element's id. */
export const djiElementRefResponse = djiResponse(z.object({ id: z.string() }));

/** POST /api/v1/dji/disconnect: how many broker credentials and DJI tokens were revoked. */
export const djiRevoked = z.object({ credentials: z.number(), tokens: z.number() });

// ---- DJI map elements (WebSocket pushes) ----

export type DjiWsMessage =
  | { biz_code: 'map_element_create' | 'map_element_update'; version: '1.0'; timestamp: number; data: DjiElementPush }
  | { biz_code: 'map_element_delete'; version: '1.0'; timestamp: number; data: { id: string; group_id: string } }
  | { biz_code: 'map_group_refresh'; version: '1.0'; timestamp: number; data: { ids: string[] } };

export interface DjiElementPush {
  id: string;
  group_id: string;
  name: string;
  resource: { type: 0 | 1 | 2; user_name: string; content: DjiContent };
}
