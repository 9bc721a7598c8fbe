import { AppError } from '../../errors.ts';
import { intervalStat, intervalStats, timeline, type IntervalStat, type TimelineStep } from './clock-steps.ts';
import type { ClocksRepo, GroupClock } from './clocks.repo.ts';

export interface Timeline {
  steps: TimelineStep[];
  groups: GroupClock[];
}

/** Station time is UTC+8: a month is [1st 00:00 +08:00, next 1st 00:00 +08:00). */
export function monthRange(month: string): { from: Date; to: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new AppError('bad_request', 'month must be YYYY-MM');
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  return { from: new Date(Date.UTC(y, mo, 1) - 8 * 3_600_000), to: new Date(Date.UTC(y, mo + 1, 1) - 8 * 3_600_000) };
}

export function currentMonth(now: Date): string {
  const t = new Date(now.getTime() + 8 * 3_600_000);
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function createClocksService(deps: { repo: ClocksRepo; stationName: string; now: () => Date }) {
  return {
    async timeline(alertId: string): Promise<Timeline> {
      const times = await deps.repo.times(alertId);
      if (!times) throw new AppError('not_found', `No alert ${alertId}`);
      return { steps: timeline(times), groups: await deps.repo.groups(alertId) };
    },

    async monthly(month: string | undefined): Promise<{
      month: string;
      station: string;
      alerts: number;
      intervals: IntervalStat[];
      reach: { median: number | null; total: number };
      tipsPerAlert: number | null;
      usefulTipShare: number | null;
    }> {
      const m = month ?? currentMonth(deps.now());
      const { from, to } = monthRange(m);
      const rows = await deps.repo.month(from, to);
      const spans = await deps.repo.groupSpans(from, to);
      const tips = rows.reduce((s, r) => s + r.tips, 0);
      const useful = rows.reduce((s, r) => s + r.usefulTips, 0);
      const reaches = rows.map((r) => r.reach).sort((a, b) => a - b);
      return {
        month: m,
        station: deps.stationName,
        alerts: rows.length,
        intervals: [
          ...intervalStats(rows.map((r) => r.times)),
          intervalStat('group_delivered', 'first_broadcast', 'group_delivered', spans.deliveredS),
          intervalStat('group_acknowledged', 'group_delivered', 'group_acknowledged', spans.acknowledgedS),
        ],
        reach: {
          median: reaches.length ? reaches[Math.floor((reaches.length - 1) / 2)]! : null,
          total: reaches.reduce((s, r) => s + r, 0),
        },
        tipsPerAlert: rows.length ? tips / rows.length : null,
        usefulTipShare: tips ? useful / tips : null,
      };
    },
  };
}

export type ClocksService = ReturnType<typeof createClocksService>;
