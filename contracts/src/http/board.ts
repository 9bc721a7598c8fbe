import { z } from 'zod';
import { boardSteps, caseKinds, urgencies } from '../enums.ts';

/** `GET /board?cases=<id>,<id>`: the board page refetches only the cases a live event named. */
export const boardQuery = z.object({
  cases: z
    .string()
    .max(50 * 37)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).min(1).max(50))
    .optional(),
});

/** One clock of a case: the time from `from` to `step` should stay within `targetS` seconds. */
export const clockState = z.object({
  step: z.enum(boardSteps),
  from: z.enum(boardSteps),
  targetS: z.number(),
  /** When the target step was reached, or null while the clock runs. */
  reachedAt: z.string().nullable(),
  /** Seconds from `from` to the step (done) or to now (running); null when `from` is not known. */
  elapsedS: z.number().nullable(),
  running: z.boolean(),
  breached: z.boolean(),
});
export type ClockState = z.infer<typeof clockState>;

/** The caller's page went silent with a low battery: its last fix, and the seconds since at the board's `now`. */
export const callerSilence = z.object({
  callerLocationId: z.number(),
  lastFixAt: z.string(),
  battery: z.number(),
  silentS: z.number(),
});
export type CallerSilence = z.infer<typeof callerSilence>;

/** One open case on the duty board. */
export const boardCase = z.object({
  id: z.string(),
  kind: z.enum(caseKinds),
  title: z.string(),
  createdAt: z.string(),
  ageS: z.number(),
  /** Where the case stands: a lost person by its event log; tadpole cases by their clock steps. */
  step: z.string(),
  /** The running clock the board shows (the one closest to, or furthest past, its target). */
  clock: z
    .object({
      step: z.enum(boardSteps),
      from: z.enum(boardSteps),
      startedAt: z.string().nullable(),
      elapsedS: z.number().nullable(),
      targetS: z.number(),
    })
    .nullable(),
  clocks: z.array(clockState),
  urgency: z.enum(urgencies),
  alertId: z.string().nullable(),
  counts: z.object({ units: z.number(), matches: z.number(), tips: z.number(), alerts: z.number() }),
  /** The liaison asked the police to retract the alert (the case waits for an officer's retraction). */
  retractionRequestedAt: z.string().nullable(),
  /** The caller's location page has sent nothing for a while and its last fix had a low battery; else null. */
  callerSilence: callerSilence.nullable(),
  /** The share (0–1) of the 50 % ISRID ring the case's drones and officers have covered; null when it has no rings. */
  ring50Coverage: z.number().nullable(),
});
export type BoardCase = z.infer<typeof boardCase>;

/** GET /board. */
export const boardResponse = z.object({ now: z.string(), cases: z.array(boardCase) });
export type BoardResponse = z.infer<typeof boardResponse>;

/**
 * A DJI health (`hms`) item on the board: every report of one (device, drone, code, component, sensor) in the
 * kept window folded into one row. DJI re-sends an item while it lasts, so an item not reported for
 * `activeForS` is shown as past, and one not reported for `keptForS` leaves the board.
 */
export const boardDroneHealthItem = z.object({
  /** The aircraft it is about, or null for the dock (or remote controller) itself. */
  droneId: z.string().nullable(),
  /** The drone's callsign; null when the item is about a device that is no drone. */
  callsign: z.string().nullable(),
  deviceSerial: z.string(),
  /** DJI's alarm code, e.g. `0x16100083` (its text is in DJI's hms.json, not shipped with Lookout). */
  code: z.string(),
  /** 0 notice, 1 caution, 2 warning. */
  level: z.number(),
  /** DJI's event module: 0 flight task, 1 device management, 2 media, 3 hms. */
  module: z.number().nullable(),
  /** DJI `device_type` (`domain-type-subtype`), e.g. `0-91-1` an aircraft, `3-2-0` a dock. */
  deviceType: z.string().nullable(),
  inTheSky: z.boolean(),
  /** DJI `imminent`: the condition clears by itself (e.g. strong wind). */
  imminent: z.boolean(),
  componentIndex: z.number().nullable(),
  sensorIndex: z.number().nullable(),
  /** The first report in the kept window, and the latest. */
  firstAt: z.string(),
  lastAt: z.string(),
  /** Reported within the last `activeForS` seconds. */
  active: z.boolean(),
  reports: z.number(),
});
export type BoardDroneHealthItem = z.infer<typeof boardDroneHealthItem>;

/** GET /board/drone-health: active items first, then the latest first. */
export const boardDroneHealthResponse = z.object({
  now: z.string(),
  /** The lowest hms level shown (2: warnings only). */
  minLevel: z.number(),
  activeForS: z.number(),
  keptForS: z.number(),
  items: z.array(boardDroneHealthItem),
});
export type BoardDroneHealthResponse = z.infer<typeof boardDroneHealthResponse>;
