import { ringLiveDoorbell, withTransaction, type Database, type Query } from '@lookout/db';
import type { DjiTopologyRecord, FixRecord, RejectReason, SightingRecord, StatusRecord } from '../decoders/types.ts';
import {
  applyTopology,
  devicesFor,
  insertDroneEvents,
  mergeDeviceState,
  recordStreamedLenses,
  upsertLaserTargets,
  type DjiDeviceRow,
  type DeviceStateInput,
  type DroneEventInput,
  type TopologyOutcome,
} from '../dji/dji.repo.ts';

/** The only file in the bridge that runs SQL. One transaction per batch, on PGlite and on PostgreSQL. */

export interface DeadLetterRow {
  topic: string;
  droneId: string | null;
  reason: RejectReason;
  detail: string | null;
  payloadBytes: number;
  payload: string | null;
}

export interface BatchInput {
  fixes: FixRecord[];
  sightings: SightingRecord[];
  statuses: StatusRecord[];
  deadLetters: DeadLetterRow[];
  /** Dock OSD parts and `state` messages, merged into dji_devices.state. */
  deviceStates?: DeviceStateInput[];
  droneEvents?: DroneEventInput[];
}

/** DJI work done before the batch is built: topologies stored first, so their aircraft are known drones. */
export interface DjiBatchInput {
  topologies: DjiTopologyRecord[];
  /** Serials whose device rows the build needs (OSD and state senders, event gateways). */
  serials: string[];
}

export interface DjiBatchContext {
  topologies: Map<string, TopologyOutcome>;
  devices: Map<string, DjiDeviceRow>;
}

export interface BatchOutcome {
  fixesInserted: number;
  sightingsInserted: number;
  statusesApplied: number;
  deadLetters: number;
  /** Highest live seq written (fixes.id / sightings.live_seq), announced with the live doorbell. */
  maxSeq: number | null;
  topologies: TopologyOutcome[];
  droneEventsInserted: { id: number; type: string; level: number | null; droneId: string | null }[];
}

/** Payloads kept in dead_letters are cut to this many characters. */
export const DEAD_LETTER_PAYLOAD_CHARS = 4096;

export function truncatePayload(payload: Buffer | string): string {
  const text =
    typeof payload === 'string'
      ? payload.slice(0, DEAD_LETTER_PAYLOAD_CHARS)
      : payload
          .subarray(0, DEAD_LETTER_PAYLOAD_CHARS * 4)
          .toString('utf8')
          .slice(0, DEAD_LETTER_PAYLOAD_CHARS);
  // PostgreSQL text cannot hold NUL.
  return text.replaceAll('\u0000', '\uFFFD');
}

const iso = (ms: number) => new Date(ms).toISOString();

