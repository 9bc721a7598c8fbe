import { z } from 'zod';

/** A DJI dock as the map shows it: its merged OSD state, position and heights (ellipsoid as reported, MSL). */
export const dock = z.object({
  serial: z.string(),
  lon: z.number(),
  lat: z.number(),
  /** Above the WGS-84 ellipsoid, as the dock reports it. */
  heightEllipsoid: z.number().nullable(),
  /** Above mean sea level (EGM96). */
  heightMsl: z.number().nullable(),
  /** DJI dock `mode_code`: 0 idle, 1 on-site debugging, 2 remote debugging, 3 upgrading, 4 in operation. */
  modeCode: z.number().nullable(),
  /** 0 closed, 1 open, 2 half open, 3 abnormal. */
  coverState: z.number().nullable(),
  droneInDock: z.boolean().nullable(),
  stateAt: z.string().nullable(),
});
export type Dock = z.infer<typeof dock>;

export const droneEventTypes = ['hms', 'flighttask_progress'] as const;

/** A health item or flight-task progress a DJI device reported about a drone. */
export const droneEvent = z.object({
  id: z.number(),
  droneId: z.string().nullable(),
  deviceSerial: z.string(),
  t: z.string(),
  type: z.enum(droneEventTypes),
  /** hms: 0 notification, 1 reminder, 2 warning (severe). */
  level: z.number().nullable(),
  code: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type DroneEvent = z.infer<typeof droneEvent>;
