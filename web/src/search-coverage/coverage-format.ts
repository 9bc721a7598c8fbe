import type { CoverageArea, CoverageBand, CoveragePlanResponse } from '@lookout/contracts';

/**
 * The colour of each band on the map and in the table: Okabe–Ito colours (told apart with the common colour
 * blindnesses), none of them the red of the gaps.
 */
export const BAND_COLOURS: Record<CoverageBand, string> = {
  good: '#009e73',
  fair: '#56b4e9',
  poor: '#cc79a7',
  walk: '#a0522d',
};

/** The red of 未覆盖. */
export const GAP_COLOUR = '#d32f2f';

export const bandColour = (band: CoverageBand): string => BAND_COLOURS[band];

/** A share 0–1 as a whole percent; a little that rounds to nothing says "<1%", none says "0%". */
export function percentText(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  if (share < 0.005) return '<1%';
  return `${Math.round(Math.min(1, share) * 100)}%`;
}

/** An area for people: m² below a hectare, km² with two decimals above. */
export function areaText(m2: number): string {
  if (!Number.isFinite(m2) || m2 <= 0) return '0 m²';
  if (m2 < 10_000) return `${Math.round(m2)} m²`;
  const km2 = m2 / 1e6;
  return `${km2 < 10 ? km2.toFixed(2) : km2.toFixed(1)} km²`;
}

/** A length: metres below 1 km, km with one decimal above. */
export function lengthText(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

/** The table's order: rings from the smallest percent out, then sectors by name (A2 before A10). */
export function sortAreas(areas: CoverageArea[]): CoverageArea[] {
  const num = (a: CoverageArea) => Number.parseFloat(a.ref);
  return [...areas].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'ring' ? -1 : 1;
    if (a.kind === 'ring') return num(a) - num(b);
    return a.label.localeCompare(b.label, 'zh-CN', { numeric: true });
  });
}

/** The figures of a suggested flight, ready for the panel's sentence. */
export function planFigures(p: CoveragePlanResponse['properties']): {
  spacing: string;
  passes: number;
  length: string;
  minutes: string;
  altitude: string;
} {
  return {
    spacing: `${Math.round(p.spacingM)} m`,
    passes: p.passes,
    length: lengthText(p.lengthM),
    minutes: p.minutes < 10 ? p.minutes.toFixed(1) : String(Math.round(p.minutes)),
    altitude: `${Math.round(p.altitudeM)} m`,
  };
}

/** The height the user typed for a plan, if the plan's contract takes it (10–500 m). */
export function parseAltitude(text: string): number | null {
  const v = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(v) && v >= 10 && v <= 500 ? v : null;
}

/** The bands any area has a share in, in the order of the contract (the table shows only those columns). */
export function bandsInUse(areas: CoverageArea[]): CoverageBand[] {
  return (['good', 'fair', 'poor', 'walk'] as const).filter((b) => areas.some((a) => a.shares[b] > 0));
}

/** The 50 % ring's covered share a board row shows ("37%"), or null when the case has no 50 % ring to judge. */
export function ring50Text(share: number | null): string | null {
  return share === null ? null : percentText(share);
}
