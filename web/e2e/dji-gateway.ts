/**
 * A DJI gateway (a dock or Pilot 2's remote controller) for browser tests: it logs in to Lookout's broker with a
 * fresh pilot's DJI credentials (POST /dji/connect) and announces one aircraft (`update_topo`), as the real ones do.
 */
import { randomUUID } from 'node:crypto';
import { djiDroneId, djiTopics } from '@lookout/drone-bridge';
import mqtt, { type MqttClient } from 'mqtt';
import { expect } from 'vitest';
import type { E2eLookout } from './e2e-lookout.ts';

export interface TestGateway {
  serial: string;
  aircraft: string;
  droneId: string;
  /** The callsign the bridge gave the aircraft (model + last four of its serial). */
  callsign: string;
  /** Publish on one of the gateway's topics and, when `need_reply`, wait for the reply with its tid. */
  send(topic: string, replyTopic: string | null, method: string | undefined, data: unknown): Promise<void>;
  close(): Promise<void>;
}

const serial = (prefix: string) => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`;

/** A fresh pilot's gateway (an M3TD aircraft under it), past `update_topo`. */
export async function djiGateway(e2e: E2eLookout): Promise<TestGateway> {
  const admin = await e2e.api('admin');
  const pilot = { username: `pilot-${randomUUID().slice(0, 8)}`, password: `pw-${randomUUID()}`, role: 'pilot' };
  const made = await admin('POST', '/users', { username: pilot.username, password: pilot.password, roles: ['pilot'] });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const connect = await (
    await e2e.api(pilot)
  )<{ mqtt: { url: string; username: string; password: string } }>('POST', '/dji/connect', {});
  expect(connect.status, JSON.stringify(connect.body)).toBe(200);
  const gw = serial('E2ERC');
  const aircraft = serial('E2EAC');
  // DJI's `tcp://` form of the broker URL; mqtt.js speaks it as mqtt://.
  const client: MqttClient = await mqtt.connectAsync(connect.body.mqtt.url.replace(/^tcp:/, 'mqtt:'), {
    clientId: gw,
    username: connect.body.mqtt.username,
    password: connect.body.mqtt.password,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  const replies: Record<string, unknown>[] = [];
  client.on('message', (_topic, payload) => {
    try {
      replies.push(JSON.parse(payload.toString()) as Record<string, unknown>);
    } catch {
      // Not ours to judge here.
    }
  });
  await client.subscribeAsync([djiTopics.statusReply(gw), djiTopics.eventsReply(gw)], { qos: 1 });
  const send: TestGateway['send'] = async (topic, replyTopic, method, data) => {
    const tid = randomUUID();
    const body = {
      tid,
      bid: randomUUID(),
      timestamp: Date.now(),
      gateway: gw,
      ...(method ? { method } : {}),
      ...(replyTopic ? { need_reply: 1 } : {}),
      data,
    };
    await client.publishAsync(topic, JSON.stringify(body), { qos: 1 });
    if (replyTopic) await expect.poll(() => replies.some((r) => r.tid === tid), { timeout: 60_000 }).toBe(true);
  };
  const topology = () =>
    send(djiTopics.status(gw), djiTopics.statusReply(gw), 'update_topo', {
      domain: '2',
      type: 144,
      sub_type: 0,
      sub_devices: [{ sn: aircraft, domain: '0', type: 91, sub_type: 1, index: 'A' }],
    });
  await topology();
  const droneId = djiDroneId(aircraft);
  let callsign = '';
  await expect
    .poll(
      async () => {
        const r = await admin<{ drones: { id: string; callsign: string }[] }>('GET', '/drones');
        callsign = r.body.drones.find((d) => d.id === droneId)?.callsign ?? '';
        return callsign;
      },
      { timeout: 60_000 },
    )
    .toMatch(/^M3TD-/);
  return { serial: gw, aircraft, droneId, callsign, send, close: () => client.endAsync() };
}
