import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDjiPilot, revokeStaleTestPilots, testSerial } from '../testing/dji-pilots.ts';
import { djiBrokerTargets, waitFor, type DjiBrokerTarget } from '../testing/dji-broker-targets.ts';
import { djiDroneId, djiTopics } from './dji-topics.ts';

/**
 * The DJI Cloud API handshake and data flow from a gateway's side, against the embedded aedes (MQTT 3.1.1) and,
 * when installed, the project's Mosquitto (MQTT 5) with the generated per-pilot ACL; PGlite or the real
 * PostgreSQL when DATABASE_URL is set.
 */
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const djiConfig = {
  appId: '123456',
  appKey: 'test-app-key',
  appLicense: 'test-licence',
  ntpServerHost: 'ntp.example.cn',
  ntpServerPort: 123,
};

const targets = djiBrokerTargets.map((t) => ({
  ...t,
  start: (database: Database) => t.start(database, { log, djiConfig }),
}));

interface Gateway {
  serial: string;
  aircraft: string;
  userId: string;
  client: MqttClient;
  /** Messages received, by topic. */
  inbox: { topic: string; body: Record<string, unknown> }[];
  send(topic: string, body: unknown): Promise<void>;
  /** Publish and wait for the reply with this tid on `replyTopic`. */
  ask(topic: string, replyTopic: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

for (const target of targets) {
  describe.skipIf(target.skip)(`DJI gateway flow — ${target.name}`, () => {
    let database: Database;
    let t: DjiBrokerTarget;

    beforeAll(async () => {
      database = await openTestDatabase();
      // Mosquitto does not say who published: a new gateway's pilot must be the only unbound one in the database.
      await revokeStaleTestPilots(database, { everyUnbound: true });
      t = await target.start(database);
    });
    afterAll(async () => {
      await t?.close();
      await database?.close();
    });

    const envelope = (method: string | undefined, data: unknown, over: Record<string, unknown> = {}) => ({
      tid: randomUUID(),
      bid: randomUUID(),
      timestamp: Date.now() - 500,
      ...(method ? { method } : {}),
      data,
      ...over,
    });

    /** A pilot's gateway (RC with an aircraft, or a dock with one) logged in and past `update_topo`. */
    async function gateway(kind: 'rc' | 'dock' = 'rc'): Promise<Gateway> {
      const pilot = await createTestDjiPilot(database);
      await t.syncAuth();
      const serial = testSerial(kind === 'rc' ? 'RC' : 'DK');
      const aircraft = testSerial('AC');
      const client = await mqtt.connectAsync(t.url, {
        clientId: `pilot2-${randomUUID().slice(0, 8)}`,
        username: pilot.username,
        password: pilot.password,
        protocolVersion: t.protocolVersion,
        reconnectPeriod: 0,
      });
      const inbox: Gateway['inbox'] = [];
      client.on('message', (topic, payload) => {
        try {
          inbox.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> });
        } catch {
          inbox.push({ topic, body: {} });
        }
      });
      const granted = await client.subscribeAsync(
        [
          djiTopics.statusReply(serial),
          djiTopics.requestsReply(serial),
          djiTopics.eventsReply(serial),
          djiTopics.services(serial),
          djiTopics.propertySet(serial),
        ],
        { qos: 1 },
      );
      expect(granted.map((g) => g.qos)).toEqual([1, 1, 1, 1, 1]);
      const g: Gateway = {
        serial,
        aircraft,
        userId: pilot.userId,
        client,
        inbox,
        async send(topic, body) {
          await client.publishAsync(topic, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 });
        },
        async ask(topic, replyTopic, body) {
          await g.send(topic, body);
          return waitFor(`reply on ${replyTopic}`, () =>
            inbox.find((m) => m.topic === replyTopic && m.body.tid === body.tid),
          ).then((m) => m.body);
        },
        close: () => client.endAsync(),
      };
      const topo = envelope('update_topo', {
        domain: kind === 'rc' ? '2' : '3',
        type: kind === 'rc' ? 144 : 2,
        sub_type: 0,
        device_secret: 'secret',
        nonce: 'nonce',
        thing_version: '1.1.2',
        sub_devices: [{ sn: aircraft, domain: '0', type: 67, sub_type: 1, index: 'A' }],
      });
      const reply = await g.ask(djiTopics.status(serial), djiTopics.statusReply(serial), topo);
      expect(reply).toMatchObject({ tid: topo.tid, bid: topo.bid, method: 'update_topo', data: { result: 0 } });
      return g;
    }

    const aircraftOsd = (lat: number, lon: number, over: Record<string, unknown> = {}) => ({
      latitude: lat,
      longitude: lon,
      height: 160.5,
      elevation: 60.2,
      attitude_head: -90,
      horizontal_speed: 6.5,
      vertical_speed: 0.3,
      battery: { capacity_percent: 77 },
      mode_code: 3,
      ...over,
    });

    const fixesOf = (droneId: string) =>
      database.query<{ t: string; alt_msl: number; alt_ellipsoid: number; hdg: number }>(
        'select t, alt_msl, alt_ellipsoid, hdg from fixes where drone_id = $1 order by t',
        [droneId],
      );
    const deadLetters = (topic: string, reason: string) =>
      database.query('select 1 from dead_letters where topic = $1 and reason = $2', [topic, reason]);

    it('answers update_topo with the same tid/bid and result 0, and the aircraft appears as a DJI drone', async () => {
      const g = await gateway();
      const [drone] = await database.query<{ callsign: string; source: string; serial: string }>(
        'select callsign, source, serial from drones where id = $1',
        [djiDroneId(g.aircraft)],
      );
      expect(drone).toEqual({ callsign: `M30T-${g.aircraft.slice(-4)}`, source: 'dji', serial: g.aircraft });
      await g.close();
    });

    it('keeps a callsign an admin gave the aircraft over the next update_topo', async () => {
      const g = await gateway();
      const droneId = djiDroneId(g.aircraft);
      const renamed = `Eagle ${g.aircraft.slice(-6)}`;
      await database.query('update drones set callsign = $2 where id = $1', [droneId, renamed]);
      const topo = envelope('update_topo', {
        domain: '2',
        type: 144,
        sub_type: 0,
        sub_devices: [{ sn: g.aircraft, domain: '0', type: 67, sub_type: 1, index: 'A' }],
      });
      const reply = await g.ask(djiTopics.status(g.serial), djiTopics.statusReply(g.serial), topo);
      expect(reply).toMatchObject({ tid: topo.tid, data: { result: 0 } });
      const [drone] = await database.query<{ callsign: string }>('select callsign from drones where id = $1', [
        droneId,
      ]);
      expect(drone!.callsign).toBe(renamed);
      await g.close();
    });

    it('stores aircraft OSD as fixes with MSL from the geoid and the ellipsoid height kept', async () => {
      const g = await gateway();
      await g.send(djiTopics.osd(g.aircraft), envelope(undefined, aircraftOsd(28.95, 120.07)));
      const [fix] = await waitFor('a fix', async () => {
        const rows = await fixesOf(djiDroneId(g.aircraft));
        return rows.length ? rows : undefined;
      });
      expect(fix!.alt_ellipsoid).toBeCloseTo(160.5, 1);
      expect(fix!.alt_msl).toBeCloseTo(160.5 - 8.8, 0);
      expect(fix!.hdg).toBe(270);
      await g.close();
    });

    it('keeps the latest laser rangefinder target per aircraft, an older reading never replacing a newer one', async () => {
      const g = await gateway();
      const laser = (state: number, lat: number, lon: number) => ({
        '52-0-0': {
          payload_index: '52-0-0',
          gimbal_pitch: -30,
          measure_target_altitude: 140.2,
          measure_target_distance: 412.5,
          measure_target_error_state: state,
          measure_target_latitude: lat,
          measure_target_longitude: lon,
        },
      });
      const valid = envelope(undefined, aircraftOsd(28.95, 120.07, laser(0, 28.953, 120.072)), {
        timestamp: Date.now() - 3000,
      });
      await g.send(djiTopics.osd(g.aircraft), valid);
      const target = () =>
        database.query<{ lat: number; lon: number; distance: number; error_state: number; payload_index: string }>(
          'select lat, lon, distance, error_state, payload_index from drone_laser_targets where drone_id = $1',
          [djiDroneId(g.aircraft)],
        );
      const [row] = await waitFor('a laser target', async () => ((await target()).length ? target() : undefined));
      expect(row).toMatchObject({ lat: 28.953, lon: 120.072, error_state: 0, payload_index: '52-0-0' });
      expect(row!.distance).toBeCloseTo(412.5, 1);
      // Out of range two seconds later replaces it; a late redelivery of an older valid reading does not.
      await g.send(djiTopics.osd(g.aircraft), {
        ...envelope(undefined, aircraftOsd(28.95, 120.07, laser(2, 0, 0))),
        timestamp: valid.timestamp + 2000,
      });
      await waitFor('the new state', async () => ((await target())[0]?.error_state === 2 ? true : undefined));
      await g.send(djiTopics.osd(g.aircraft), { ...valid, timestamp: valid.timestamp + 1000 });
      await waitFor('the late fix', async () =>
        (await fixesOf(djiDroneId(g.aircraft))).length === 3 ? true : undefined,
      );
      expect((await target())[0]!.error_state).toBe(2);
      await g.close();
    });

    it('stores a second reading with the same tid and a new timestamp; a redelivery stays one row', async () => {
      const g = await gateway();
      const first = envelope(undefined, aircraftOsd(28.95, 120.07), { tid: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxx' });
      await g.send(djiTopics.osd(g.aircraft), first);
      await g.send(djiTopics.osd(g.aircraft), first);
      await g.send(djiTopics.osd(g.aircraft), { ...first, timestamp: first.timestamp + 2000 });
      await waitFor('two fixes', async () => ((await fixesOf(djiDroneId(g.aircraft))).length === 2 ? true : undefined));
      await new Promise((r) => setTimeout(r, 300));
      expect(await fixesOf(djiDroneId(g.aircraft))).toHaveLength(2);
      await g.close();
    });

    it('takes an aircraft at 0,0 (in its dock) as no fix, and keeps the next real one', async () => {
      const g = await gateway();
      const docked = envelope(undefined, aircraftOsd(0, 0));
      await g.send(djiTopics.osd(g.aircraft), docked);
      await g.send(
        djiTopics.osd(g.aircraft),
        envelope(undefined, aircraftOsd(28.96, 120.08), { timestamp: docked.timestamp + 1 }),
      );
      const rows = await waitFor('the real fix', async () => {
        const r = await fixesOf(djiDroneId(g.aircraft));
        return r.length ? r : undefined;
      });
      expect(rows).toHaveLength(1);
      await g.close();
    });

    it('merges the parts of a dock OSD into the dock state and never makes a fix of it', async () => {
      const g = await gateway('dock');
      await g.send(
        djiTopics.osd(g.serial),
        envelope(undefined, {
          latitude: 28.951,
          longitude: 120.071,
          height: 40.2,
          mode_code: 0,
          cover_state: 0,
          drone_in_dock: 1,
        }),
      );
      await g.send(djiTopics.osd(g.serial), envelope(undefined, { job_number: 492, acc_time: 1859010 }));
      const dock = await waitFor('the merged dock state', async () => {
        const [row] = await database.query<{ state: Record<string, unknown>; lon: number; lat: number }>(
          'select state, st_x(geom) as lon, st_y(geom) as lat from dji_devices where serial = $1',
          [g.serial],
        );
        return row?.state && 'job_number' in row.state && 'mode_code' in row.state ? row : undefined;
      });
      expect(dock).toMatchObject({ lon: 120.071, lat: 28.951, state: { mode_code: 0, drone_in_dock: 1 } });
      const fixes = await database.query(
        `select 1 from fixes f join drones d on d.id = f.drone_id where d.serial = $1 or f.drone_id = $2`,
        [g.serial, djiDroneId(g.serial)],
      );
      expect(fixes).toHaveLength(0);
      await g.close();
    });

    it('keeps the latest state of each device from its state messages, merged key by key', async () => {
      const g = await gateway();
      const t0 = Date.now() - 5_000;
      await g.send(djiTopics.state(g.serial), envelope(undefined, { firmware_version: '04.01' }, { timestamp: t0 }));
      await g.send(
        djiTopics.state(g.aircraft),
        envelope(undefined, { firmware_version: '10.01', mode_code: 0 }, { timestamp: t0 }),
      );
      await g.send(djiTopics.state(g.aircraft), envelope(undefined, { mode_code: 4 }, { timestamp: t0 + 1_000 }));
      const stateOf = async (serial: string) => {
        const [row] = await database.query<{ state: Record<string, unknown> | null; state_at: Date | string | null }>(
          'select state, state_at from dji_devices where serial = $1',
          [serial],
        );
        return row;
      };
      const aircraft = await waitFor('the merged aircraft state', async () => {
        const row = await stateOf(g.aircraft);
        return row?.state?.mode_code === 4 ? row : undefined;
      });
      expect(aircraft.state).toEqual({ firmware_version: '10.01', mode_code: 4 });
      expect(new Date(aircraft.state_at!).getTime()).toBe(t0 + 1_000);
      const gw = await waitFor('the gateway state', async () => {
        const row = await stateOf(g.serial);
        return row?.state ? row : undefined;
      });
      expect(gw.state).toEqual({ firmware_version: '04.01' });
      expect(await fixesOf(djiDroneId(g.aircraft))).toHaveLength(0);
      await g.close();
    });

    it("records the lens its gateway's live_status says the aircraft streams: ir is thermal, zoom is zoom, a stop is unknown", async () => {
      const g = await gateway();
      const t0 = Date.now() - 10_000;
      const live = (status: number, videoType?: string) => ({
        live_status: [
          {
            video_id: `${g.aircraft}/81-0-0/normal-0`,
            status,
            video_quality: 0,
            error_status: 0,
            video_type: videoType,
          },
        ],
      });
      const lensesOf = () =>
        database.query<{ lens: string | null; video_type: string | null }>(
          'select lens, video_type from drone_lenses where drone_id = $1 order by t',
          [djiDroneId(g.aircraft)],
        );
      await g.send(djiTopics.state(g.serial), envelope(undefined, live(1, 'wide'), { timestamp: t0 }));
      await g.send(djiTopics.state(g.serial), envelope(undefined, live(1, 'wide'), { timestamp: t0 + 1_000 }));
      await g.send(djiTopics.state(g.serial), envelope(undefined, live(1, 'ir'), { timestamp: t0 + 2_000 }));
      // A remote controller's entry names no lens: the one known stands.
      await g.send(djiTopics.state(g.serial), envelope(undefined, live(1), { timestamp: t0 + 3_000 }));
      await g.send(djiTopics.state(g.serial), envelope(undefined, live(1, 'zoom'), { timestamp: t0 + 3_500 }));
      await g.send(djiTopics.state(g.serial), envelope(undefined, { live_status: [] }, { timestamp: t0 + 4_000 }));
      await g.send(djiTopics.state(g.serial), envelope(undefined, { live_status: [] }, { timestamp: t0 + 5_000 }));
      const rows = await waitFor('the lens changes', async () => {
        const r = await lensesOf();
        return r.length >= 4 ? r : undefined;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(await lensesOf()).toEqual(rows);
      expect(rows).toEqual([
        { lens: 'visible', video_type: 'wide' },
        { lens: 'thermal', video_type: 'ir' },
        { lens: 'zoom', video_type: 'zoom' },
        { lens: null, video_type: null },
      ]);
      await g.close();
    });

    it('answers a dock config request with the app id, key, licence and NTP server', async () => {
      const g = await gateway('dock');
      const ask = envelope('config', { config_scope: 'product', config_type: 'json' }, { gateway: g.serial });
      const reply = await g.ask(djiTopics.requests(g.serial), djiTopics.requestsReply(g.serial), ask);
      expect(reply).toMatchObject({
        tid: ask.tid,
        bid: ask.bid,
        method: 'config',
        data: {
          app_id: 123456,
          app_key: 'test-app-key',
          app_license: 'test-licence',
          ntp_server_host: 'ntp.example.cn',
          ntp_server_port: 123,
        },
      });
      await g.close();
    });

    it('stores hms items as events of the aircraft and answers need_reply', async () => {
      const g = await gateway('dock');
      const hms = envelope(
        'hms',
        {
          list: [
            {
              level: 2,
              module: 3,
              in_the_sky: 0,
              code: '0x16100083',
              device_type: '0-67-0',
              imminent: 1,
              args: { component_index: 0, sensor_index: 0 },
            },
          ],
        },
        { need_reply: 1, gateway: g.serial },
      );
      const reply = await g.ask(djiTopics.events(g.serial), djiTopics.eventsReply(g.serial), hms);
      expect(reply).toMatchObject({ tid: hms.tid, method: 'hms', data: { result: 0 } });
      const [event] = await database.query<{ drone_id: string; level: number; code: string }>(
        `select drone_id, level, code from drone_events where device_serial = $1 and type = 'hms'`,
        [g.serial],
      );
      expect(event).toEqual({ drone_id: djiDroneId(g.aircraft), level: 2, code: '0x16100083' });
      await g.close();
    });

    it('refuses a gateway publishing for an aircraft bound to another gateway', async () => {
      const owner = await gateway();
      const intruder = await gateway();
      const topic = djiTopics.osd(owner.aircraft);
      // A topology naming the other gateway's aircraft: that sub-device is refused, the rest is answered.
      const topo = envelope('update_topo', {
        domain: '2',
        type: 144,
        sub_type: 0,
        sub_devices: [{ sn: owner.aircraft, domain: '0', type: 67, sub_type: 1 }],
      });
      const reply = await intruder.ask(djiTopics.status(intruder.serial), djiTopics.statusReply(intruder.serial), topo);
      expect(reply).toMatchObject({ data: { result: 0 } });
      await intruder.send(topic, envelope(undefined, aircraftOsd(28.97, 120.09))).catch(() => undefined);
      await waitFor('the refused sub-device dead-lettered', async () =>
        (await deadLetters(djiTopics.status(intruder.serial), 'serial_bound_elsewhere')).length ? true : undefined,
      );
      if (t.brokerDeadLetters)
        await waitFor('the refused publish dead-lettered', async () =>
          (await deadLetters(topic, 'serial_bound_elsewhere')).length ? true : undefined,
        );
      const [bound] = await database.query<{ gateway_serial: string }>(
        'select gateway_serial from dji_devices where serial = $1',
        [owner.aircraft],
      );
      expect(bound!.gateway_serial).toBe(owner.serial);
      expect(await fixesOf(djiDroneId(owner.aircraft))).toHaveLength(0);
      await owner.close();
      await intruder.close();
    });

    it('dead-letters malformed DJI JSON and keeps serving the gateway', async () => {
      const g = await gateway();
      await g.send(djiTopics.osd(g.aircraft), '{"tid": "x", "data": ');
      await g.send(djiTopics.osd(g.aircraft), envelope(undefined, { latitude: 'north' }));
      await g.send(djiTopics.osd(g.aircraft), envelope(undefined, aircraftOsd(28.95, 120.07)));
      await waitFor('the good fix after the bad ones', async () =>
        (await fixesOf(djiDroneId(g.aircraft))).length === 1 ? true : undefined,
      );
      expect(await deadLetters(djiTopics.osd(g.aircraft), 'not_json')).toHaveLength(1);
      expect(await deadLetters(djiTopics.osd(g.aircraft), 'invalid_schema')).toHaveLength(1);
      await g.close();
    });
  });
}
