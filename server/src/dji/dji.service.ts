import { createHash, randomBytes } from 'node:crypto';
import type {
  DjiConnectBody,
  DjiConnection,
  DjiContent,
  DjiElementCreateBody,
  DjiElementGroup,
  DjiElementItem,
  DjiElementUpdateBody,
  DjiLicense,
  DjiWsMessage,
  SessionUser,
} from '@lookout/contracts';
import { generatePassword, hashDroneSecret } from '@lookout/drone-bridge';
import { canonicalRoles, roles } from '@lookout/contracts';
import { AppError } from '../errors.ts';
import type { DjiRepo, LookoutPoint, LookoutSector, StoredElement } from './dji.repo.ts';
import { djiBrokerUrl, isNullIsland, nameUuid, pinKind, pinNote, pinPoint, pinReadingId } from './pin-sighting.ts';

/** DJI's map-element paths (`{module}/api/{version}`), under the bare origin given to the api component. */
export const DJI_MAP_PREFIX = '/map/api/v1';
export const DJI_WS_PATH = '/api/v1/dji/ws';
/** How far back Lookout's own sightings are shown in Pilot 2. */
const SIGHTING_HOURS = 24;
const POINTS_LIMIT = 500;

export type DjiRejectReason =
  'bad_token' | 'bad_input' | 'bad_coordinate' | 'unknown_group' | 'locked_group' | 'not_found';

export interface DjiServiceDeps {
  repo: DjiRepo;
  license: DjiLicense | undefined;
  /** DJI_MQTT_URL, or the running broker's URL for the host name the page used. */
  brokerUrlFor: (hostname: string) => string;
  workspaceId: string;
  stationName: string;
  tokenTtlHours: number;
  /** Each pilot-made change goes to every connected Pilot 2 (dji.socket.ts). */
  push: (message: DjiWsMessage) => void;
  /** A user's DJI access is gone (disable): his Pilot 2 sockets close. */
  revoked?: (userId: string) => void;
  /** Called after credentials are issued or revoked, before the answer goes out. */
  credentialsChanged?: () => Promise<void>;
  /**
   * Called with the plain password of credentials just issued and stored, before the answer goes out, for a broker
   * that cannot read the stored hash (Mosquitto's dynamic-security plugin); throws when the broker did not take them.
   */
  credentialsIssued?: (pilot: { userId: string; username: string; password: string }) => Promise<void>;
  rejected: (reason: DjiRejectReason) => void;
}

export const hashDjiToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The workspace Pilot 2 syncs map elements in: DJI_WORKSPACE_ID, or one made from the station's name. */
export const workspaceIdFor = (stationName: string, configured: string | undefined) =>
  configured ?? nameUuid('lookout.dji.workspace', stationName);

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
function base32(bytes: number): string {
  let out = '';
  for (const b of randomBytes(bytes)) out += BASE32[b & 31];
  return out;
}

/** A sector's colour in Pilot 2 by its status (to search: orange; being searched: blue; done: green; again: red). */
const sectorColours: Record<string, string> = {
  unsearched: '#FF9900',
  searching: '#2D8CF0',
  searched: '#19BE6B',
  to_research: '#E23C39',
};
const sectorStatusNames: Record<string, string> = {
  unsearched: '未搜',
  searching: '搜索中',
  searched: '已搜',
  to_research: '需复搜',
};

const colours = { newSighting: '#FFBB00', confirmed: '#E23C39', caller: '#2D8CF0', target: '#19BE6B' } as const;

