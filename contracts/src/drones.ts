import { z } from 'zod';
import { droneSources } from './enums.ts';
import { lonLatTuple } from './geojson.ts';

/** A drone's latest fix as the API shows it: WGS-84 degrees, metres, degrees from north, m/s, percent. */
export const latestFix = z.object({
  t: z.string(),
  lon: z.number(),
  lat: z.number(),
  altMsl: z.number().nullable(),
  altRel: z.number().nullable(),
  hdg: z.number().nullable(),
  gs: z.number().nullable(),
  vs: z.number().nullable(),
  bat: z.number().nullable(),
  src: z.string().nullable(),
});
export type LatestFix = z.infer<typeof latestFix>;

export const drone = z
  .object({
    id: z.string(),
    callsign: z.string(),
    source: z.enum(droneSources),
    /** The maker's serial number (DJI), when known. */
    serial: z.string().nullable(),
    /** MAVLink aircraft: the system id and whether signed frames are required. */
    mavlink: z.object({ systemId: z.number(), signing: z.boolean() }).nullable(),
    createdAt: z.string(),
    lastSeen: z.string().nullable(),
    online: z.boolean(),
    latest: latestFix.nullable(),
  })
  .meta({ id: 'Drone' });
export type Drone = z.infer<typeof drone>;

/** One fix on the live feed; `seq` is `fixes.id`. */
export const position = z.object({ droneId: z.string(), seq: z.number(), ...latestFix.omit({ src: true }).shape });
export type Position = z.infer<typeof position>;

/**
 * One drone's fixes (oldest first) as an RFC 7946 LineString with the fix times alongside, one per vertex; a
 * single fix is repeated so the track still draws as a dot.
 */
export const trackFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(lonLatTuple) }),
  properties: z.object({ droneId: z.string(), callsign: z.string(), times: z.array(z.string()) }),
});
export type TrackFeature = z.infer<typeof trackFeature>;
