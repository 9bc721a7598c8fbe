import type { CaseStep } from '@lookout/contracts';
/** Where a case stands, read from its event log (the clocks are derived, never typed by hand). */

const ladder: [CaseStep, readonly string[]][] = [
  ['closed', ['closed']],
  ['found', ['person_found']],
  ['on_scene', ['unit_on_scene']],
  ['dispatched', ['unit_dispatched', 'unit_en_route']],
  ['acknowledged', ['acknowledged']],
];

/** The furthest step any event reached; a unit stood down does not move the case back. */
export function caseStep(eventTypes: Iterable<string>): CaseStep {
  const seen = new Set(eventTypes);
  for (const [step, types] of ladder) if (types.some((t) => seen.has(t))) return step;
  return 'reported';
}
