import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { djiPilotTopics, djiSerialsOf } from '../dji/dji-access.ts';
import { activeDjiPilotCredentials, djiPilotCredentialsIssued, loadDjiAccess } from '../dji/dji-access.repo.ts';
import { connectDynsec, type DynsecClient } from './dynsec-client.ts';
import { planDynsec, type DynsecPilot, type DynsecState } from './dynsec-plan.ts';

/**
 * Keeps a Mosquitto's dynamic-security plugin in step with the DJI bindings and pilot credentials in the database,
 * for a bridge that does not own its broker (a station's own Mosquitto and `npm run start:bridge`). It syncs at
 * once when this bridge stored a topology that bound devices, and every `intervalMs` otherwise, which picks up
 * what other processes changed: another bridge's topology, an admin's `lookout dji-rebind`, credentials the
 * server issued or revoked. A sync only talks to the broker when the wanted state changed, or after the admin
 * connection came back (the broker may have restarted). A server with the same admin creates a pilot's client
 * with his password when it issues his credentials (dynsec-issue.ts); the sync owns roles, ACLs and deletions.
 */
export interface DynsecSync {
  /** Bring the plugin in step now; resolves when the broker has answered. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export async function desiredDynsecPilots(database: Database): Promise<DynsecPilot[]> {
  const [access, creds] = await Promise.all([loadDjiAccess(database), activeDjiPilotCredentials(database)]);
  return creds.map((c) => ({ username: c.mqttUsername, topics: djiPilotTopics(djiSerialsOf(access, c.userId)) }));
}

export async function startDynsecSync(options: {
  database: Database;
  url: string;
  admin: { username: string; password: string };
  clientId: string;
  log: Logger;
  intervalMs?: number;
}): Promise<DynsecSync> {
  const log = options.log.child({ module: 'dynsec-sync' });
  const client: DynsecClient = await connectDynsec({ url: options.url, ...options.admin, clientId: options.clientId });
  let applied: string | undefined;
  let chain = Promise.resolve();

  /**
   * The wanted state, and a key that changes with it. Credentials issued since the last pass change the key even
   * when they are revoked again: the server may have created their client in the plugin meanwhile
   * (dynsec-issue.ts), and only a full pass deletes it.
   */
  async function wanted(): Promise<{ desired: DynsecPilot[]; key: string }> {
    const [desired, issued] = await Promise.all([
      desiredDynsecPilots(options.database),
      djiPilotCredentialsIssued(options.database),
    ]);
    return { desired, key: JSON.stringify([issued, desired]) };
  }

  async function once(): Promise<void> {
    if ((await wanted()).key === applied) return;
    const [clients, roles] = await client.run([
      { command: 'listClients', verbose: true, count: -1 },
      { command: 'listRoles', verbose: true, count: -1 },
    ]);
    if (clients?.error || roles?.error) throw new Error(`dynsec listing failed: ${clients?.error ?? roles?.error}`);
    const current: DynsecState = {
      clients: (clients!.data?.clients ?? []) as DynsecState['clients'],
      roles: (roles!.data?.roles ?? []) as DynsecState['roles'],
    };
    // Read the database again, after the broker: the server creates a pilot's client right after his credentials
    // are stored (dynsec-issue.ts), so a client in this listing has its credentials in this reading, and a new
    // pilot is never taken for a revoked one and deleted.
    const { desired, key } = await wanted();
    const commands = planDynsec(desired, current);
    if (commands.length) {
      const answers = await client.run(commands);
      const failed = answers.filter((a) => a.error);
      if (failed.length) {
        // Another bridge may have made the same change a moment earlier; the next sync reads the state again.
        log.warn({ failed: failed.map((a) => `${a.command}: ${a.error}`) }, 'some dynamic-security commands failed');
        applied = undefined;
        return;
      }
      log.info({ commands: commands.map((c) => c.command), pilots: desired.length }, 'DJI broker access updated');
    }
    applied = key;
  }

  function sync(): Promise<void> {
    const run = chain.then(once);
    chain = run.catch(() => undefined);
    return run;
  }

  client.onConnect(() => {
    applied = undefined;
    sync().catch((err: unknown) => log.warn({ err }, 'dynamic-security sync failed'));
  });
  await sync();
  const timer = setInterval(() => {
    sync().catch((err: unknown) => log.warn({ err }, 'dynamic-security sync failed'));
  }, options.intervalMs ?? 5_000);
  timer.unref();

  return {
    sync,
    async close() {
      clearInterval(timer);
      await chain;
      await client.close();
    },
  };
}
