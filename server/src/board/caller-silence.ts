import { CALLER_LOW_BATTERY_PERCENT, CALLER_SILENT_AFTER_S, type CallerSilence } from '@lookout/contracts';

/** The latest fix the caller's page (source `link`) sent for a case. */
export interface LastCallerFix {
  id: number;
  t: string;
  battery: number | null;
}

/**
 * The silence to warn of at `at`: the last fix is old enough and its battery low (then silence more likely means a
 * dead phone than a closed page); otherwise null.
 */
export function callerSilenceAt(last: LastCallerFix | null, at: Date): CallerSilence | null {
  if (!last || last.battery === null || last.battery > CALLER_LOW_BATTERY_PERCENT) return null;
  const silentS = Math.floor((at.getTime() - Date.parse(last.t)) / 1000);
  if (!(silentS >= CALLER_SILENT_AFTER_S)) return null;
  return { callerLocationId: last.id, lastFixAt: last.t, battery: last.battery, silentS };
}
