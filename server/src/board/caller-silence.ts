import type { CallerSilence } from '@lookout/contracts';

/** The caller's page posts a fix every minute or so while open; this long without one is silence. */
export const CALLER_SILENT_AFTER_S = 5 * 60;
/** At or below this battery (%), silence more likely means a dead phone than a closed page. */
export const CALLER_LOW_BATTERY_PERCENT = 20;

/** The latest fix the caller's page (source `link`) sent for a case. */
export interface LastCallerFix {
  id: number;
  t: string;
  battery: number | null;
}

/** The silence to warn of at `at`: the last fix is old enough and its battery low; otherwise null. */
export function callerSilenceAt(last: LastCallerFix | null, at: Date): CallerSilence | null {
  if (!last || last.battery === null || last.battery > CALLER_LOW_BATTERY_PERCENT) return null;
  const silentS = Math.floor((at.getTime() - Date.parse(last.t)) / 1000);
  if (!(silentS >= CALLER_SILENT_AFTER_S)) return null;
  return { callerLocationId: last.id, lastFixAt: last.t, battery: last.battery, silentS };
}
