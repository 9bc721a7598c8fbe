export * from './enums.ts';
export * from './mqtt.ts';
export * from './geojson.ts';
export * from './replay.ts';
