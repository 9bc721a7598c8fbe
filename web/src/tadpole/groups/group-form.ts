import type { AreaInput, Channel, CreateGroupBody, Group, UpdateGroupBody } from '@lookout/contracts';

/** The area being drawn: a circle (centre tapped, radius typed) or a polygon (vertices tapped in order). */
export type DraftArea =
  | { kind: 'circle'; center: { lon: number; lat: number } | null; radiusM: string }
  | { kind: 'polygon'; points: { lon: number; lat: number }[] };

/** What the form holds; every text as typed. Credentials are write-only: empty means "keep what is stored". */
export interface GroupFormState {
  name: string;
  channel: Channel;
  gridName: string;
  memberCount: string;
  liaisonId: string;
  officerId: string;
  /** null = keep the stored area (editing, not redrawn). */
  area: DraftArea | null;
  webhookUrl: string;
  signSecret: string;
  phones: string;
}

export type FormProblem =
  'name' | 'memberCount' | 'area' | 'radius' | 'polygon' | 'credentialsNeeded' | 'webhookUrl' | 'phones';

export const ROBOT_CHANNELS: readonly Channel[] = ['wecom', 'dingtalk', 'feishu'];
export const MAX_RADIUS_M = 50_000;

export function emptyForm(): GroupFormState {
  return {
    name: '',
    channel: 'wecom',
    gridName: '',
    memberCount: '0',
    liaisonId: '',
    officerId: '',
    area: { kind: 'circle', center: null, radiusM: '500' },
    webhookUrl: '',
    signSecret: '',
    phones: '',
  };
}

export function formFromGroup(g: Group): GroupFormState {
  return {
    ...emptyForm(),
    name: g.name,
    channel: g.channel,
    gridName: g.gridName ?? '',
    memberCount: String(g.memberCount),
    liaisonId: g.liaisonId ?? '',
    officerId: g.officerId ?? '',
    area: null,
  };
}

function areaInput(area: DraftArea): AreaInput | FormProblem {
  if (area.kind === 'circle') {
    const r = Number(area.radiusM);
    if (!area.center) return 'area';
    if (!Number.isFinite(r) || r <= 0 || r > MAX_RADIUS_M) return 'radius';
    return { circle: { lon: area.center.lon, lat: area.center.lat, radiusM: r, datum: 'wgs84' } };
  }
  if (area.points.length < 3) return 'polygon';
  const ring = area.points.map((p): [number, number] => [p.lon, p.lat]);
  return { type: 'Polygon', datum: 'wgs84', coordinates: [[...ring, ring[0]!]] };
}

function credentialsInput(s: GroupFormState): CreateGroupBody['credentials'] | FormProblem | undefined {
  if (s.channel === 'forward_kit') return undefined;
  if (s.channel === 'sms') {
    const phones = s.phones
      .split(/[\s,;，；]+/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (!phones.length) return undefined;
    if (phones.some((p) => !/^\+?[0-9][0-9-]{4,19}$/.test(p))) return 'phones';
    return { phones };
  }
  const url = s.webhookUrl.trim();
  if (!url) return s.signSecret.trim() ? 'webhookUrl' : undefined;
  if (!/^https?:\/\//.test(url)) return 'webhookUrl';
  return { webhookUrl: url, ...(s.signSecret.trim() ? { signSecret: s.signSecret.trim() } : {}) };
}

/**
 * The request body of the form, or what is wrong. Creating needs an area and (but for forward kits) credentials;
 * editing sends only what may change: no credentials = keep the stored ones, unless the channel changes.
 */
export function formBody(
  s: GroupFormState,
  editing: Group | null,
): { body: CreateGroupBody | UpdateGroupBody } | { problem: FormProblem } {
  if (!s.name.trim()) return { problem: 'name' };
  const members = Number(s.memberCount || '0');
  if (!Number.isInteger(members) || members < 0 || members > 1_000_000) return { problem: 'memberCount' };
  const credentials = credentialsInput(s);
  if (typeof credentials === 'string') return { problem: credentials };
  const channelChanged = editing !== null && editing.channel !== s.channel;
  const needsCredentials = s.channel !== 'forward_kit' && (!editing || channelChanged || !editing.hasCredentials);
  if (needsCredentials && !credentials) return { problem: 'credentialsNeeded' };
  const area = s.area ? areaInput(s.area) : null;
  if (typeof area === 'string') return { problem: area };
  if (!area && !editing) return { problem: 'area' };
  const common = {
    name: s.name.trim(),
    channel: s.channel,
    gridName: s.gridName.trim() || null,
    memberCount: members,
    liaisonId: s.liaisonId || null,
    officerId: s.officerId || null,
    ...(area ? { area } : {}),
    ...(credentials ? { credentials } : {}),
  };
  if (editing && channelChanged && s.channel === 'forward_kit') return { body: { ...common, credentials: null } };
  return { body: common as CreateGroupBody };
}

/** A circle as a closed ring of `steps` positions (metres on a sphere; good to a few metres for a 网格). */
export function circleRing(center: { lon: number; lat: number }, radiusM: number, steps = 64): [number, number][] {
  const R = 6_371_008.8;
  const lat1 = (center.lat * Math.PI) / 180;
  const lon1 = (center.lon * Math.PI) / 180;
  const d = radiusM / R;
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const brg = (2 * Math.PI * (i % steps)) / steps;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(brg));
    const lon2 =
      lon1 + Math.atan2(Math.sin(brg) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
    ring.push([(lon2 * 180) / Math.PI, (lat2 * 180) / Math.PI]);
  }
  return ring;
}
