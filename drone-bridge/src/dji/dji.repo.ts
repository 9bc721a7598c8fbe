import type { Query } from '@lookout/db';
import type { DjiEventRecord, DjiTopologyRecord, FixRecord } from '../decoders/types.ts';
import { djiCallsign } from './dji-models.ts';
import { djiDroneId } from './dji-topics.ts';

/**
 * SQL of the DJI Cloud API side of the bridge: topology bindings, device lookups, dock state, drone events and
 * the broker's access snapshot. Runs inside the ingest batch's transaction where a `Query` is passed.
 */

/** Marker in drones.credential_hash for DJI aircraft: they have no Lookout credentials (never a `$7$` hash). */
export const NO_CREDENTIAL = '!dji-device';

export interface TopologyOutcome {
  gateway: string;
  /** 0 stored; 1 the gateway is bound to nobody and could not be attributed to one pilot. */
  result: 0 | 1;
  /** Sub-devices bound to another gateway (or being a gateway themselves): refused until an admin rebinds. */
  refused: { serial: string; boundTo: string | null }[];
  /** A binding was made (broker rules must be refreshed). */
  changed: boolean;
}

export interface DjiDeviceRow {
  serial: string;
  role: 'gateway' | 'sub';
  domain: string | null;
  gatewaySerial: string | null;
  droneId: string | null;
}

/**
 * Store an `update_topo`. The gateway must be bound to a pilot: the embedded broker binds it when the pilot's
 * credentials first publish for it; on Mosquitto, which does not tell subscribers who published, an unbound
 * gateway is bound to the one pilot whose credentials have no gateway yet (only such credentials may publish
 * on an unbound gateway's status topic, so with exactly one the attribution is certain; with several an admin
 * binds it). Sub-devices free or already under this gateway are bound to it; aircraft become drones.
 */
export async function applyTopology(q: Query, topo: DjiTopologyRecord): Promise<TopologyOutcome> {
  const outcome: TopologyOutcome = { gateway: topo.gateway, result: 0, refused: [], changed: false };
  const [gw] = await q<{ role: string; user_id: string | null }>(
    'select role, user_id from dji_devices where serial = $1',
    [topo.gateway],
  );
  if (gw && (gw.role !== 'gateway' || gw.user_id === null)) return { ...outcome, result: 1 };
  if (!gw) {
    const candidates = await q<{ user_id: string }>(
      `select distinct c.user_id from dji_pilot_credentials c join users u on u.id = c.user_id
       where c.revoked_at is null and not u.disabled
         and not exists (select 1 from dji_devices g where g.role = 'gateway' and g.user_id = c.user_id)`,
    );
    if (candidates.length !== 1) return { ...outcome, result: 1 };
    await q(`insert into dji_devices (serial, role, user_id) values ($1, 'gateway', $2) on conflict do nothing`, [
      topo.gateway,
      candidates[0]!.user_id,
    ]);
    outcome.changed = true;
  }
  await q(
    `update dji_devices set domain = $2, product_type = $3, product_sub_type = $4, updated_at = now() where serial = $1`,
    [topo.gateway, topo.product.domain, topo.product.type, topo.product.subType],
  );
  for (const sub of topo.subDevices) {
    if (sub.serial === topo.gateway) continue;
    const [existing] = await q<{ role: string; gateway_serial: string | null }>(
      'select role, gateway_serial from dji_devices where serial = $1',
      [sub.serial],
    );
    if (existing && (existing.role !== 'sub' || (existing.gateway_serial ?? topo.gateway) !== topo.gateway)) {
      outcome.refused.push({ serial: sub.serial, boundTo: existing.gateway_serial });
      continue;
    }
    let droneId: string | null = null;
    if (sub.domain === '0') {
      droneId = djiDroneId(sub.serial);
      const callsign = djiCallsign(sub, sub.serial);
      await q(
        `insert into drones (id, callsign, credential_hash, source, serial)
         select $1, case when exists (select 1 from drones where callsign = $2) then $3 else $2 end, $4, 'dji', $5
         on conflict do nothing`,
        [droneId, callsign, `${callsign}-${sub.serial}`, NO_CREDENTIAL, sub.serial],
      );
    }
    await q(
      `insert into dji_devices (serial, role, gateway_serial, domain, product_type, product_sub_type, drone_id)
       values ($1, 'sub', $2, $3, $4, $5, $6)
       on conflict (serial) do update set gateway_serial = excluded.gateway_serial, domain = excluded.domain,
         product_type = excluded.product_type, product_sub_type = excluded.product_sub_type,
         drone_id = coalesce(excluded.drone_id, dji_devices.drone_id), updated_at = now()`,
      [sub.serial, topo.gateway, sub.domain, sub.type, sub.subType, droneId],
    );
    if (!existing || existing.gateway_serial === null) outcome.changed = true;
  }
  return outcome;
}

/** The devices named by serial, plus the sub-devices of those that are gateways. */
export async function devicesFor(q: Query, serials: string[]): Promise<DjiDeviceRow[]> {
  if (serials.length === 0) return [];
  const rows = await q<{
    serial: string;
    role: 'gateway' | 'sub';
    domain: string | null;
    gateway_serial: string | null;
    drone_id: string | null;
  }>(
    `select serial, role, domain, gateway_serial, drone_id from dji_devices
     where serial = any($1::text[]) or gateway_serial = any($1::text[])`,
    [serials],
  );
  return rows.map((r) => ({
    serial: r.serial,
    role: r.role,
    domain: r.domain,
    gatewaySerial: r.gateway_serial,
    droneId: r.drone_id,
  }));
}

