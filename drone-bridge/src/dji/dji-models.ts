import type { DjiProduct } from '../decoders/types.ts';

/**
 * Model names of DJI products by (domain, type, sub_type), from Cloud-API-Doc "Product Support"; unknown ones
 * fall back to "DJI". Used for the callsign a new aircraft gets (model + last 4 of its serial).
 */
const aircraft: Record<string, string> = {
  '60-0': 'M300',
  '67-0': 'M30',
  '67-1': 'M30T',
  '77-0': 'M3E',
  '77-1': 'M3T',
  '89-0': 'M350',
  '91-0': 'M3D',
  '91-1': 'M3TD',
};

export function djiModelName(p: DjiProduct): string {
  if (p.domain === '0') return aircraft[`${p.type ?? ''}-${p.subType ?? 0}`] ?? 'DJI';
  if (p.domain === '3') return 'Dock';
  return 'DJI';
}

export function djiCallsign(p: DjiProduct, serial: string): string {
  return `${djiModelName(p)}-${serial.slice(-4)}`;
}
