export * from './schema/index.ts';
export * from './open-db.ts';
export { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';
export * from './case-events.ts';
export * from './transaction.ts';
export * from './pg-client.ts';
export * from './secrets/secret-box.ts';
export * from './secrets/secret-key.ts';
export { ensurePgliteSeed, pgliteSeedDir } from './pglite-seed.ts';
