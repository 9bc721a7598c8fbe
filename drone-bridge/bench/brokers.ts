import { generatePassword, hashDroneSecret } from '../src/credentials.ts';
import { mosquittoAcl } from '../src/mosquitto/auth-files.ts';
import { startTestMosquitto } from '../src/testing/mosquitto.ts';
import { writeFile } from 'node:fs/promises';

export interface RunningBroker {
  url: string;
  bridgeUser: { username: string; password: string };
  /** Set for an external broker process (its CPU is measured from /proc). */
  pid: number | undefined;
  close(): Promise<void>;
}

/**
 * A real Mosquitto with the project's config (drone-bridge/mosquitto/lookout.conf: passwords, ACL, unlimited
 * queues and in-flight window) on a free port, knowing the bench drones and a bridge user.
 */
export async function startBenchMosquitto(drones: readonly { id: string; hash: string }[]): Promise<RunningBroker> {
  const bridgeUser = {
    username: 'bench-bridge',
    password: generatePassword(24),
  };
  const bridgeHash = await hashDroneSecret(bridgeUser.password);
  const m = await startTestMosquitto({
    async writeAuth({ passwordFile, aclFile }) {
      const lines = [...drones.map((d) => `${d.id}:${d.hash}`), `${bridgeUser.username}:${bridgeHash}`];
      await writeFile(passwordFile, `${lines.join('\n')}\n`, { mode: 0o600 });
      await writeFile(aclFile, mosquittoAcl(bridgeUser.username));
    },
  });
  return { url: m.url, bridgeUser, pid: undefined, close: () => m.dispose() };
}