export function createIngestRepo(database: Database) {
  /** Ids of drones that exist and are enabled, out of `ids`. */
  async function knownDrones(q: Query, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await q<{ id: string }>('select id from drones where id = any($1::text[]) and not disabled', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async function insertFixes(q: Query, fixes: FixRecord[]): Promise<{ inserted: number; maxId: number | null }> {
    if (fixes.length === 0) return { inserted: 0, maxId: null };
    const cols = {
      altEllipsoid: [] as (number | null)[],
      drone: [] as string[],
      reading: [] as string[],
      seq: [] as (number | null)[],
      t: [] as string[],
      src: [] as (string | null)[],
      lon: [] as number[],
      lat: [] as number[],
      altMsl: [] as (number | null)[],
      altRel: [] as (number | null)[],
      hdg: [] as (number | null)[],
      gs: [] as (number | null)[],
      vs: [] as (number | null)[],
      bat: [] as (number | null)[],
      gimbalPitch: [] as (number | null)[],
    };
    for (const f of fixes) {
      cols.drone.push(f.droneId);
      cols.reading.push(f.readingId);
      cols.seq.push(f.droneSeq);
      cols.t.push(iso(f.t));
      cols.src.push(f.src);
      cols.lon.push(f.lon);
      cols.lat.push(f.lat);
      cols.altMsl.push(f.altMsl);
      cols.altEllipsoid.push(f.altEllipsoid ?? null);
      cols.altRel.push(f.altRel);
      cols.hdg.push(f.hdg);
      cols.gs.push(f.gs);
      cols.vs.push(f.vs);
      cols.bat.push(f.bat);
      cols.gimbalPitch.push(f.gimbalPitch ?? null);
    }
    // One statement: the fixes, then the newest new fix per drone into drone_state (only if newer than what
    // is there, so a late redelivery never moves a drone backwards on the map).
    const rows = await q<{ inserted: number; max_id: number | null }>(
      `with input as (
         select * from unnest($1::text[], $2::uuid[], $3::int8[], $4::timestamptz[], $5::text[], $6::float8[], $7::float8[],
                              $8::real[], $9::real[], $10::real[], $11::real[], $12::real[], $13::real[], $14::real[],
                              $15::real[])
           as u(drone_id, reading_id, drone_seq, t, src, lon, lat, alt_msl, alt_rel, hdg, gs, vs, bat, alt_ellipsoid,
                gimbal_pitch)
       ), ins as (
         insert into fixes (drone_id, reading_id, drone_seq, t, src, geom, alt_msl, alt_ellipsoid, alt_rel, hdg, gs, vs, bat,
                            gimbal_pitch)
         select drone_id, reading_id, drone_seq, t, src, st_setsrid(st_makepoint(lon, lat), 4326), alt_msl, alt_ellipsoid, alt_rel, hdg, gs, vs, bat,
                gimbal_pitch
         from input
         on conflict (drone_id, reading_id) do nothing
         returning id, drone_id, t, geom, src, alt_msl, alt_ellipsoid, alt_rel, hdg, gs, vs, bat
       ), newest as (
         select distinct on (drone_id) * from ins order by drone_id, t desc, id desc
       ), state as (
         insert into drone_state as s (drone_id, fix_id, t, geom, src, alt_msl, alt_ellipsoid, alt_rel, hdg, gs, vs, bat, received_at)
         select drone_id, id, t, geom, src, alt_msl, alt_ellipsoid, alt_rel, hdg, gs, vs, bat, now() from newest
         on conflict (drone_id) do update set
           fix_id = excluded.fix_id, t = excluded.t, geom = excluded.geom, src = excluded.src,
           alt_msl = excluded.alt_msl, alt_ellipsoid = excluded.alt_ellipsoid, alt_rel = excluded.alt_rel, hdg = excluded.hdg, gs = excluded.gs,
           vs = excluded.vs, bat = excluded.bat, received_at = excluded.received_at
         where s.t <= excluded.t
         returning 1
       )
       select (select count(*) from ins)::int as inserted, (select max(id) from ins) as max_id, (select count(*) from state)::int as states`,
      [
        cols.drone,
        cols.reading,
        cols.seq,
        cols.t,
        cols.src,
        cols.lon,
        cols.lat,
        cols.altMsl,
        cols.altRel,
        cols.hdg,
        cols.gs,
        cols.vs,
        cols.bat,
        cols.altEllipsoid,
        cols.gimbalPitch,
      ],
    );
    const row = rows[0];
    return { inserted: row?.inserted ?? 0, maxId: row?.max_id == null ? null : Number(row.max_id) };
  }

  async function insertSightings(
    q: Query,
    sightings: SightingRecord[],
  ): Promise<{ ids: number[]; maxSeq: number | null }> {
    // Rare and possibly large (photos): one row per statement keeps bytea handling identical on both drivers.
    const ids: number[] = [];
    let maxSeq: number | null = null;
    for (const s of sightings) {
      const rows = await q<{ id: number; live_seq: number }>(
        `insert into sightings (drone_id, reading_id, t, geom, unc_m, conf, kind, count, note, photo)
         values ($1, $2::uuid, $3::timestamptz, st_setsrid(st_makepoint($4::float8, $5::float8), 4326), $6, $7, $8, $9, $10, $11)
         on conflict (drone_id, reading_id) do nothing
         returning id, live_seq`,
        [s.droneId, s.readingId, iso(s.t), s.lon, s.lat, s.uncM, s.conf, s.sightingKind, s.count, s.note, s.photo],
      );
      if (rows[0]) {
        ids.push(Number(rows[0].id));
        maxSeq = Math.max(maxSeq ?? 0, Number(rows[0].live_seq));
      }
    }
    return { ids, maxSeq };
  }

  async function applyStatuses(q: Query, statuses: StatusRecord[]): Promise<number> {
    if (statuses.length === 0) return 0;
    // Last status per drone in this batch wins. A drone with no fix yet has no drone_state row to mark.
    const last = new Map<string, StatusRecord>();
    for (const s of statuses) last.set(s.droneId, s);
    const list = [...last.values()];
    const rows = await q(
      `update drone_state s set online = u.online, status_at = u.t
       from unnest($1::text[], $2::bool[], $3::timestamptz[]) as u(drone_id, online, t)
       where s.drone_id = u.drone_id and (s.status_at is null or s.status_at <= u.t)
       returning 1`,
      [list.map((s) => s.droneId), list.map((s) => s.online), list.map((s) => iso(s.t))],
    );
    return rows.length;
  }

  async function insertDeadLetters(q: Query, rows: DeadLetterRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    await q(
      `insert into dead_letters (topic, drone_id, reason, detail, payload_bytes, payload)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])`,
      [
        rows.map((r) => r.topic.slice(0, 512)),
        rows.map((r) => r.droneId),
        rows.map((r) => r.reason),
        rows.map((r) => r.detail?.slice(0, 1000) ?? null),
        rows.map((r) => r.payloadBytes),
        rows.map((r) => (r.payload === null ? null : truncatePayload(r.payload))),
      ],
    );
    return rows.length;
  }

  return {
    knownDrones,

    /**
     * Commit one batch: fixes (+ drone_state), sightings, statuses, dead letters and the live doorbell, all in
     * one transaction. `filter` runs inside the transaction first and may move records to dead letters (an
     * unknown drone), so the foreign keys can never fail a whole batch.
     */
    async commitBatch(
      build: (known: Set<string>, dji: DjiBatchContext) => BatchInput,
      droneIds: string[],
      dji: DjiBatchInput = { topologies: [], serials: [] },
    ): Promise<BatchOutcome> {
      return withTransaction(database, async (q) => {
        const topologies = new Map<string, TopologyOutcome>();
        for (const topo of dji.topologies) {
          const o = await applyTopology(q, topo);
          const before = topologies.get(topo.gateway);
          topologies.set(topo.gateway, before ? { ...o, changed: o.changed || before.changed } : o);
        }
        const devices = new Map((await devicesFor(q, dji.serials)).map((d) => [d.serial, d]));
        const known = await knownDrones(q, droneIds);
        const input = build(known, { topologies, devices });
        for (const d of input.deviceStates ?? []) {
          await mergeDeviceState(q, d);
          await recordStreamedLenses(q, d);
        }
        const droneEventsInserted = await insertDroneEvents(q, input.droneEvents ?? []);
        const f = await insertFixes(q, input.fixes);
        await upsertLaserTargets(q, input.fixes);
        const s = await insertSightings(q, input.sightings);
        const statusesApplied = await applyStatuses(q, input.statuses);
        const deadLetters = await insertDeadLetters(q, input.deadLetters);
        const maxSeq = f.maxId === null && s.maxSeq === null ? null : Math.max(f.maxId ?? 0, s.maxSeq ?? 0);
        if (maxSeq !== null) await ringLiveDoorbell(q, maxSeq, s.ids);
        return {
          fixesInserted: f.inserted,
          sightingsInserted: s.ids.length,
          statusesApplied,
          deadLetters,
          maxSeq,
          topologies: [...topologies.values()],
          droneEventsInserted,
        };
      });
    },

    /** Dead letters outside a batch (the embedded broker's refusals). */
    async recordDeadLetters(rows: DeadLetterRow[]): Promise<number> {
      return insertDeadLetters((text, params) => database.query(text, params), rows);
    },

    /** Every enabled drone with its credential hash (Mosquitto password file, broker authentication). */
    async droneCredentials(): Promise<{ id: string; credentialHash: string }[]> {
      const rows = await database.query<{ id: string; credential_hash: string }>(
        'select id, credential_hash from drones where not disabled order by id',
      );
      return rows.map((r) => ({ id: r.id, credentialHash: r.credential_hash }));
    },

    async droneCredential(id: string): Promise<string | undefined> {
      const rows = await database.query<{ credential_hash: string }>(
        'select credential_hash from drones where id = $1 and not disabled',
        [id],
      );
      return rows[0]?.credential_hash;
    },
  };
}

export type IngestRepo = ReturnType<typeof createIngestRepo>;
