import type { CaseDetail, Match, TargetInput } from './case-types.ts';

/** A match with its place in the panel's list (1 = best score; the server answers best first). */
export type RankedMatch = Match & { rank: number };

export interface MatchGroups {
  /** The matches shown: the confirmed ones once there is one, otherwise every match. */
  shown: RankedMatch[];
  /** The others once a match is confirmed: folded under "其他 N 个较弱匹配". */
  weak: RankedMatch[];
}

export function rankMatches(matches: readonly Match[]): RankedMatch[] {
  return [...matches].sort((a, b) => b.score - a.score || a.id - b.id).map((m, i) => ({ ...m, rank: i + 1 }));
}

/** Once a match is confirmed, the rest fold away; before that every match is a candidate. */
export function groupMatches(matches: readonly Match[]): MatchGroups {
  const ranked = rankMatches(matches);
  if (!ranked.some((m) => m.status === 'confirmed')) return { shown: ranked, weak: [] };
  return {
    shown: ranked.filter((m) => m.status === 'confirmed'),
    weak: ranked.filter((m) => m.status !== 'confirmed'),
  };
}

/** One entry of the dispatch target list, with what the commander needs to choose: rank, distance, score, status. */
export type TargetOption =
  | { value: string; input: TargetInput; kind: 'match'; match: RankedMatch; weak: boolean }
  | { value: string; input: TargetInput; kind: 'sighting'; match: RankedMatch; weak: boolean }
  | {
      value: string;
      input: TargetInput;
      kind: 'caller_location';
      id: number;
      accuracyM: number;
      t: string;
      weak: false;
    };

/**
 * The targets a unit can be sent to: each match (by rank), each matched sighting once (under its best match), each
 * caller fix. After a confirmation the weak matches and their sightings come last, marked weak.
 */
export function targetOptions(detail: Pick<CaseDetail, 'matches' | 'callerLocations'>): TargetOption[] {
  const { shown, weak } = groupMatches(detail.matches);
  const ordered = [...shown.map((m) => ({ m, weak: false })), ...weak.map((m) => ({ m, weak: true }))];
  const matches: TargetOption[] = ordered.map(({ m, weak: w }) => ({
    value: `match:${m.id}`,
    input: { kind: 'match', ref: m.id },
    kind: 'match',
    match: m,
    weak: w,
  }));
  const seen = new Set<number>();
  const sightings: TargetOption[] = [];
  for (const { m, weak: w } of ordered) {
    if (seen.has(m.sightingId)) continue;
    seen.add(m.sightingId);
    sightings.push({
      value: `sighting:${m.sightingId}`,
      input: { kind: 'sighting', ref: m.sightingId },
      kind: 'sighting',
      match: m,
      weak: w,
    });
  }
  const fixes: TargetOption[] = detail.callerLocations.features.map((f) => ({
    value: `caller_location:${f.properties.id}`,
    input: { kind: 'caller_location', ref: f.properties.id },
    kind: 'caller_location',
    id: f.properties.id,
    accuracyM: f.properties.accuracyM,
    t: f.properties.t,
    weak: false,
  }));
  return [...matches, ...sightings, ...fixes];
}
