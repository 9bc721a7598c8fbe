export * from './enums.ts';
export * from './mqtt.ts';
export * from './geojson.ts';
export * from './replay.ts';
export * from './drones.ts';
export * from './sightings.ts';
export * from './case-feed.ts';
export * from './live.ts';
