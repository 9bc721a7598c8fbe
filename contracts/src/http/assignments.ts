import { z } from 'zod';
import { datums, dispatchOutcomes } from '../enums.ts';
import { idempotencyKey } from './caller-locations.ts';
import { assignment } from '../case-feed.ts';
import { teamLink } from './team-links.ts';

export const assignmentIdParam = z.object({ id: z.uuid() });

const ref = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);

export const createAssignmentBody = z.object({
  unitId: z.uuid(),
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('match'), ref }),
    z.object({ kind: z.literal('sighting'), ref }),
    z.object({ kind: z.literal('caller_location'), ref }),
    z.object({
      kind: z.literal('point'),
      lon: z.number().min(-180).max(180),
      lat: z.number().min(-90).max(90),
      datum: z.enum(datums),
    }),
  ]),
});
export type CreateAssignmentBody = z.infer<typeof createAssignmentBody>;

export const assignmentStatusBody = z.object({
  status: z.enum(['en_route', 'on_scene', 'found', 'stood_down']),
  idempotencyKey,
  /** When the officer tapped the button (his phone's clock); the step's time. Absent: when the server got it. */
  tappedAt: z.iso.datetime({ offset: true }).optional(),
});
export type AssignmentStatusBody = z.infer<typeof assignmentStatusBody>;

/**
 * POST /cases/:id/assignments: the unit's one assignment on the case, new (`dispatched`), given the new target
 * (`retargeted`), or already on its way there (`already_en_route`).
 */
export const dispatchResult = assignment.extend({
  outcome: z.enum(dispatchOutcomes),
  /** An outside team's new guidance link (sent by SMS, shown to copy or scan); absent for an officer. */
  teamLink: teamLink.optional(),
});
export type DispatchResult = z.infer<typeof dispatchResult>;
/** A dispatch's target as the client sends it (a reference may be a number or its decimal string). */
export type TargetInput = z.input<typeof createAssignmentBody>['target'];
