import { createHash } from 'node:crypto';
import type { DjiContent } from '@lookout/contracts';

/** DJI's element colours (Cloud-API-Doc, map.Content.properties.color) by name. */
export const djiColours = {
  '2D8CF0': 'blue',
  '19BE6B': 'green',
  FFBB00: 'yellow',
  B620E0: 'orange',
  E23C39: 'red',
  '212121': 'purple',
} as const;
export type DjiColourName = (typeof djiColours)[keyof typeof djiColours];

export type PinKind = 'person' | 'group' | 'vehicle' | 'object' | 'other';

/** `#e23c39`, `0xE23C39` or `E23C39` → DJI's colour name, or null for another colour. */
export function colourName(colour: string | undefined): DjiColourName | null {
  if (!colour) return null;
  const hex = colour.replace(/^(#|0x)/i, '').toUpperCase();
  return (djiColours as Record<string, DjiColourName>)[hex] ?? null;
}

/** Words in a pin's name that say what the pilot saw, zh-CN and English; the first that matches wins. */
const nameWords: readonly [RegExp, PinKind][] = [
  [/一群|多人|人群|group|people|crowd/i, 'group'],
  [/人|person|man|woman|child|hiker|孩|童/i, 'person'],
  [/车|vehicle|car|truck|motorbike/i, 'vehicle'],
  [/物|包|衣|object|bag|item|jacket|backpack/i, 'object'],
];

/**
 * What a Pilot 2 pin is a sighting of. Its name says it when it names one (`发现人员`, `car`); otherwise its colour:
 * red (DJI's warning colour) is a person, the others are "other" for the commander to look at.
 */
export function pinKind(name: string, colour: string | undefined): PinKind {
  for (const [re, kind] of nameWords) if (re.test(name)) return kind;
  return colourName(colour) === 'red' ? 'person' : 'other';
}

/** The sighting's note: the pin's name and colour, as the pilot set them. */
export function pinNote(name: string, colour: string | undefined, userName: string): string {
  const c = colourName(colour) ?? colour ?? 'no colour';
  const label = name.trim() || '(unnamed pin)';
  return `DJI Pilot 2 pin "${label}" (${c}) by ${userName}`.slice(0, 500);
}

/** The pin's WGS-84 point, or null when the content is not a point. */
export function pinPoint(content: DjiContent): { lon: number; lat: number } | null {
  if (content.geometry.type !== 'Point') return null;
  const [lon, lat] = content.geometry.coordinates;
  return { lon, lat };
}

/**
 * A position nobody can have pinned: `0,0` is what DJI devices report without a fix (and in the Gulf of Guinea
 * no Lookout station searches).
 */
export function isNullIsland(content: DjiContent): boolean {
  const points =
    content.geometry.type === 'Point'
      ? [content.geometry.coordinates]
      : content.geometry.type === 'LineString'
        ? content.geometry.coordinates
        : content.geometry.coordinates.flat();
  return points.some(([lon, lat]) => lon === 0 && lat === 0);
}

/** A UUID made from a name, RFC 4122 version 5 style (SHA-1): stable across restarts and servers. */
export function nameUuid(namespace: string, name: string): string {
  const h = createHash('sha1').update(namespace).update('\0').update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The sighting's reading id: the element id when it is a UUID (Pilot 2 makes UUIDs), else one made from it. */
export function pinReadingId(elementId: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(elementId)
    ? elementId.toLowerCase()
    : nameUuid('lookout.dji.element', elementId);
}

/**
 * The broker URL for DJI's `thing` component, which takes `tcp://` or `ws://` (and their TLS forms): Lookout's
 * `mqtt://` and `mqtts://` are spelled the way Pilot 2 expects.
 */
export function djiBrokerUrl(url: string): string {
  return url.replace(/^mqtt:\/\//i, 'tcp://').replace(/^mqtts:\/\//i, 'ssl://');
}
