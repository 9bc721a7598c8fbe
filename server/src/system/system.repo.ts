import type { Database } from '@lookout/db';

export interface SystemRepo {
  /** True when the database answers within `timeoutMs`. */
  ping(timeoutMs: number): Promise<boolean>;
}

export function createSystemRepo(database: Database): SystemRepo {
  return {
    async ping(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([database.query('select 1').then(() => true), timeout]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
