import type { TFunction } from 'i18next';
import type { Assignment } from './case-types.ts';
import { distanceText } from './case-ui.ts';
import type { RankedMatch, TargetOption } from './match-groups.ts';
import { clockTime } from '../shared/clock-time.ts';

/** "#2 · 1.9 公里 · 得分 0.04 · 待确认": what the commander compares matches by. */
export function matchFacts(m: RankedMatch, t: TFunction): string {
  return [
    `#${m.rank}`,
    distanceText(m.distanceM, t),
    t('cases.score', { score: m.score.toFixed(2) }),
    t(`cases.matchStatus.${m.status}`),
  ].join(' · ');
}

/** A dispatch target as the list names it: by rank with distance, score and status, never by database id. */
export function targetLabel(o: TargetOption, t: TFunction): string {
  switch (o.kind) {
    case 'match':
      return `${t('cases.targetName.match')} ${matchFacts(o.match, t)}`;
    case 'sighting':
      return `${t('cases.targetName.sighting', { callsign: o.match.sighting.callsign })} ${matchFacts(o.match, t)}`;
    case 'caller_location':
      return t('cases.targetName.caller_location', { time: clockTime(o.t), accuracy: Math.round(o.accuracyM) });
  }
}

/** A dispatch already made, named the way the lists above name its target. */
export function assignmentTargetText(a: Assignment, ranked: readonly RankedMatch[], t: TFunction): string {
  const m =
    a.target.kind === 'match'
      ? ranked.find((x) => x.id === Number(a.target.ref))
      : a.target.kind === 'sighting'
        ? ranked.find((x) => x.sightingId === Number(a.target.ref))
        : undefined;
  if (m && a.target.kind === 'match') return `${t('cases.targetName.match')} #${m.rank}`;
  if (m) return `${t('cases.targetName.sighting', { callsign: m.sighting.callsign })} #${m.rank}`;
  if (a.target.kind === 'point') return t('cases.target.point');
  return `${t(`cases.targetName.${a.target.kind}Short`)} ${a.target.lat.toFixed(5)}, ${a.target.lon.toFixed(5)}`;
}
