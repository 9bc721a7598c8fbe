import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { djiPilotTopics, djiSerialsOf } from '../dji/dji-access.ts';
import { activeDjiPilotCredentials, loadDjiAccess } from '../dji/dji-access.repo.ts';
import { connectDynsec, type DynsecClient, type DynsecResponse } from './dynsec-client.ts';
import { dynsecRoleOf, planDynsecPilot, type DynsecState } from './dynsec-plan.ts';

/**
 * The issuing side of DJI access in Mosquitto's dynamic-security plugin. The plugin cannot take Lookout's stored
 * `$7$` hashes, and a pilot's plain password exists only while the server issues it (`POST /api/v1/dji/connect`),
 * so the server creates his client then, with that password, his role and his current topics (or sets the
 * password, when a bridge's sync created the client a moment earlier): he can log in at once, with no password
 * file and no SIGHUP. The bridges' syncs (dynsec-sync.ts) keep owning the role's ACLs afterwards, and delete the
 * client when the credentials are revoked.
 *
 * Call it after the credentials are stored: a sync reads the database after the broker, so it never takes a
 * client made here for a revoked one. The admin connection is opened on first use and kept (reconnecting).
 */
export interface DynsecPilotIssuer {
  issue(pilot: { userId: string; username: string; password: string }): Promise<void>;
  close(): Promise<void>;
}

const ATTEMPTS = 3;

export function createDynsecPilotIssuer(options: {
  database: Database;
  url: string;
  admin: { username: string; password: string };
  clientId: string;
  log: Logger;
}): DynsecPilotIssuer {
  const log = options.log.child({ module: 'dynsec-issue' });
  let connecting: Promise<DynsecClient> | undefined;
  const connection = () => {
    connecting ??= connectDynsec({ url: options.url, ...options.admin, clientId: options.clientId }).catch(
      (err: unknown) => {
        connecting = undefined;
        throw err;
      },
    );
    return connecting;
  };

  /** This pilot's client and role as the plugin holds them now (none when not found). */
  async function currentOf(client: DynsecClient, username: string): Promise<DynsecState> {
    const [c, r] = await client.run([
      { command: 'getClient', username },
      { command: 'getRole', rolename: dynsecRoleOf(username) },
    ]);
    const found = (a: DynsecResponse | undefined, notFound: string) => {
      if (a?.error === notFound) return false;
      if (!a || a.error) throw new Error(`dynamic-security ${a?.command ?? 'answer'} failed: ${a?.error}`);
      return true;
    };
    return {
      clients: found(c, 'Client not found') ? [c!.data!.client as DynsecState['clients'][number]] : [],
      roles: found(r, 'Role not found') ? [r!.data!.role as DynsecState['roles'][number]] : [],
    };
  }

  return {
    async issue({ userId, username, password }) {
      const client = await connection();
      const topics = djiPilotTopics(djiSerialsOf(await loadDjiAccess(options.database), userId));
      for (let attempt = 1; ; attempt++) {
        const { creates, changes } = planDynsecPilot({ username, password, topics }, await currentOf(client, username));
        const failed = (await client.run([...creates, ...changes])).filter((a) => a.error);
        if (!failed.length) break;
        // A bridge's sync made the same client or role in between: read again and set what is still missing.
        const errors = failed.map((a) => `${a.command}: ${a.error}`);
        if (attempt === ATTEMPTS) throw new Error(`dynamic-security refused the pilot's client: ${errors.join('; ')}`);
        log.debug({ username, errors }, 'dynamic-security changed meanwhile; trying again');
      }
      // Revoked while this ran (the user disabled or signed out): a sync may already have passed over them.
      if ((await activeDjiPilotCredentials(options.database, username)).length === 0) {
        await client.run([{ command: 'deleteClient', username }]);
        throw new Error('the credentials were revoked while they were being created');
      }
      log.info({ username }, 'DJI pilot credentials created in the dynamic-security plugin');
    },
    async close() {
      const pending = connecting;
      connecting = undefined;
      await (await pending?.catch(() => undefined))?.close();
    },
  };
}
