import { createServer, type Server, type Socket } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { findFfmpeg, startDjiGatewaySim, type DjiGatewaySim } from '@lookout/drone-bridge';
import {
  createTestDjiPilot,
  djiBrokerTargets,
  testSerial,
  waitFor,
  type DjiBrokerTarget,
} from '@lookout/drone-bridge/testing';
import { auditTrail } from '../audit/audit.middleware.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { sessionUserOf } from '../auth/auth.middleware.ts';
import { configureAccess } from '../http/access-check.ts';
import { errorBoundary, notFound } from '../http/errors.ts';
import { jsonBody } from '../http/json-limits.ts';
import { assertEveryRouteDeclared } from '../http/route-walker.ts';
import { createRouter } from '../http/router.ts';
import { call, openCase } from '../testing/case-factories.ts';
import { createTestUser, insertDrone, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { createDjiLiveModule, type DjiLiveModule } from './dji-live-module.ts';
import type { DjiBrokerLogin } from './dji-services-client.ts';

/**
 * The DJI Cloud API live-video exchange end to end: HTTP → the server's services client → the broker DJI devices
 * use → the DJI gateway simulator, and its `services_reply` back; against the embedded aedes (MQTT 3.1.1) and,
 * when installed, the project's Mosquitto (MQTT 5) with its generated ACL. With ffmpeg on PATH the simulator
 * really pushes RTMP: a TCP listener here sees the push's RTMP handshake begin.
 */
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const ffmpeg = findFfmpeg();
const REPLY_TIMEOUT_MS = 2500;

const targets = djiBrokerTargets.map((t) => ({ ...t, start: (database: Database) => t.start(database, { log }) }));
/** The bridge's own login on the target's broker: the server's services client uses it. */
const loginOf = (t: DjiBrokerTarget): DjiBrokerLogin => ({
  url: t.url,
  ...t.bridgeUser,
  protocolVersion: t.protocolVersion,
});

/** Where the simulator's ffmpeg pushes: a TCP listener that keeps every connection and its first bytes. */
async function startRtmpListener(): Promise<{
  port: number;
  connections: { socket: Socket; first: Buffer | undefined; closed: boolean }[];
  close(): Promise<void>;
}> {
  const connections: { socket: Socket; first: Buffer | undefined; closed: boolean }[] = [];
  const server: Server = createServer((socket) => {
    const c = { socket, first: undefined as Buffer | undefined, closed: false };
    connections.push(c);
    socket.once('data', (d: Buffer) => (c.first = d));
    socket.on('error', () => undefined);
    socket.on('close', () => (c.closed = true));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    connections,
    async close() {
      for (const c of connections) c.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A dock bound to a pilot before it logs in, so the broker lets it speak without guessing whose it is. */
async function bindGateway(database: Database, serial: string, userId: string) {
  await database.query(`insert into dji_devices (serial, role, user_id) values ($1, 'gateway', $2)`, [serial, userId]);
}

/** The server's request pipeline around the module's routes: sessions, JSON limits, the audit trail, errors. */
function liveApp(h: Harness, module: DjiLiveModule, registry: Registry) {
  const app = express();
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  configureAccess(app, {
    sessionUser: sessionUserOf(h.server.services.auth),
    denied: new Counter({ name: 'test_denied_total', help: 'denied', labelNames: ['route'], registers: [registry] }),
    checkResponses: true,
  });
  const rejected = new Counter({
    name: 'test_rejected_total',
    help: 'r',
    labelNames: ['reason'],
    registers: [registry],
  });
  app.use(jsonBody({ limit: '64kb', rejected }));
  const failures = new Counter({ name: 'test_audit_failures_total', help: 'a', registers: [registry] });
  app.use(auditTrail(createAuditRepo(h.database), log, failures));
  const api = createRouter();
  api.use(module.routes);
  api.use(notFound);
  app.use('/api/v1', api);
  app.use(errorBoundary(log));
  // Every route declares its access and contract, as the server's route walker demands of the whole app.
  assertEveryRouteDeclared(app);
  return app;
}

for (const target of targets) {
  describe.skipIf(target.skip)(`DJI live video — ${target.name}`, () => {
    let database: Database;
    let t: DjiBrokerTarget;
    let h: Harness;
    let module: DjiLiveModule;
    let registry: Registry;
    let rtmp: Awaited<ReturnType<typeof startRtmpListener>>;
    let sim: DjiGatewaySim;
    /** A second dock whose simulator has no ffmpeg. */
    let blindSim: DjiGatewaySim;
    let live: { base: string; close(): Promise<void> };
    let commander: string;
    const droneId = (sim: DjiGatewaySim) => `dji-${sim.aircraftSerial}`;

    /** A request to the module's routes. */
    async function api(method: string, path: string, cookie: string, body?: unknown) {
      const res = await fetch(`${live.base}/api/v1${path}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely
      return { status: res.status, body: (await res.json()) as any };
    }
    const failuresOf = async (method: string, reason: string) => {
      const m = await registry.getSingleMetric('lookout_dji_live_failures_total')?.get();
      return m?.values.find((v) => v.labels.method === method && v.labels.reason === reason)?.value ?? 0;
    };

    beforeAll(async () => {
      database = await openTestDatabase();
      t = await target.start(database);
      rtmp = await startRtmpListener();
      const pilot = await createTestDjiPilot(database);
      const docks = [testSerial('7CTDM'), testSerial('7CTDM')];
      for (const dock of docks) await bindGateway(database, dock, pilot.userId);
      await t.syncAuth();
      const simOptions = {
        url: t.url,
        username: pilot.username,
        password: pilot.password,
        protocolVersion: t.protocolVersion,
        log,
        osdIntervalMs: 5000,
      };
      sim = await startDjiGatewaySim({
        ...simOptions,
        dockSerial: docks[0],
        aircraftSerial: testSerial('1581F'),
        ffmpeg: ffmpeg ?? null,
      });
      blindSim = await startDjiGatewaySim({
        ...simOptions,
        dockSerial: docks[1],
        aircraftSerial: testSerial('1581F'),
        ffmpeg: null,
      });
      // The bridge has bound each aircraft and stored its dock's live_capacity.
      for (const s of [sim, blindSim])
        await waitFor(`the live capacity of ${s.dockSerial}`, async () => {
          const [row] = await database.query<{ ok: boolean }>(
            `select exists (select 1 from dji_devices a join dji_devices g on g.serial = a.gateway_serial
                             where a.drone_id = $1 and g.state ? 'live_capacity') as ok`,
            [droneId(s)],
          );
          return row?.ok;
        });
      await t.syncAuth();

      h = await startHarness({ database });
      registry = new Registry();
      module = createDjiLiveModule({
        database,
        broker: loginOf(t),
        pushUrlFor: (id) => Promise.resolve(`rtmp://127.0.0.1:${rtmp.port}/live/${id}?push=test`),
        registry,
        log,
        replyTimeoutMs: REPLY_TIMEOUT_MS,
      });
      const server = liveApp(h, module, registry).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const port = (server.address() as { port: number }).port;
      live = {
        base: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
      commander = await sessionFor(h, 'commander');
    }, 120_000);

    afterAll(async () => {
      await live?.close();
      await module?.stop();
      await sim?.stop();
      await blindSim?.stop();
      await rtmp?.close();
      await h?.close();
      await t?.close();
      await database?.close();
    });

    it.skipIf(!ffmpeg)('starts a stream: result 0, and the aircraft really pushes RTMP to the URL', async () => {
      const res = await api('POST', `/drones/${droneId(sim)}/video/dji/start`, commander, { quality: 2 });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({
        droneId: droneId(sim),
        method: 'live_start_push',
        videoId: `${sim.aircraftSerial}/81-0-0/normal-0`,
        result: 0,
        message: 'Live stream started',
      });
      // ffmpeg opens the RTMP handshake: C0 is the protocol version, 3.
      const pushed = await waitFor('the RTMP push', () => rtmp.connections.find((c) => c.first));
      expect(pushed.first![0]).toBe(3);

      const [audit] = await database.query<{ target_id: string; detail: { status: number } }>(
        `select target_id, detail from audit_log where action = $1 and target_id = $2 order by id desc limit 1`,
        ['POST /api/v1/drones/:id/video/dji/start', droneId(sim)],
      );
      expect(audit?.detail.status).toBe(200);

      // A second start of the same stream: DJI's "camera livestream in progress" (513003), counted.
      const before = await failuresOf('live_start_push', 'device_error');
      const again = await api('POST', `/drones/${droneId(sim)}/video/dji/start`, commander, {});
      expect(again.status).toBe(409);
      expect(again.body.error.details).toMatchObject({ method: 'live_start_push', result: 513003 });
      expect(await failuresOf('live_start_push', 'device_error')).toBe(before + 1);

      for (const [path, body] of [
        ['quality', { quality: 4 }],
        ['lens', { lens: 'zoom' }],
        ['lens', { lens: 'ir' }],
      ] as const) {
        const r = await api('PUT', `/drones/${droneId(sim)}/video/dji/${path}`, commander, body);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.result).toBe(0);
      }
      // The dock reports what it pushes (live_status), and the bridge keeps it.
      await waitFor('live_status with the zoom… then ir lens', async () => {
        const [row] = await database.query<{ s: { video_type: string; video_quality: number }[] | null }>(
          `select state->'live_status' as s from dji_devices where serial = $1`,
          [sim.dockSerial],
        );
        return row?.s?.[0]?.video_type === 'ir' && row.s[0].video_quality === 4;
      });
      // Both Lookout's accepted requests and the dock's own reports tell which lens counts for coverage.
      const lenses = await database.query<{ lens: string | null; video_type: string | null; source: string }>(
        'select lens, video_type, source from drone_lenses where drone_id = $1 order by t',
        [droneId(sim)],
      );
      expect(lenses.filter((l) => l.source === 'live_request').map((l) => [l.video_type, l.lens])).toEqual([
        ['normal', 'visible'],
        ['zoom', 'zoom'],
        ['ir', 'thermal'],
      ]);
      expect(lenses.at(-1)).toMatchObject({ lens: 'thermal', video_type: 'ir' });

      const stop = await api('POST', `/drones/${droneId(sim)}/video/dji/stop`, commander);
      expect(stop.status).toBe(200);
      expect(stop.body).toMatchObject({ method: 'live_stop_push', result: 0 });
      const [last] = await database.query<{ lens: string | null }>(
        'select lens from drone_lenses where drone_id = $1 order by t desc limit 1',
        [droneId(sim)],
      );
      expect(last?.lens).toBeNull();
      // The push is over: ffmpeg was killed and its connection closed.
      await waitFor('the RTMP push to end', () => rtmp.connections.every((c) => c.closed));
    });

    it('refuses what is not streaming with DJI’s "livestream not enabled" (513011)', async () => {
      for (const [method, path, body] of [
        ['POST', 'stop', undefined],
        ['PUT', 'quality', { quality: 1 }],
        ['PUT', 'lens', { lens: 'wide' }],
      ] as const) {
        const r = await api(method, `/drones/${droneId(sim)}/video/dji/${path}`, commander, body);
        expect(r.status, path).toBe(409);
        expect(r.body.error.code).toBe('conflict');
        expect(r.body.error.details.result).toBe(513011);
        expect(r.body.error.message).toContain('Livestream not enabled');
      }
    });

    it('passes on a camera the dock does not have: DJI’s "camera does not exist" (513002)', async () => {
      const [{ state }] = (await database.query<{ state: Record<string, unknown> }>(
        'select state from dji_devices where serial = $1',
        [blindSim.dockSerial],
      )) as [{ state: Record<string, unknown> }];
      const wrong = {
        device_list: [
          {
            sn: blindSim.aircraftSerial,
            camera_list: [{ camera_index: '52-0-0', video_list: [{ video_index: 'normal-0' }] }],
          },
        ],
      };
      await database.query(`update dji_devices set state = state || $2::jsonb where serial = $1`, [
        blindSim.dockSerial,
        JSON.stringify({ live_capacity: wrong }),
      ]);
      try {
        const r = await api('POST', `/drones/${droneId(blindSim)}/video/dji/start`, commander, {});
        expect(r.status).toBe(409);
        expect(r.body.error.details).toMatchObject({
          result: 513002,
          videoId: `${blindSim.aircraftSerial}/52-0-0/normal-0`,
        });
      } finally {
        await database.query(`update dji_devices set state = $2::jsonb where serial = $1`, [
          blindSim.dockSerial,
          JSON.stringify(state),
        ]);
      }
    });

    it('a dock with no video to push answers 513008 (the simulator without ffmpeg)', async () => {
      const r = await api('POST', `/drones/${droneId(blindSim)}/video/dji/start`, commander, { lens: 'zoom' });
      expect(r.status).toBe(409);
      expect(r.body.error.details).toMatchObject({ method: 'live_start_push', result: 513008 });
    });

    it('answers 502 when the gateway does not answer (offline)', async () => {
      const gateway = testSerial('7CTDM');
      const aircraft = testSerial('1581F');
      const id = `dji-${aircraft}`;
      await database.query(
        `insert into drones (id, callsign, credential_hash, source, serial) values ($1, $2, $3, 'dji', $4)`,
        [id, `M3TD-${aircraft.slice(-6)}`, '!dji-device', aircraft],
      );
      await database.query(
        `insert into dji_devices (serial, role, domain, state) values ($1, 'gateway', '3', $2::jsonb)`,
        [
          gateway,
          JSON.stringify({
            live_capacity: {
              device_list: [
                { sn: aircraft, camera_list: [{ camera_index: '81-0-0', video_list: [{ video_index: 'normal-0' }] }] },
              ],
            },
          }),
        ],
      );
      await database.query(
        `insert into dji_devices (serial, role, gateway_serial, domain, drone_id) values ($1, 'sub', $2, '0', $3)`,
        [aircraft, gateway, id],
      );
      const before = await failuresOf('live_start_push', 'timeout');
      const t0 = Date.now();
      const r = await api('POST', `/drones/${id}/video/dji/start`, commander, {});
      expect(r.status).toBe(502);
      expect(r.body.error.details).toMatchObject({ method: 'live_start_push', reason: 'timeout', gateway });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(REPLY_TIMEOUT_MS - 100);
      expect(await failuresOf('live_start_push', 'timeout')).toBe(before + 1);
    });

    it('lets only the pilot flying the drone for an open case, commanders and admins ask', async () => {
      const officer = await sessionFor(h, 'officer');
      expect((await api('POST', `/drones/${droneId(sim)}/video/dji/stop`, officer)).status).toBe(403);

      const pilotUser = await createTestUser(database, 'pilot');
      const pilot = await login(h.base, pilotUser.username, pilotUser.password);
      const lens = () => api('PUT', `/drones/${droneId(sim)}/video/dji/lens`, pilot, { lens: 'wide' });
      const refused = await lens();
      expect(refused.status).toBe(403);

      // Attached to another drone only: still refused.
      const caseId = await openCase(h, commander);
      const other = await insertDrone(database);
      const [me] = await database.query<{ id: string }>('select id from users where username = $1', [
        pilotUser.username,
      ]);
      const attach = (drone: string) =>
        call(h, 'POST', `/api/v1/cases/${caseId}/drones`, {
          cookie: commander,
          body: { droneId: drone, pilotId: me!.id },
        });
      expect((await attach(other.id)).status).toBe(201);
      expect((await lens()).status).toBe(403);

      // Flying this one for the open case: his request reaches the dock (which says nothing is streaming).
      expect((await attach(droneId(sim))).status).toBe(201);
      const allowed = await lens();
      expect(allowed.status).toBe(409);
      expect(allowed.body.error.details.result).toBe(513011);

      // Once the case is closed he may no longer.
      await database.query(`update cases set status = 'closed' where id = $1`, [caseId]);
      expect((await lens()).status).toBe(403);
      expect(await failuresOf('live_lens_change', 'not_their_drone')).toBeGreaterThanOrEqual(3);
    });

    it('refuses a bad lens or quality with 400, and a drone that is no DJI aircraft with 404', async () => {
      const path = `/drones/${droneId(sim)}/video/dji`;
      for (const [method, sub, body] of [
        ['POST', 'start', { lens: 'thermal' }],
        ['POST', 'start', { quality: 5 }],
        ['POST', 'start', { quality: 1.5 }],
        ['POST', 'start', { url: 'rtmp://elsewhere/live' }],
        ['PUT', 'quality', { quality: -1 }],
        ['PUT', 'quality', {}],
        ['PUT', 'lens', { lens: 'infrared' }],
        ['PUT', 'lens', { lens: 'zoom', quality: 2 }],
      ] as const) {
        const r = await api(method, `${path}/${sub}`, commander, body);
        expect(r.status, `${sub} ${JSON.stringify(body)}`).toBe(400);
        expect(r.body.error.code).toBe('bad_request');
      }
      expect(await failuresOf('live_start_push', 'bad_input')).toBeGreaterThanOrEqual(4);
      const plain = await insertDrone(database);
      const r = await api('POST', `/drones/${plain.id}/video/dji/start`, commander, {});
      expect(r.status).toBe(404);
    });
  });
}