export function createDjiService(deps: DjiServiceDeps) {
  const { repo, workspaceId } = deps;
  const groupIds = {
    shared: nameUuid(workspaceId, 'pilot-shared'),
    sightings: nameUuid(workspaceId, 'lookout-sightings'),
    targets: nameUuid(workspaceId, 'lookout-targets'),
    sectors: nameUuid(workspaceId, 'lookout-sectors'),
  };
  const now = Date.now();
  const groupCreated = { shared: now, sightings: now, targets: now, sectors: now };

  function refuse(
    reason: DjiRejectReason,
    code: 'bad_request' | 'bad_coordinate' | 'not_found' | 'forbidden',
    message: string,
  ): never {
    deps.rejected(reason);
    throw new AppError(code, message);
  }

  function checkWorkspace(id: string): void {
    if (id !== workspaceId) refuse('not_found', 'not_found', `No workspace ${id}`);
  }

  function checkContent(content: DjiContent, resourceType: number): void {
    const expected = ['Point', 'LineString', 'Polygon'][resourceType];
    if (content.geometry.type !== expected) {
      refuse('bad_input', 'bad_request', `resource.type ${resourceType} needs a ${expected} geometry`);
    }
    if (isNullIsland(content)) refuse('bad_coordinate', 'bad_coordinate', 'A map element at 0,0 has no real position');
  }

  function itemOf(e: StoredElement): DjiElementItem {
    return {
      id: e.id,
      name: e.name,
      create_time: e.createdAt.getTime(),
      update_time: e.updatedAt.getTime(),
      resource: { type: e.resourceType, user_name: e.userName, content: e.content },
    };
  }

  function sectorItem(s: LookoutSector): DjiElementItem {
    const t = s.at.getTime();
    return {
      id: nameUuid(workspaceId, `sector:${s.id}`),
      name: `区块 Sector ${s.name} · ${sectorStatusNames[s.status] ?? s.status} · ${s.caseTitle}`,
      create_time: t,
      update_time: t,
      resource: {
        type: 2,
        user_name: 'Lookout',
        content: {
          type: 'Feature',
          properties: { color: sectorColours[s.status] ?? sectorColours.unsearched!, clampToGround: true },
          geometry: { type: 'Polygon', coordinates: [s.ring] },
        },
      },
    };
  }

  function pointItem(p: LookoutPoint): DjiElementItem {
    const colour =
      p.kind === 'caller_location'
        ? colours.caller
        : p.kind === 'unit_target'
          ? colours.target
          : p.status === 'confirmed'
            ? colours.confirmed
            : colours.newSighting;
    const t = p.at.getTime();
    return {
      id: nameUuid(workspaceId, p.key),
      name: p.label,
      create_time: t,
      update_time: t,
      resource: {
        type: 0,
        user_name: 'Lookout',
        content: {
          type: 'Feature',
          properties: { color: colour, clampToGround: true },
          geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        },
      },
    };
  }

  function pinSighting(owner: { droneId: string; username: string }, id: string, name: string, content: DjiContent) {
    const point = pinPoint(content);
    if (!point) return null;
    const colour = content.properties.color;
    return {
      droneId: owner.droneId,
      readingId: pinReadingId(id),
      ...point,
      kind: pinKind(name, colour),
      note: pinNote(name, colour, owner.username),
    };
  }

  const pushElement = (biz: 'map_element_create' | 'map_element_update', e: StoredElement) =>
    deps.push({
      biz_code: biz,
      version: '1.0',
      timestamp: Date.now(),
      data: {
        id: e.id,
        group_id: e.groupId,
        name: e.name,
        resource: { type: e.resourceType, user_name: e.userName, content: e.content },
      },
    });

  return {
    groupIds,
    workspaceId,

    license(): DjiLicense {
      if (!deps.license) {
        throw new AppError(
          'unavailable',
          'DJI Cloud API is not configured: set DJI_APP_ID, DJI_APP_KEY and DJI_LICENSE',
        );
      }
      return deps.license;
    },

    /**
     * A pilot signed in on the Pilot 2 page: new broker credentials (the older ones revoked), a token for DJI's
     * api and ws components, and the drone his pins become sightings of.
     */
    async connect(
      user: SessionUser,
      body: DjiConnectBody,
      origin: { http: string; hostname: string },
    ): Promise<DjiConnection> {
      const known = body.aircraftSn ? await repo.droneBySerial(body.aircraftSn) : undefined;
      const drone =
        known ??
        (await repo.pilotDrone(
          `dp-${user.id.replace(/-/g, '').slice(0, 16)}`,
          `DJI-${user.username}`.slice(0, 40),
          await hashDroneSecret(generatePassword()),
          user.id,
        ));
      const password = generatePassword();
      const mqttUsername = `dji-pilot-${base32(10)}`;
      await repo.replaceCredentials(user.id, mqttUsername, await hashDroneSecret(password));
      await deps.credentialsChanged?.();
      await deps.credentialsIssued?.({ userId: user.id, username: mqttUsername, password });
      const token = randomBytes(32).toString('base64url');
      await repo.insertToken(
        hashDjiToken(token),
        user.id,
        drone.id,
        new Date(Date.now() + deps.tokenTtlHours * 3_600_000),
      );
      const wsOrigin = origin.http.replace(/^http/, 'ws');
      return {
        mqtt: { url: djiBrokerUrl(deps.brokerUrlFor(origin.hostname)), username: mqttUsername, password },
        api: { host: origin.http, token },
        ws: { host: `${wsOrigin}${DJI_WS_PATH}`, token },
        workspace: { id: workspaceId, name: deps.stationName, desc: 'Lookout 搜救 Search and rescue' },
        platformName: 'Lookout 瞭望',
        drone,
        userName: user.displayName || user.username,
      };
    },

    /** The user of a DJI token (header or query), or undefined; a bad token is counted. */
    async authenticate(token: string | undefined): Promise<(SessionUser & { droneId: string }) | undefined> {
      const owner = token && token.length <= 200 ? await repo.tokenOwner(hashDjiToken(token)) : undefined;
      const held = owner ? canonicalRoles(roles.filter((r) => owner.roles.includes(r))) : [];
      if (!owner || held.length === 0) {
        deps.rejected('bad_token');
        return undefined;
      }
      return {
        id: owner.userId,
        username: owner.username,
        displayName: owner.displayName,
        roles: held,
        droneId: owner.droneId,
      };
    },

    /** Revoke a user's broker credentials and tokens (he was disabled) and close his Pilot 2 sockets. */
    async revokeUser(userId: string): Promise<{ credentials: number; tokens: number }> {
      const revoked = await repo.revokeUser(userId);
      await deps.credentialsChanged?.();
      deps.revoked?.(userId);
      return revoked;
    },

    /** GET …/element-groups: the pilots' shared group, Lookout's sightings and Lookout's targets. */
    async groups(workspace: string, groupId: string | undefined): Promise<DjiElementGroup[]> {
      checkWorkspace(workspace);
      const want = (id: string) => !groupId || groupId === id;
      const out: DjiElementGroup[] = [];
      if (want(groupIds.shared)) {
        out.push({
          id: groupIds.shared,
          name: '飞手共享 Pilots',
          type: 2,
          is_lock: false,
          create_time: groupCreated.shared,
          elements: (await repo.elements()).map(itemOf),
        });
      }
      if (want(groupIds.sightings)) {
        out.push({
          id: groupIds.sightings,
          name: 'Lookout 发现 Sightings',
          type: 0,
          is_lock: true,
          create_time: groupCreated.sightings,
          elements: (await repo.lookoutSightings(SIGHTING_HOURS, POINTS_LIMIT)).map(pointItem),
        });
      }
      if (want(groupIds.targets)) {
        out.push({
          id: groupIds.targets,
          name: 'Lookout 目标 Targets',
          type: 0,
          is_lock: true,
          create_time: groupCreated.targets,
          elements: (await repo.lookoutTargets(POINTS_LIMIT)).map(pointItem),
        });
      }
      if (want(groupIds.sectors)) {
        out.push({
          id: groupIds.sectors,
          name: 'Lookout 搜索区块 Sectors',
          type: 0,
          is_lock: true,
          create_time: groupCreated.sectors,
          elements: (await repo.lookoutSectors(POINTS_LIMIT)).map(sectorItem),
        });
      }
      if (groupId && out.length === 0) refuse('unknown_group', 'not_found', `No element group ${groupId}`);
      return out;
    },

    async createElement(
      owner: SessionUser & { droneId: string },
      workspace: string,
      groupId: string,
      body: DjiElementCreateBody,
    ): Promise<{ id: string }> {
      checkWorkspace(workspace);
      if (groupId === groupIds.sightings || groupId === groupIds.targets || groupId === groupIds.sectors) {
        refuse('locked_group', 'forbidden', 'Lookout’s own groups are locked; draw in the shared group');
      }
      if (groupId !== groupIds.shared) refuse('unknown_group', 'not_found', `No element group ${groupId}`);
      checkContent(body.resource.content, body.resource.type);
      const userName = body.resource.user_name || owner.displayName || owner.username;
      const { element, created } = await repo.createElement(
        {
          id: body.id,
          groupId,
          name: body.name,
          resourceType: body.resource.type,
          userName,
          content: body.resource.content,
          createdBy: owner.id,
        },
        pinSighting({ droneId: owner.droneId, username: owner.username }, body.id, body.name, body.resource.content),
      );
      if (created) pushElement('map_element_create', element);
      return { id: element.id };
    },

    async updateElement(
      owner: SessionUser & { droneId: string },
      workspace: string,
      id: string,
      body: DjiElementUpdateBody,
    ): Promise<{ id: string }> {
      checkWorkspace(workspace);
      const old = await repo.element(id);
      if (!old) refuse('not_found', 'not_found', `No map element ${id}`);
      const name = body.name ?? old.name;
      const content = body.content ?? old.content;
      checkContent(content, old.resourceType);
      const updated = await repo.updateElement(
        id,
        name,
        content,
        pinSighting({ droneId: owner.droneId, username: owner.username }, id, name, content),
      );
      if (!updated) refuse('not_found', 'not_found', `No map element ${id}`);
      pushElement('map_element_update', updated);
      return { id };
    },

    async deleteElement(owner: SessionUser, workspace: string, id: string): Promise<{ id: string }> {
      checkWorkspace(workspace);
      const deleted = await repo.deleteElement(id, owner.id);
      if (!deleted) refuse('not_found', 'not_found', `No map element ${id}`);
      deps.push({
        biz_code: 'map_element_delete',
        version: '1.0',
        timestamp: Date.now(),
        data: { id, group_id: deleted.groupId },
      });
      return { id };
    },
  };
}

export type DjiService = ReturnType<typeof createDjiService>;
