import { z } from 'zod';
import { dock, droneEvent } from '../dji.ts';
import { drone, trackFeature } from '../drones.ts';
import { droneSources } from '../enums.ts';
import { featureCollection } from '../geojson.ts';

const callsign = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'letters, digits, space, _ . - only');

export const registerDroneBody = z.object({
  callsign,
  /** A MAVLink aircraft: frames from this system id are its telemetry; `signing` makes signed frames mandatory. */
  mavlink: z
    .object({
      systemId: z.number().int().min(1, 'MAVLink system ids are 1..255').max(255, 'MAVLink system ids are 1..255'),
      signing: z.boolean().default(false),
    })
    .strict()
    .optional(),
});
export type RegisterDroneBody = z.infer<typeof registerDroneBody>;

/** PATCH /drones/:id: an admin renames a drone (a DJI aircraft's automatic `model-last4` name too). */
export const renameDroneBody = z.object({ callsign }).strict();
export type RenameDroneBody = z.infer<typeof renameDroneBody>;

export const droneIdParam = z.object({ id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/) });

export const trackQuery = z
  .object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() })
  .transform((q, ctx) => {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 10 * 60_000);
    if (from > to) ctx.addIssue({ code: 'custom', message: '`from` is after `to`', path: ['from'] });
    if (to.getTime() - from.getTime() > 24 * 3_600_000) {
      ctx.addIssue({ code: 'custom', message: 'the window is at most 24 h', path: ['from'] });
    }
    return { from, to };
  });

export const tracksQuery = z.object({ since: z.iso.datetime({ offset: true }).optional() }).transform((q, ctx) => {
  const now = Date.now();
  const since = q.since ? new Date(q.since) : new Date(now - 10 * 60_000);
  if (now - since.getTime() > 2 * 3_600_000) {
    ctx.addIssue({ code: 'custom', message: '`since` is at most 2 h ago', path: ['since'] });
  }
  return { since };
});

/** GET /drones. */
export const droneListResponse = z.object({ drones: z.array(drone) });

/** Broker credentials of a drone: the password is shown this once and stored only hashed. */
export const mqttCredentials = z.object({ url: z.string(), username: z.string(), password: z.string() });

/** POST /drones: the new drone with its broker credentials (and a MAVLink signing key, shown once). */
export const registeredDrone = z.object({
  id: z.string(),
  callsign: z.string(),
  source: z.enum(droneSources),
  mqtt: mqttCredentials,
  mavlink: z.object({ systemId: z.number(), signing: z.boolean(), signingKey: z.string().optional() }).optional(),
});
export type RegisteredDrone = z.infer<typeof registeredDrone>;

/** POST /drones/:id/disable. */
/** PATCH /drones/:id. */
export const renamedDrone = z.object({ id: z.string(), callsign: z.string(), previous: z.string() });

export const disabledDrone = z.object({ id: z.string(), callsign: z.string(), disabled: z.literal(true) });

/** POST /drones/:id/reset-credentials. */
export const droneCredentials = z.object({ id: z.string(), callsign: z.string(), mqtt: mqttCredentials });

/** GET /drones/:id/track, GET /tracks. */
export const tracksCollection = featureCollection(trackFeature);

/** GET /docks. */
export const docksResponse = z.object({ docks: z.array(dock) });
/** GET /drones/:id/events: the newest first. */
export const droneEventsResponse = z.object({ events: z.array(droneEvent) });
