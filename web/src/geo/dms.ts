/**
 * Degrees, minutes, seconds (度分秒) and decimal-degree formatting for the coordinate readout.
 * Input is WGS-84 decimal degrees. Seconds are rounded to `secondDigits` with the carry handled, so
 * 28.9999999 prints as 29°00′00.0″, never 28°59′60.0″.
 */
export type Axis = 'lat' | 'lon';

export interface DmsParts {
  deg: number;
  min: number;
  sec: number;
  hemisphere: 'N' | 'S' | 'E' | 'W';
}

export function toDmsParts(value: number, axis: Axis, secondDigits = 1): DmsParts {
  if (!Number.isFinite(value)) throw new RangeError(`not a coordinate: ${value}`);
  const hemisphere = axis === 'lat' ? (value < 0 ? 'S' : 'N') : value < 0 ? 'W' : 'E';
  const scale = 10 ** secondDigits;
  // Work in whole units of the last printed digit so rounding carries into minutes and degrees.
  const totalUnits = Math.round(Math.abs(value) * 3600 * scale);
  const unitsPerMin = 60 * scale;
  const unitsPerDeg = 3600 * scale;
  const deg = Math.floor(totalUnits / unitsPerDeg);
  const min = Math.floor((totalUnits % unitsPerDeg) / unitsPerMin);
  const sec = (totalUnits % unitsPerMin) / scale;
  return { deg, min, sec, hemisphere };
}

/** `28°57′03.2″N` — the hemisphere letter is international; callers may prefix 北纬/东经 themselves. */
export function formatDms(value: number, axis: Axis, secondDigits = 1): string {
  const p = toDmsParts(value, axis, secondDigits);
  const min = String(p.min).padStart(2, '0');
  const secText = p.sec.toFixed(secondDigits);
  const sec = secText.padStart(secondDigits > 0 ? 3 + secondDigits : 2, '0');
  return `${p.deg}°${min}′${sec}″${p.hemisphere}`;
}

/** `28.950000, 120.070000` (lat, lon) with 6 decimals ≈ 0.1 m. */
export function formatDecimal(lon: number, lat: number, digits = 6): string {
  return `${lat.toFixed(digits)}, ${lon.toFixed(digits)}`;
}
