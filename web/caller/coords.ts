/**
 * Coordinates as the caller reads them out on the phone: 度分秒 and decimal degrees, with 北纬/东经 in
 * Chinese. No String.prototype.padStart (missing in old WebViews).
 */

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** `28°57′03.2″` with the carry handled (never 59′60.0″); the hemisphere is added by the caller. */
export function dms(value: number): string {
  const units = Math.round(Math.abs(value) * 36000); // tenths of a second
  const deg = Math.floor(units / 36000);
  const min = Math.floor((units % 36000) / 600);
  const tenths = units % 600;
  const sec = Math.floor(tenths / 10);
  return deg + '°' + pad2(min) + '′' + pad2(sec) + '.' + (tenths % 10) + '″';
}

export interface CoordTexts {
  latDms: string;
  lonDms: string;
  decimal: string;
}

export function coordTexts(lat: number, lon: number, lang: 'zh-CN' | 'en'): CoordTexts {
  const ns = lat < 0 ? (lang === 'en' ? 'S' : '南纬 ') : lang === 'en' ? 'N' : '北纬 ';
  const ew = lon < 0 ? (lang === 'en' ? 'W' : '西经 ') : lang === 'en' ? 'E' : '东经 ';
  return {
    latDms: lang === 'en' ? dms(lat) + ns : ns + dms(lat),
    lonDms: lang === 'en' ? dms(lon) + ew : ew + dms(lon),
    decimal: lat.toFixed(6) + ', ' + lon.toFixed(6),
  };
}
