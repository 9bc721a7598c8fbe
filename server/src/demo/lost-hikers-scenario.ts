import { createHash } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { Database } from '@lookout/db';
import { demoMissions, ensureDemoDrones, topics } from '@lookout/drone-bridge';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { CaseServices } from '../cases/case-module.ts';
import { createUsersRepo } from '../users/users.repo.ts';

/**
 * The demo story on `npm start` (DEMO): three hikers lost near 三渡溪水库 on 笔架山. The case is opened with
 * its IPP, the caller's phone sends one rough ±80 m fix through the location link, a drone arrives and marks
 * three people ~120 m from that fix, Lookout matches them, the commander's officer is sent to the match and
 * walks up the hill. The commander joins the demo's drones to the case, so what their cameras cover shows at once. Minutes are compressed to tens of seconds. Restarting does not open a second case: the
 * steps already in the case's log are skipped, and the sighting keeps one reading id (the bridge drops repeats).
 */
export const DEMO_CASE_TITLE = '笔架山 三渡溪水库 三名驴友走失';
export const DEMO_IPP = { lon: 120.07, lat: 28.95 };
/** The caller's single rough fix, and where the drone sees the three hikers (~120 m east-north-east). */
export const DEMO_CALLER_FIX = { lon: 120.0712, lat: 28.9508, accuracy: 80 };
export const DEMO_SIGHTING = offset(DEMO_CALLER_FIX, 110, 45);
/** Where the officer starts walking: the trail by the reservoir, ~850 m below the hikers. */
const TRAILHEAD = offset(DEMO_CALLER_FIX, -600, -600);
export const SCENARIO_DRONE = { id: 'demo-yingyan-s', callsign: '鹰眼-S' };

export interface ScenarioOptions {
  database: Database;
  services: CaseServices;
  /** Broker URL without credentials (the scenario drone logs in with its own, like any drone). */
  mqttUrl: string;
  dataDir: string;
  /** The server's own URL (for the location link's text). */
  baseUrl: string;
  log: Logger;
  /** Time scale: 1 = the compressed demo pace; tests make it faster. */
  speedup?: number;
}

