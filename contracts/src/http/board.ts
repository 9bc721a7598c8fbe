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
});
export type BoardCase = z.infer<typeof boardCase>;

/** GET /board. */
export const boardResponse = z.object({ now: z.string(), cases: z.array(boardCase) });
export type BoardResponse = z.infer<typeof boardResponse>;