/** Properties merged into a device's stored state: a part of a dock's OSD, or any device's `state` message. */
export interface DeviceStateInput {
  serial: string;
  t: number;
  state: Record<string, unknown>;
  lon: number | null;
  lat: number | null;
  heightEllipsoid: number | null;
}

/**
 * Merge properties into a device's stored state, latest arrival winning per top-level key: DJI splits a dock's
 * OSD over several messages, and a `state` message carries only the properties that changed. `state_at` is the
 * newest device timestamp merged so far.
 */
export async function mergeDeviceState(q: Query, d: DeviceStateInput): Promise<void> {
  await q(
    `update dji_devices set
       state = coalesce(state, '{}'::jsonb) || $2::jsonb,
       geom = case when $3::float8 is null then geom else st_setsrid(st_makepoint($3::float8, $4::float8), 4326) end,
       height_ellipsoid = coalesce($5::real, height_ellipsoid),
       state_at = greatest(state_at, $6::timestamptz), updated_at = now()
     where serial = $1`,
    [d.serial, JSON.stringify(d.state), d.lon, d.lat, d.heightEllipsoid, new Date(d.t).toISOString()],
  );
}

/**
 * The lens each aircraft of a gateway is streaming, when the gateway's `state` carries `live_status`: one row in
 * drone_lenses per change of the streamed lens (a dock's entries name it in `video_type`; a remote controller's do
 * not, and the lens Lookout asked it for stands), and `lens` null once no stream of the aircraft is pushed. Entries are matched to the
 * aircraft by their `video_id` (`{aircraft sn}/{camera}/{video}`).
 */
export async function recordStreamedLenses(q: Query, d: DeviceStateInput): Promise<void> {
  if (!Array.isArray(d.state.live_status)) return;
  await q(
    `insert into drone_lenses (drone_id, t, lens, video_type, source)
     select a.drone_id, $3::timestamptz,
            case when s.video_type in ('ir', 'thermal') then 'thermal' when s.video_type = 'zoom' then 'zoom'
                 when s.video_type is null then null else 'visible' end,
            s.video_type, 'dji_state'
       from dji_devices a
       left join lateral (
         select true as active, e->>'video_type' as video_type from jsonb_array_elements($2::jsonb) e
          where jsonb_typeof(e) = 'object' and e->'status' = '1'::jsonb and e->>'video_id' like a.serial || '/%'
          limit 1) s on true
       left join lateral (
         select l.lens, l.video_type from drone_lenses l where l.drone_id = a.drone_id order by l.t desc limit 1
       ) last on true
      where a.gateway_serial = $1 and a.role = 'sub' and a.drone_id is not null
        and ((s.active and s.video_type is not null and s.video_type is distinct from last.video_type)
             or (s.active is null and last.lens is not null))
     on conflict do nothing`,
    [d.serial, JSON.stringify(d.state.live_status), new Date(d.t).toISOString()],
  );
}

export interface DroneEventInput {
  event: DjiEventRecord;
  droneId: string | null;
}

/** Store events; a redelivered one is a no-op. Returns the rows inserted. */
export async function insertDroneEvents(
  q: Query,
  events: DroneEventInput[],
): Promise<{ id: number; type: string; level: number | null; droneId: string | null }[]> {
  if (events.length === 0) return [];
  const rows = await q<{ id: number; type: string; level: number | null; drone_id: string | null }>(
    `insert into drone_events (device_serial, drone_id, reading_id, t, type, level, code, data)
     select * from unnest($1::text[], $2::text[], $3::uuid[], $4::timestamptz[], $5::text[], $6::int[], $7::text[],
                          $8::jsonb[])
     on conflict (device_serial, reading_id) do nothing
     returning id, type, level, drone_id`,
    [
      events.map((e) => e.event.gateway),
      events.map((e) => e.droneId),
      events.map((e) => e.event.readingId),
      events.map((e) => new Date(e.event.t).toISOString()),
      events.map((e) => e.event.type),
      events.map((e) => e.event.level),
      events.map((e) => e.event.code),
      events.map((e) => JSON.stringify(e.event.data)),
    ],
  );
  return rows.map((r) => ({ id: Number(r.id), type: r.type, level: r.level, droneId: r.drone_id }));
}

/**
 * The latest laser rangefinder reading per aircraft, from the fixes that carried one: one row per drone, a newer
 * device time replacing an older one (a redelivered or late OSD never moves it back).
 */
export async function upsertLaserTargets(q: Query, fixes: FixRecord[]): Promise<void> {
  const latest = new Map<string, FixRecord>();
  for (const f of fixes) if (f.laser && (latest.get(f.droneId)?.t ?? -Infinity) < f.t) latest.set(f.droneId, f);
  if (latest.size === 0) return;
  const list = [...latest.values()];
  await q(
    `insert into drone_laser_targets as l (drone_id, t, payload_index, lon, lat, alt, distance, error_state, received_at)
     select u.*, now() from unnest($1::text[], $2::timestamptz[], $3::text[], $4::float8[], $5::float8[], $6::real[],
                                   $7::real[], $8::int2[])
       as u(drone_id, t, payload_index, lon, lat, alt, distance, error_state)
     on conflict (drone_id) do update set t = excluded.t, payload_index = excluded.payload_index, lon = excluded.lon,
       lat = excluded.lat, alt = excluded.alt, distance = excluded.distance, error_state = excluded.error_state,
       received_at = excluded.received_at
     where l.t <= excluded.t`,
    [
      list.map((f) => f.droneId),
      list.map((f) => new Date(f.t).toISOString()),
      list.map((f) => f.laser!.payloadIndex),
      list.map((f) => f.laser!.lon),
      list.map((f) => f.laser!.lat),
      list.map((f) => f.laser!.alt),
      list.map((f) => f.laser!.distance),
      list.map((f) => f.laser!.errorState),
    ],
  );
}
