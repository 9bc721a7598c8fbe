import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { djiTopics } from '../dji/dji-topics.ts';
import { DEMO_CENTRE } from './demo-area.ts';
import { createDjiLiveSim, isDjiLiveMethod, liveCapacity, type SimCamera } from './dji-live-sim.ts';
import { findFfmpeg } from './test-pattern-push.ts';

/**
 * A DJI Dock 2 with its aircraft (M3TD), speaking DJI Cloud API as the documentation shows it (Cloud-API-Doc:
 * topic definition, dock device `update_topo`, `config` request, dock and aircraft properties, `hms`,
 * `flighttask_progress`): announces its topology, asks for its configuration, then pushes the dock's OSD in its
 * several parts, the aircraft's OSD at 0.5 Hz (flying a circle near the demo centre), a health warning and the
 * flight task's progress. MQTT 5 when the broker speaks it (Mosquitto), 3.1.1 on the embedded aedes.
 * It reports its `live_capacity` (the aircraft's Matrice 3TD camera, 81-0-0 in DJI's product-support table, and
 * the dock's own camera, 165-0-7) and answers the live-streaming services (dji-live-sim.ts): with ffmpeg on PATH
 * a start really pushes a test pattern to the RTMP URL it was given.
 */
export const DEMO_DOCK_SERIAL = '7CTDM4100BDEMO';
export const DEMO_DOCK_AIRCRAFT_SERIAL = '1581F6Q8D24DEMO1';

export interface DjiGatewaySimOptions {
  url: string;
  username: string;
  password: string;
  protocolVersion: 4 | 5;
  log: Logger;
  /** Interval of the aircraft OSD (DJI pushes it at 0.5 Hz). */
  osdIntervalMs?: number;
  /** Serials other than the demo ones (tests: a dock and aircraft of their own). */
  dockSerial?: string;
  aircraftSerial?: string;
  /** The ffmpeg that pushes live video; default the one on PATH; null: none (starts are refused, 513008). */
  ffmpeg?: string | null;
}

export interface DjiGatewaySim {
  stop(): Promise<void>;
  client: MqttClient;
  dockSerial: string;
  aircraftSerial: string;
}

/** Dock position: 300 m north-east of the demo centre; the aircraft circles 600 m around it. */
const dock = { lon: DEMO_CENTRE[0] + 0.003, lat: DEMO_CENTRE[1] + 0.0027, height: 48.5 };

