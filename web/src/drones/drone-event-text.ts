import type { TFunction } from 'i18next';
import type { DroneEvent } from '@lookout/contracts';

/** What the text of a DJI health item needs (an event row's item, or a board row). */
export interface HmsItem {
  level: number;
  module: number | null;
  code: string;
  componentIndex?: number | null;
  sensorIndex?: number | null;
}

/**
 * A readable line for a DJI health item. DJI's own texts per code live in its hms.json, which Lookout does not
 * ship (it runs offline and the table is DJI's); so the line names the level, the module and the code in words.
 */
export function hmsText(t: TFunction, h: HmsItem): string {
  const level = t(`hms.level.${h.level}`, { defaultValue: String(h.level) });
  const module =
    h.module === null
      ? t('hms.module.3')
      : t(`hms.module.${h.module}`, { defaultValue: t('hms.unknownModule', { module: h.module }) });
  const base = t('hms.text', { level, module, code: h.code });
  const c = h.componentIndex ?? null;
  const s = h.sensorIndex ?? null;
  return c === null && s === null ? base : `${base} · ${t('hms.component', { c: c ?? '–', s: s ?? '–' })}`;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The DJI item stored with an hms event, as the text above needs it. */
export function hmsItemOf(e: DroneEvent): HmsItem & { inTheSky: boolean } {
  const args = (e.data.args ?? {}) as Record<string, unknown>;
  return {
    level: e.level ?? 0,
    module: num(e.data.module),
    code: e.code ?? '?',
    componentIndex: num(args.component_index),
    sensorIndex: num(args.sensor_index),
    inTheSky: e.data.in_the_sky === 1,
  };
}

/** A flight-task progress line: "航线任务 执行中 · 42% · 航点 3". */
export function taskText(t: TFunction, e: DroneEvent): string {
  const status = e.code ?? '';
  const parts = [t('task.text', { status: t(`task.status.${status}`, { defaultValue: status }) })];
  const progress = (e.data.progress ?? {}) as Record<string, unknown>;
  const pct = num(progress.percent);
  if (pct !== null) parts.push(t('task.percent', { pct: Math.round(pct) }));
  const wp = num(((e.data.ext ?? {}) as Record<string, unknown>).current_waypoint_index);
  if (wp !== null) parts.push(t('task.waypoint', { n: wp }));
  return parts.join(' · ');
}
