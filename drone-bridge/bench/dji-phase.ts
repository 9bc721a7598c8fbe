import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import { decodeMessage } from '../src/decoders/index.ts';
import { applyTopology } from '../src/dji/dji.repo.ts';
import { djiDroneId, djiTopics } from '../src/dji/dji-topics.ts';
import { createIngestRepo } from '../src/ingest/ingest.repo.ts';
import { createIngestPipeline } from '../src/ingest/pipeline.ts';
import { createBridgeMetrics } from '../src/metrics.ts';
import { topics } from '../src/topics.ts';
import { fmt } from './lib.ts';

/**
 * `--source dji`: fixes/s through the DJI decoder (thing/product/{sn}/osd envelopes, resolved to aircraft of
 * a stored topology at commit) and the bridge's pipeline into the database, against the Lookout v1 JSON path
 * through the same pipeline in the same run. Both skip the broker (its share is what bench:ingest's v1 run
 * measures), so the ratio is the decoder's and the commit's cost alone.
 */
export async function runDjiPhase(
  database: Database,
  options: { aircraft: number; fixes: number; log: Logger; out: (line: string) => void },
): Promise<{ djiRate: number; v1Rate: number; committed: number; sent: number }> {
  const { out, log } = options;
  const runId = randomUUID().slice(0, 8).toUpperCase();
  const gateway = `BENCHGW${runId}`;
  const serials = Array.from({ length: options.aircraft }, (_, i) => `BENCHAC${runId}${i}`);
  const v1Ids = serials.map((_, i) => `bench-v1-${runId}-${i}`);
  // A gateway bound to a bench user, with the aircraft as its sub-devices (the topology path itself).
  const [user] = await database.query<{ id: string }>(
    `insert into users (username, display_name, password_hash, roles) values ($1, $1, 'x', '{pilot}') returning id`,
    [`bench-dji-${runId}`],
  );
  await database.query(`insert into dji_devices (serial, role, user_id) values ($1, 'gateway', $2)`, [
    gateway,
    user!.id,
  ]);
  await database.query('begin');
  try {
    await applyTopology((text, params) => database.query(text, params), {
      kind: 'dji-topology',
      gateway,
      t: Date.now(),
      product: { domain: '3', type: 2, subType: 0 },
      subDevices: serials.map((serial) => ({ serial, domain: '0', type: 91, subType: 1 })),
    });
    await database.query('commit');
  } catch (err) {
    await database.query('rollback');
    throw err;
  }
  await database.query(
    `insert into drones (id, callsign, credential_hash) select id, id, '!bench' from unnest($1::text[]) as id`,
    [v1Ids],
  );

  const perAircraft = Math.ceil(options.fixes / options.aircraft);
  const start = Date.now() - perAircraft * 1000 - 60_000;
  const djiMessages = serials.flatMap((sn) =>
    Array.from({ length: perAircraft }, (_, k) => ({
      topic: djiTopics.osd(sn),
      payload: Buffer.from(
        JSON.stringify({
          tid: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxx',
          bid: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxx',
          timestamp: start + k * 1000,
          gateway,
          data: {
            latitude: 28.95 + k * 1e-6,
            longitude: 120.07,
            height: 150.2,
            elevation: 100,
            attitude_head: -45,
            horizontal_speed: 6,
            vertical_speed: 0,
            battery: { capacity_percent: 80 },
          },
        }),
      ),
    })),
  );
  const v1Messages = v1Ids.flatMap((id) =>
    Array.from({ length: perAircraft }, (_, k) => ({
      topic: topics.telemetry(id),
      payload: Buffer.from(
        JSON.stringify({
          v: 1,
          id: uuidv7(),
          t: new Date(start + k * 1000).toISOString(),
          src: 'sim',
          lon: 120.07,
          lat: 28.95 + k * 1e-6,
          altMsl: 141.4,
          altRel: 100,
          hdg: 315,
          gs: 6,
          vs: 0,
          bat: 80,
        }),
      ),
    })),
  );

  async function through(label: string, messages: { topic: string; payload: Buffer }[]): Promise<number> {
    const pipeline = createIngestPipeline({
      repo: createIngestRepo(database),
      metrics: createBridgeMetrics(new Registry()),
      log,
    });
    const t0 = performance.now();
    for (const m of messages) {
      const now = Date.now();
      pipeline.push({
        topic: m.topic,
        payload: m.payload,
        receivedAt: now,
        decoded: decodeMessage(m.topic, m.payload, { now }),
        ack: () => undefined,
      });
      // Let commits run while messages arrive, as on a socket.
      if (pipeline.pending >= 4000) await pipeline.flush();
    }
    await pipeline.close();
    const seconds = (performance.now() - t0) / 1000;
    const rate = pipeline.stats.fixesInserted / seconds;
    out(
      `  ${label}: ${pipeline.stats.fixesInserted}/${messages.length} fixes committed in ${fmt(seconds, 2)} s = ${fmt(rate)} fixes/s, rejected ${pipeline.stats.rejected}`,
    );
    return rate;
  }

  const v1Rate = await through('v1 JSON  → pipeline → database', v1Messages);
  const djiRate = await through('DJI OSD  → pipeline → database', djiMessages);
  const [{ n } = { n: 0 }] = await database.query<{ n: number }>(
    'select count(*)::int as n from fixes where drone_id = any($1::text[])',
    [serials.map(djiDroneId)],
  );

  const aircraftIds = serials.map(djiDroneId);
  const all = [...aircraftIds, ...v1Ids];
  await database.query('delete from drone_state where drone_id = any($1::text[])', [all]);
  await database.query('delete from fixes where drone_id = any($1::text[])', [all]);
  await database.query('delete from dji_devices where serial = any($1::text[]) or serial = $2', [serials, gateway]);
  await database.query('delete from drones where id = any($1::text[])', [all]);
  await database.query('delete from users where id = $1', [user!.id]);
  return { djiRate, v1Rate, committed: n, sent: djiMessages.length };
}
