import { create } from 'xmlbuilder2';
import type { CapMsgType } from '@lookout/db';

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';

export interface CapArea {
  /** Under 50 characters (Google's public alerts rule). */
  areaDesc: string;
  /** The outer ring, [lon, lat] WGS-84 (closed here if it is not). */
  polygon: [number, number][] | null;
  circle: { lon: number; lat: number; radiusM: number } | null;
}

export interface CapDocument {
  identifier: string;
  sender: string;
  sent: Date;
  status: 'Actual' | 'Exercise' | 'Test';
  msgType: CapMsgType;
  /** Space-separated "sender,identifier,sent" triplets of the earlier messages. */
  references: string | null;
  info: {
    language: string;
    event: string;
    urgency: 'Immediate' | 'Expected' | 'Past';
    severity: 'Severe' | 'Moderate' | 'Minor';
    certainty: 'Observed' | 'Likely';
    expires: Date;
    senderName: string;
    headline: string;
    description: string;
    instruction: string | null;
    web: string | null;
    contact: string | null;
    resource: { desc: string; mimeType: string; uri: string } | null;
    area: CapArea;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** CAP dateTime: seconds, no fraction, an explicit offset (the XSD refuses "Z"); station time UTC+8. */
export function capDateTime(d: Date): string {
  const t = new Date(Math.floor(d.getTime() / 1000) * 1000 + 8 * 3_600_000);
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+08:00`
  );
}

/** One entry of CAP `references`. */
export function capReference(m: { sender: string; identifier: string; sent: Date }): string {
  return `${m.sender},${m.identifier},${capDateTime(m.sent)}`;
}

const coord = (v: number) => String(Math.round(v * 1e6) / 1e6);

/** CAP polygon: "lat,lon" pairs separated by spaces, first = last, at least four pairs. */
export function capPolygon(ring: [number, number][]): string {
  const closed = [...ring];
  const [first, last] = [closed[0], closed[closed.length - 1]];
  if (!first || !last) throw new Error('empty polygon');
  if (first[0] !== last[0] || first[1] !== last[1]) closed.push(first);
  if (closed.length < 4) throw new Error('a CAP polygon needs at least four pairs');
  return closed.map(([lon, lat]) => `${coord(lat)},${coord(lon)}`).join(' ');
}

/** CAP circle: "lat,lon radius-km" (never zero). */
export function capCircle(c: { lon: number; lat: number; radiusM: number }): string {
  const km = Math.max(0.001, c.radiusM / 1000);
  return `${coord(c.lat)},${coord(c.lon)} ${km.toFixed(3)}`;
}

/** The CAP 1.2 XML of one message, elements in the order the XSD's sequences require. */
export function renderCapXml(doc: CapDocument): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(CAP_NS, 'alert');
  root.ele('identifier').txt(doc.identifier);
  root.ele('sender').txt(doc.sender);
  root.ele('sent').txt(capDateTime(doc.sent));
  root.ele('status').txt(doc.status);
  root.ele('msgType').txt(doc.msgType);
  root.ele('scope').txt('Public');
  if (doc.references) root.ele('references').txt(doc.references);
  const i = doc.info;
  const info = root.ele('info');
  info.ele('language').txt(i.language);
  info.ele('category').txt('Rescue');
  info.ele('event').txt(i.event);
  info.ele('urgency').txt(i.urgency);
  info.ele('severity').txt(i.severity);
  info.ele('certainty').txt(i.certainty);
  info.ele('expires').txt(capDateTime(i.expires));
  info.ele('senderName').txt(i.senderName);
  info.ele('headline').txt(i.headline);
  info.ele('description').txt(i.description);
  if (i.instruction) info.ele('instruction').txt(i.instruction);
  if (i.web) info.ele('web').txt(i.web);
  if (i.contact) info.ele('contact').txt(i.contact);
  if (i.resource) {
    const r = info.ele('resource');
    r.ele('resourceDesc').txt(i.resource.desc);
    r.ele('mimeType').txt(i.resource.mimeType);
    r.ele('uri').txt(i.resource.uri);
  }
  const area = info.ele('area');
  area.ele('areaDesc').txt(i.area.areaDesc.slice(0, 49));
  if (i.area.polygon) area.ele('polygon').txt(capPolygon(i.area.polygon));
  if (i.area.circle) area.ele('circle').txt(capCircle(i.area.circle));
  return root.end({ prettyPrint: true });
}
