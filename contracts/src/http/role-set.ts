import { z } from 'zod';
import { roles } from '../enums.ts';

/**
 * A user's roles on the wire: at least one, each once. The server stores them in the order of `roles`
 * (`canonicalRoles`); what a user may do is the union of his roles' rights.
 */
export const roleSet = z
  .array(z.enum(roles))
  .min(1)
  .max(roles.length)
  .refine((list) => new Set(list).size === list.length, 'each role once');
