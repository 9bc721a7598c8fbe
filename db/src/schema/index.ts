export * from './live-seq.ts';
export * from './users.ts';
export * from './drones.ts';
export * from './fixes.ts';
export * from './sightings.ts';
export * from './dead-letters.ts';
export * from './cases.ts';
