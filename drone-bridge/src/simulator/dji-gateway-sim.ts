import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { djiTopics } from '../dji/dji-topics.ts';
import { DEMO_CENTRE } from './demo-area.ts';

/**
 * A DJI Dock 2 with its aircraft (M3TD), speaking DJI Cloud API as the documentation shows it (Cloud-API-Doc:
 * topic definition, dock device `update_topo`, `config` request, dock and aircraft properties, `hms`,
 * `flighttask_progress`): announces its topology, asks for its configuration, then pushes the dock's OSD in its
 * several parts, the aircraft's OSD at 0.5 Hz (flying a circle near the demo centre), a health warning and the
 * flight task's progress. MQTT 5 when the broker speaks it (Mosquitto), 3.1.1 on the embedded aedes.
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
}

export interface DjiGatewaySim {
  stop(): Promise<void>;
  client: MqttClient;
}

/** Dock position: 300 m north-east of the demo centre; the aircraft circles 600 m around it. */
const dock = { lon: DEMO_CENTRE[0] + 0.003, lat: DEMO_CENTRE[1] + 0.0027, height: 48.5 };

export async function startDjiGatewaySim(options: DjiGatewaySimOptions): Promise<DjiGatewaySim> {
  const log = options.log.child({ module: 'dji-gateway-sim', serial: DEMO_DOCK_SERIAL });
  const client = await mqtt.connectAsync(options.url, {
    clientId: `dji-sim-${DEMO_DOCK_SERIAL}`,
    username: options.username,
    password: options.password,
    protocolVersion: options.protocolVersion,
    reconnectPeriod: 2000,
  });
  await client.subscribeAsync(
    [
      djiTopics.statusReply(DEMO_DOCK_SERIAL),
      djiTopics.requestsReply(DEMO_DOCK_SERIAL),
      djiTopics.eventsReply(DEMO_DOCK_SERIAL),
      djiTopics.services(DEMO_DOCK_SERIAL),
    ],
    { qos: 1 },
  );
  const envelope = (method: string | undefined, data: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      tid: randomUUID(),
      bid: randomUUID(),
      timestamp: Date.now(),
      gateway: DEMO_DOCK_SERIAL,
      ...(method ? { method } : {}),
      data,
      ...extra,
    });
  const send = (topic: string, body: string) =>
    client.publishAsync(topic, body, { qos: 1 }).catch((err: unknown) => log.warn({ err, topic }, 'publish failed'));

  const topologyAnswered = new Promise<void>((resolve) =>
    client.on('message', (topic) => {
      if (topic === djiTopics.statusReply(DEMO_DOCK_SERIAL)) resolve();
    }),
  );
  await send(
    djiTopics.status(DEMO_DOCK_SERIAL),
    envelope('update_topo', {
      domain: '3',
      type: 2,
      sub_type: 0,
      device_secret: 'secret',
      nonce: 'nonce',
      thing_version: '1.1.2',
      sub_devices: [
        {
          sn: DEMO_DOCK_AIRCRAFT_SERIAL,
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
  await send(
    djiTopics.requests(DEMO_DOCK_SERIAL),
    envelope('config', { config_scope: 'product', config_type: 'json' }),
  );

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
      djiTopics.osd(DEMO_DOCK_AIRCRAFT_SERIAL),
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
      djiTopics.osd(DEMO_DOCK_SERIAL),
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
        djiTopics.events(DEMO_DOCK_SERIAL),
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
        djiTopics.events(DEMO_DOCK_SERIAL),
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
    async stop() {
      clearInterval(timer);
      await client.endAsync();
    },
  };
}
