import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';

/**
 * An admin client of Mosquitto's dynamic-security plugin (https://mosquitto.org/documentation/dynamic-security/):
 * commands are published as `{"commands":[…]}` on `$CONTROL/dynamic-security/v1` and answered, in order, on
 * `…/v1/response`, each echoing the `correlationData` it was sent with.
 */
export const DYNSEC_TOPIC = '$CONTROL/dynamic-security/v1';

export interface DynsecCommand {
  command: string;
  [field: string]: unknown;
}

export interface DynsecResponse {
  command: string;
  error?: string;
  data?: Record<string, unknown>;
  correlationData?: string;
}

export interface DynsecClient {
  /** Run commands in one message; resolves with their responses in the same order. */
  run(commands: DynsecCommand[], timeoutMs?: number): Promise<DynsecResponse[]>;
  /** Called on every (re)connect: the broker may have restarted with other state. */
  onConnect(listener: () => void): void;
  close(): Promise<void>;
}

export async function connectDynsec(options: {
  url: string;
  username: string;
  password: string;
  clientId: string;
}): Promise<DynsecClient> {
  const client: MqttClient = await mqtt.connectAsync(options.url, {
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    protocolVersion: 5,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    resubscribe: true,
  });
  client.on('error', () => undefined);
  const waiting = new Map<string, (r: DynsecResponse) => void>();
  client.on('message', (topic, payload) => {
    if (topic !== `${DYNSEC_TOPIC}/response`) return;
    let body: { responses?: DynsecResponse[] };
    try {
      body = JSON.parse(payload.toString()) as { responses?: DynsecResponse[] };
    } catch {
      return;
    }
    for (const r of body.responses ?? []) {
      const done = r.correlationData === undefined ? undefined : waiting.get(r.correlationData);
      if (done) {
        waiting.delete(r.correlationData!);
        done(r);
      }
    }
  });
  const granted = await client.subscribeAsync(`${DYNSEC_TOPIC}/response`, { qos: 1 });
  if (granted.some((g) => g.qos > 2)) {
    await client.endAsync(true);
    throw new Error(`${options.username} may not use the dynamic-security plugin (is it loaded, is he its admin?)`);
  }
  const listeners: (() => void)[] = [];
  client.on('connect', () => listeners.forEach((l) => l()));

  return {
    async run(commands, timeoutMs = 10_000) {
      const tagged = commands.map((c) => ({ ...c, correlationData: randomUUID() }));
      const answers = tagged.map(
        (c) => new Promise<DynsecResponse>((resolve) => waiting.set(c.correlationData, resolve)),
      );
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the dynamic-security plugin did not answer')), timeoutMs);
      });
      try {
        await client.publishAsync(DYNSEC_TOPIC, JSON.stringify({ commands: tagged }), { qos: 1 });
        return await Promise.race([Promise.all(answers), timeout]);
      } finally {
        clearTimeout(timer);
        for (const c of tagged) waiting.delete(c.correlationData);
      }
    },
    onConnect(listener) {
      listeners.push(listener);
    },
    async close() {
      await client.endAsync();
    },
  };
}