export async function startDjiGatewaySim(options: DjiGatewaySimOptions): Promise<DjiGatewaySim> {
  const dockSerial = options.dockSerial ?? DEMO_DOCK_SERIAL;
  const aircraftSerial = options.aircraftSerial ?? DEMO_DOCK_AIRCRAFT_SERIAL;
  const log = options.log.child({ module: 'dji-gateway-sim', serial: dockSerial });
  const client = await mqtt.connectAsync(options.url, {
    clientId: `dji-sim-${dockSerial}`,
    username: options.username,
    password: options.password,
    protocolVersion: options.protocolVersion,
    reconnectPeriod: 2000,
  });
  await client.subscribeAsync(
    [
      djiTopics.statusReply(dockSerial),
      djiTopics.requestsReply(dockSerial),
      djiTopics.eventsReply(dockSerial),
      djiTopics.services(dockSerial),
    ],
    { qos: 1 },
  );
  const envelope = (method: string | undefined, data: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      tid: randomUUID(),
      bid: randomUUID(),
      timestamp: Date.now(),
      gateway: dockSerial,
      ...(method ? { method } : {}),
      data,
      ...extra,
    });
  const send = (topic: string, body: string) =>
    client.publishAsync(topic, body, { qos: 1 }).catch((err: unknown) => log.warn({ err, topic }, 'publish failed'));

  const topologyAnswered = new Promise<void>((resolve) =>
    client.on('message', (topic) => {
      if (topic === djiTopics.statusReply(dockSerial)) resolve();
    }),
  );
  await send(
    djiTopics.status(dockSerial),
    envelope('update_topo', {
      domain: '3',
      type: 2,
      sub_type: 0,
      device_secret: 'secret',
      nonce: 'nonce',
      thing_version: '1.1.2',
      sub_devices: [
        {
          sn: aircraftSerial,
          domain: '0',
          type: 91,
          sub_type: 1,
          index: 'A',
          device_secret: 'secret',
          nonce: 'nonce',
          thing_version: '1.1.2',
        },
      ],
    }),
  );
  await Promise.race([topologyAnswered, new Promise((r) => setTimeout(r, 10_000))]);
  await send(djiTopics.requests(dockSerial), envelope('config', { config_scope: 'product', config_type: 'json' }));

  const cameras: SimCamera[] = [
    {
      sn: aircraftSerial,
      cameraIndex: '81-0-0',
      videoIndex: 'normal-0',
      videoType: 'normal',
      switchable: ['normal', 'wide', 'zoom', 'ir'],
    },
    { sn: dockSerial, cameraIndex: '165-0-7', videoIndex: 'normal-0', videoType: 'normal', switchable: ['normal'] },
  ];
  const ffmpeg = options.ffmpeg === null ? undefined : (options.ffmpeg ?? findFfmpeg());
  if (!ffmpeg) log.info('ffmpeg is not on PATH: live_start_push will be refused (513008)');
  const live = createDjiLiveSim({
    cameras,
    ffmpeg,
    log,
    changed: (liveStatus) => void send(djiTopics.state(dockSerial), envelope(undefined, { live_status: liveStatus })),
  });
  // DJI pushes live_capacity (and live_status) on the gateway's state topic when they change: here, once at start.
  await send(
    djiTopics.state(dockSerial),
    envelope(undefined, { live_capacity: liveCapacity(cameras), live_status: live.liveStatus() }),
  );
  client.on('message', (topic, payload) => {
    if (topic !== djiTopics.services(dockSerial)) return;
    let request: { tid?: unknown; bid?: unknown; method?: unknown; data?: unknown };
    try {
      request = JSON.parse(payload.toString()) as typeof request;
    } catch {
      log.warn('services request is not JSON');
      return;
    }
    const { method } = request;
    if (!isDjiLiveMethod(method)) {
      log.info({ method }, 'services method not simulated: no answer');
      return;
    }
    const data = typeof request.data === 'object' && request.data !== null ? request.data : {};
    void live
      .handle(method, data as Record<string, unknown>)
      .then((result) => {
        log.info({ method, result }, 'live service answered');
        return send(
          djiTopics.servicesReply(dockSerial),
          JSON.stringify({
            tid: request.tid,
            bid: request.bid,
            timestamp: Date.now(),
            gateway: dockSerial,
            method,
            data: { result },
          }),
        );
      })
      .catch((err: unknown) => log.error({ err, method }, 'live service failed'));
  });

  let tick = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    tick++;
    const a = ((Date.now() - started) / 120_000) * 2 * Math.PI;
    const metresPerDegLat = 111_320;
    const lat = dock.lat + (600 * Math.sin(a)) / metresPerDegLat;
    const lon = dock.lon + (600 * Math.cos(a)) / (metresPerDegLat * Math.cos((dock.lat * Math.PI) / 180));
    const head = (((((a * 180) / Math.PI + 180) % 360) + 360) % 360) - 180;
    void send(
      djiTopics.osd(aircraftSerial),
      envelope(undefined, {
        latitude: lat,
        longitude: lon,
        height: dock.height + 80,
        elevation: 80,
        attitude_head: Math.round(head),
        horizontal_speed: 5.2,
        vertical_speed: 0,
        mode_code: 5,
        battery: { capacity_percent: Math.max(20, 95 - Math.floor(tick / 30)), remain_flight_time: 1500 },
      }),
    );
    // The dock's OSD comes in parts: position and environment, then job counters, then link and task step.
    const part = tick % 3;
    void send(
      djiTopics.osd(dockSerial),
      envelope(
        undefined,
        part === 0
          ? {
              latitude: dock.lat,
              longitude: dock.lon,
              height: dock.height,
              heading: 0,
              mode_code: 4,
              cover_state: 1,
              drone_in_dock: 0,
              rainfall: 0,
              wind_speed: 3.1,
              environment_temperature: 21,
              temperature: 24.9,
              humidity: 62,
              network_state: { type: 2, quality: 4, rate: 5.1 },
            }
          : part === 1
            ? { job_number: 492, acc_time: 1859010, electric_supply_voltage: 231, working_voltage: 25440 }
            : { flighttask_step_code: 5, wireless_link: { sdr_quality: 5, '4g_quality': 4, link_workmode: 1 } },
      ),
    );
    if (tick % 5 === 0)
      void send(
        djiTopics.events(dockSerial),
        envelope(
          'flighttask_progress',
          {
            result: 0,
            output: {
              status: 'in_progress',
              progress: { current_step: 24, percent: Math.min(99, tick % 100) },
              ext: {
                current_waypoint_index: Math.floor(tick / 5) % 12,
                wayline_mission_state: 6,
                flight_id: 'demo-flight',
              },
            },
          },
          { need_reply: 1 },
        ),
      );
    if (tick % 30 === 1)
      void send(
        djiTopics.events(dockSerial),
        envelope(
          'hms',
          {
            list: [
              {
                level: 2,
                module: 3,
                in_the_sky: 1,
                code: '0x16100083',
                device_type: '0-91-1',
                imminent: 1,
                args: { component_index: 0, sensor_index: 0 },
              },
            ],
          },
          { need_reply: 1 },
        ),
      );
  }, options.osdIntervalMs ?? 2000);

  log.info('DJI demo dock online');
  return {
    client,
    dockSerial,
    aircraftSerial,
    async stop() {
      clearInterval(timer);
      await live.stop();
      await client.endAsync();
    },
  };
}
