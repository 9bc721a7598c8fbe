import { randomUUID } from 'node:crypto';
import type { Harness } from '../../testing/harness.ts';
import { call } from '../../testing/case-factories.ts';

/** A point `eastM`/`northM` metres from p (small distances; fixtures only). */
export function offset(p: { lon: number; lat: number }, eastM: number, northM = 0): { lon: number; lat: number } {
  return { lon: p.lon + eastM / (111_320 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat + northM / 110_574 };
}

/** A random spot far from the demo and from other tests' groups (a real database is shared across runs). */
export function lonelySpot(): { lon: number; lat: number } {
  return { lon: 85 + Math.random() * 15, lat: 30 + Math.random() * 10 };
}

/** A community group through the delivery module (a circle of `radiusM` around `at`). */
export async function groupAt(
  h: Harness,
  at: { lon: number; lat: number },
  o: { name?: string; channel?: 'forward_kit' | 'sms'; radiusM?: number; members?: number } = {},
): Promise<string> {
  const channel = o.channel ?? 'forward_kit';
  const g = await h.server.services.tadpole.services.groups.create({
    name: o.name ?? `群-${randomUUID().slice(0, 6)}`,
    channel,
    memberCount: o.members ?? 100,
    area: { circle: { lon: at.lon, lat: at.lat, radiusM: o.radiusM ?? 100, datum: 'wgs84' } },
    ...(channel === 'sms' ? { credentials: { phones: ['13800000000'] } } : {}),
  });
  return g.id;
}

export interface CreatedAlert {
  id: string;
  caseId: string;
  publicUrl: string;
  token: string;
}

/** A draft alert through the API. */
export async function createAlert(
  h: Harness,
  cookie: string,
  at: { lon: number; lat: number },
  extra: Record<string, unknown> = {},
): Promise<CreatedAlert> {
  const res = await call(h, 'POST', '/api/v1/tadpole/alerts', {
    cookie,
    body: {
      kind: 'found_child',
      ageBand: 'child_1_3',
      sex: 'male',
      heightCm: 95,
      clothing: '蓝色上衣，黑色裤子',
      placeText: '花都路',
      point: { ...at, datum: 'wgs84' },
      seenAt: new Date().toISOString(),
      contactPhone: '0579-87654321',
      maxRadiusM: 3000,
      caseFile: { data: { childName: '小明', guardian: { name: '王女士', idNumber: '330784199001011234' } } },
      ...extra,
    },
  });
  if (res.status !== 201) throw new Error(`create alert: ${res.status} ${JSON.stringify(res.body)}`);
  const publicUrl = String(res.body.publicUrl);
  return { id: res.body.alert.id, caseId: res.body.alert.caseId, publicUrl, token: publicUrl.split('/t/')[1]! };
}

/** A JPEG of a few pixels (optionally with EXIF GPS), made by sharp. */
export async function jpeg(withGps = false): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  let img = sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 40 } } }).jpeg();
  if (withGps) {
    img = img.withExif({
      IFD0: { Make: 'TestPhone', Model: 'GPS-1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '28/1 57/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '120/1 4/1 1200/100',
      },
    });
  }
  return img.toBuffer();
}

export async function rawPost(
  h: Harness,
  method: 'POST' | 'PUT',
  path: string,
  body: Buffer,
  headers: Record<string, string>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}