/** [eastM, northM] from a point (small distances). */
function offset(p: { lon: number; lat: number }, eastM: number, northM: number) {
  return { lon: p.lon + eastM / (111_320 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat + northM / 110_574 };
}

/** A fixed UUID per case and purpose, so a restart republishes the same reading. */
function stableUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const metresBetween = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => {
  const dx = (b.lon - a.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  const dy = (b.lat - a.lat) * 110_574;
  return Math.hypot(dx, dy);
};

export function startLostHikersScenario(o: ScenarioOptions): { stop(): Promise<void>; done: Promise<void> } {
  const log = o.log.child({ module: 'demo-scenario' });
  const scale = o.speedup ?? 1;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  let client: MqttClient | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms / scale);
      timers.add(t);
    });
  const { services } = o;

  async function user(username: string): Promise<SessionUser | undefined> {
    const row = await createUsersRepo(o.database).findByUsername(username);
    return row && !row.disabled
      ? { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles }
      : undefined;
  }

  async function droneClient(): Promise<MqttClient> {
    const [creds] = await ensureDemoDrones(o.database, o.dataDir, [SCENARIO_DRONE], log);
    const c = mqtt.connect(o.mqttUrl, {
      clientId: creds!.id,
      username: creds!.id,
      password: creds!.password,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 1_000,
    });
    await new Promise<void>((resolve, reject) => {
      c.once('connect', () => resolve());
      c.once('error', reject);
    });
    await c.subscribeAsync(topics.acks(creds!.id), { qos: 1 });
    return c;
  }

  async function fly(
    c: MqttClient,
    from: { lon: number; lat: number },
    to: { lon: number; lat: number },
    seq: { n: number },
  ) {
    const steps = Math.max(1, Math.round(metresBetween(from, to) / 24));
    for (let i = 0; i <= steps && !stopped; i++) {
      const f = i / steps;
      publishFix(c, { lon: from.lon + (to.lon - from.lon) * f, lat: from.lat + (to.lat - from.lat) * f }, seq);
      await sleep(2_000);
    }
  }

  function publishFix(c: MqttClient, p: { lon: number; lat: number }, seq: { n: number }) {
    const fix = {
      v: 1,
      id: stableUuid(SCENARIO_DRONE.id, 'fix', String(Date.now()), String(seq.n)),
      seq: seq.n++,
      t: new Date().toISOString(),
      src: 'sim',
      lon: p.lon,
      lat: p.lat,
      altRel: 60,
      altMsl: 420,
      hdg: 45,
      gs: 0,
      bat: 71,
    };
    c.publish(topics.telemetry(SCENARIO_DRONE.id), JSON.stringify(fix), { qos: 1 });
  }

  /** Publish the sighting until the bridge acknowledges it (= committed). */
  async function publishSighting(c: MqttClient, caseId: string): Promise<void> {
    const id = stableUuid(caseId, 'sighting');
    const acked = new Promise<void>((resolve) => {
      c.on('message', (_topic, payload) => {
        if (String(payload).includes(id)) resolve();
      });
    });
    const body = JSON.stringify({
      v: 1,
      id,
      t: new Date().toISOString(),
      lon: DEMO_SIGHTING.lon,
      lat: DEMO_SIGHTING.lat,
      uncM: 15,
      conf: 0.8,
      kind: 'group',
      count: 3,
      note: '三人，一人穿红色冲锋衣，在山脊小路旁挥手',
    });
    for (let i = 0; i < 10 && !stopped; i++) {
      c.publish(topics.sightings(SCENARIO_DRONE.id), body, { qos: 1 });
      const ok = await Promise.race([acked.then(() => true), sleep(3_000).then(() => false)]);
      if (ok) return;
    }
  }

  async function walk(officer: SessionUser, target: { lon: number; lat: number }) {
    const unit = await services.units.unitOf(officer);
    let here = TRAILHEAD;
    let n = 0;
    while (!stopped) {
      const d = metresBetween(here, target);
      if (d < 25) break;
      const step = Math.min(12, d - 20);
      const f = step / d;
      here = { lon: here.lon + (target.lon - here.lon) * f, lat: here.lat + (target.lat - here.lat) * f };
      await services.units.addPositions(officer, {
        positions: [
          {
            lon: here.lon,
            lat: here.lat,
            accuracy: 6,
            t: new Date().toISOString(),
            idempotencyKey: stableUuid(unit.id, 'walk', String(Date.now()), String(n++)),
          },
        ],
      });
      await sleep(2_000);
    }
    log.info('demo officer is near the hikers: tap 到达 and 找到 on the officer view');
  }

  /** The scenario's drone and the simulator's search drones on the case (again on a restart: a no-op). */
  async function attachDemoDrones(caseId: string, commander: SessionUser): Promise<void> {
    const [scenarioDrone] = await ensureDemoDrones(o.database, o.dataDir, [SCENARIO_DRONE], log);
    for (const droneId of [scenarioDrone!.id, ...demoMissions().map((m) => m.id)]) {
      try {
        await services.pilot.attach(caseId, { droneId }, commander);
      } catch (err) {
        // A simulator drone that is not there (the simulator off) is not the story's concern.
        log.debug({ err, droneId }, 'demo drone not attached');
      }
    }
  }

  async function run(): Promise<void> {
    const commander = await user('commander');
    const officer = await user('officer');
    if (!commander || !officer) {
      log.info('demo accounts missing: the lost-hikers scenario does not run');
      return;
    }
    const existing = await services.cases.list('open', commander);
    let caseId = existing.cases.find((c) => c.title === DEMO_CASE_TITLE)?.id;
    if (!caseId) {
      const opened = await services.cases.open(
        {
          kind: 'lost_person',
          title: DEMO_CASE_TITLE,
          description: '报警人称三人在笔架山三渡溪水库上方迷路，手机电量低，信号弱，说不清位置。',
          reporterPhone: '13800005678',
          subjectCount: 3,
          subjectCategory: 'hiker',
          terrain: 'temperate_mountain',
          ipp: { ...DEMO_IPP, datum: 'wgs84' },
        },
        commander,
      );
      caseId = opened.id;
      log.info({ caseId }, 'demo case opened');
    }
    const detail = () => services.cases.detail(caseId, commander);
    await attachDemoDrones(caseId, commander);
    let d = await detail();

    // The caller's phone: one rough fix through the location link the duty commander sends (the officer is not on
    // the case until he is dispatched, so he may not), then the battery dies.
    if (!d.callerLocations.features.length) {
      await sleep(8_000);
      const link = await services.locationLinks.create(caseId, { phone: '13800005678' }, commander, o.baseUrl);
      const token = link.url.slice(link.url.lastIndexOf('/') + 1);
      await services.locationLinks.locate(
        token,
        {
          lon: DEMO_CALLER_FIX.lon,
          lat: DEMO_CALLER_FIX.lat,
          accuracy: DEMO_CALLER_FIX.accuracy,
          // Compressed time: the fix is dated so that the sighting comes "4 minutes later".
          t: new Date(Date.now() - 210_000).toISOString(),
          battery: 0.04,
          idempotencyKey: stableUuid(caseId, 'caller-fix'),
        },
        '127.0.0.1',
      );
      log.info({ caseId }, 'demo caller fix stored (±80 m)');
    }

    const walking = walk(officer, DEMO_SIGHTING);
    // The drone arrives over the ridge and marks three people.
    client = await droneClient();
    const seq = { n: 1 };
    await fly(client, offset(DEMO_SIGHTING, -300, -180), DEMO_SIGHTING, seq);
    if (stopped) return;
    await publishSighting(client, caseId);
    log.info({ caseId }, 'demo sighting published by 鹰眼-S');
    const hover = setInterval(() => publishFix(client!, DEMO_SIGHTING, seq), 3_000 / scale);
    timers.add(hover as unknown as NodeJS.Timeout);

    // Lookout matches it (from the live feed); the commander sends the officer already walking up.
    for (let i = 0; i < 40 && !stopped; i++) {
      d = await detail();
      if (d.matches.length) break;
      await sleep(500);
    }
    const best = d.matches[0];
    if (best && !d.assignments.length) {
      const unit = await services.units.unitOf(officer);
      const a = await services.assignments.create(
        caseId,
        { unitId: unit.id, target: { kind: 'match', ref: best.id } },
        commander,
      );
      await services.assignments.setStatus(a.id, { status: 'en_route', idempotencyKey: 'demo-en-route' }, officer);
      log.info({ caseId, match: best.reason.zh }, 'demo officer dispatched to the best match');
    }
    await walking;
  }

  const done = run().catch((err: unknown) => {
    if (!stopped) log.warn({ err }, 'the lost-hikers scenario stopped');
  });
  return {
    done,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      for (const t of timers) clearInterval(t);
      await client?.endAsync().catch(() => undefined);
    },
  };
}
