import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { djiTopics } from '../dji/dji-topics.ts';

/**
 * A DJI gateway (a remote controller, type 144) announcing its aircraft (type 67) with `update_topo`, as DJI's
 * documentation has it, and the platform's `status_reply` to it. Throws when no reply comes in time.
 */
export async function announceTopology(
  client: MqttClient,
  gateway: string,
  aircraft: string,
  options: { timeoutMs?: number; publish?: (topic: string, body: unknown) => Promise<void> } = {},
): Promise<{ tid: string; reply: Record<string, unknown> }> {
  const tid = randomUUID();
  let onMessage: ((topic: string, payload: Buffer) => void) | undefined;
  const replied = new Promise<Record<string, unknown>>((resolve) => {
    onMessage = (topic, payload) => {
      if (topic !== djiTopics.statusReply(gateway)) return;
      const body = JSON.parse(payload.toString()) as Record<string, unknown>;
      if (body.tid === tid) resolve(body);
    };
    client.on('message', onMessage);
  });
  await client.subscribeAsync(djiTopics.statusReply(gateway), { qos: 1 });
  const topology = {
    tid,
    bid: randomUUID(),
    timestamp: Date.now(),
    method: 'update_topo',
    data: {
      domain: '2',
      type: 144,
      sub_type: 0,
      sub_devices: [{ sn: aircraft, domain: '0', type: 67, sub_type: 1, index: 'A' }],
    },
  };
  const publish =
    options.publish ??
    (async (topic: string, body: unknown) => {
      await client.publishAsync(topic, JSON.stringify(body), { qos: 1 });
    });
  await publish(djiTopics.status(gateway), topology);
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = await Promise.race([
      replied,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no status_reply to update_topo')), options.timeoutMs ?? 15_000);
      }),
    ]);
    return { tid, reply };
  } finally {
    clearTimeout(timer);
    if (onMessage) client.off('message', onMessage);
  }
}
