import sharp from 'sharp';
import type { Logger } from 'pino';
import type { Database } from '@lookout/db';
import type { SessionUser } from '../../auth/auth.repo.ts';
import { createUsersRepo } from '../../users/users.repo.ts';
import type { TadpoleModule } from '../tadpole-module.ts';
import { createFoundChildDemoRepo } from './found-child.repo.ts';

/**
 * The demo story on `npm start` (DEMO): a passer-by finds a three-year-old boy alone on 花都路; the officer of
 * the 花川 post opens a found-child alert with a photo, verifies it, and Lookout sends it to the community
 * groups around (forward kits, and an SMS roster written to the labelled file sink of the embedded default). Two
 * tips come back, one marked useful. The reunion and the retraction are left for the person trying the demo.
 * Restarting reuses the groups and the open alert. The place is fictional (near the demo map centre).
 */
export const DEMO_FOUND_PLACE = '花都路（花川派出所辖区）';
export const DEMO_FOUND_POINT = { lon: 120.0415, lat: 28.8985 };
export const DEMO_FOUND_TITLE = `发现走失儿童 约1–3岁男童 ${DEMO_FOUND_PLACE}`;

function offset(p: { lon: number; lat: number }, eastM: number, northM: number) {
  return { lon: p.lon + eastM / (111_320 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat + northM / 110_574 };
}

const demoGroups = [
  { name: '花都路社区一网格群', channel: 'forward_kit', grid: '花都路一网格', at: [250, 100], r: 350, members: 180 },
  { name: '花川社区二网格群', channel: 'forward_kit', grid: '花川二网格', at: [-300, -250], r: 400, members: 240 },
  { name: '花川派出所联络员名单', channel: 'sms', grid: '花川派出所', at: [0, 0], r: 900, members: 12 },
  { name: '西城街道平安志愿者群', channel: 'forward_kit', grid: '西城三网格', at: [-1300, 200], r: 300, members: 320 },
  { name: '东城街道网格群', channel: 'forward_kit', grid: '东城一网格', at: [5200, 0], r: 400, members: 150 },
] as const;

/** A placeholder "photo": a drawn figure labelled as a demo, never a real child. */
async function demoPhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="640">
    <rect width="480" height="640" fill="#dde7f0"/>
    <circle cx="240" cy="200" r="80" fill="#f1c9a5"/>
    <rect x="150" y="290" width="180" height="200" rx="30" fill="#2f6fb3"/>
    <rect x="165" y="490" width="60" height="120" fill="#222"/><rect x="255" y="490" width="60" height="120" fill="#222"/>
    <text x="240" y="60" font-size="40" text-anchor="middle" fill="#a00">DEMO 示例</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg().toBuffer();
}

export function startFoundChildScenario(o: {
  database: Database;
  tadpole: TadpoleModule;
  baseUrl: string;
  log: Logger;
}): { done: Promise<void>; stop(): Promise<void> } {
  const log = o.log.child({ module: 'demo-found-child' });
  const repo = createFoundChildDemoRepo(o.database);
  const { alerts, tips, groups } = o.tadpole.services;
  let stopped = false;

  async function user(username: string): Promise<SessionUser | undefined> {
    const row = await createUsersRepo(o.database).findByUsername(username);
    return row && !row.disabled
      ? { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles }
      : undefined;
  }

  async function run(): Promise<void> {
    const officer = await user('officer');
    const commander = await user('commander');
    if (!officer || !commander) {
      log.warn('demo accounts missing; the found-child demo is skipped');
      return;
    }
    const have = await repo.groupNames();
    for (const g of demoGroups) {
      if (have.has(g.name) || stopped) continue;
      const c = offset(DEMO_FOUND_POINT, g.at[0], g.at[1]);
      await groups.create({
        name: g.name,
        channel: g.channel,
        gridName: g.grid,
        memberCount: g.members,
        area: { circle: { lon: c.lon, lat: c.lat, radiusM: g.r, datum: 'wgs84' } },
        ...(g.channel === 'sms' ? { credentials: { phones: ['13800000001', '13800000002'] } } : {}),
      });
    }
    if (stopped || (await repo.openAlertId(DEMO_FOUND_TITLE))) return;
    const { alert, publicUrl } = await alerts.create(
      {
        kind: 'found_child',
        ageBand: 'child_1_3',
        sex: 'male',
        heightCm: 95,
        clothing: '蓝色连帽上衣，黑色运动裤，白色运动鞋',
        publicNote: '孩子能说出“妈妈”“车车”，说不清家住哪里。',
        placeText: DEMO_FOUND_PLACE,
        point: { ...DEMO_FOUND_POINT, datum: 'wgs84' },
        seenAt: new Date(Date.now() - 20 * 60_000).toISOString(),
        contactPhone: '0579-87000110',
        maxRadiusM: 5000,
        expiresInHours: 72,
        caseFile: {
          data: { note: '路人在花都路边发现，独自一人，无明显外伤。', finder: '路人（已留电话）' },
          lawfulBasis: 'vital_interest',
        },
      },
      officer,
      o.baseUrl,
    );
    await alerts.uploadPhoto(alert.id, await demoPhoto(), 'image/jpeg', officer);
    await alerts.verify(alert.id, officer);
    const token = publicUrl.split('/t/')[1]!;
    const t1 = await tips.post(
      token,
      {
        idempotencyKey: 'demo-found-child-tip-1',
        text: '刚才在花都路公交站看到一位年轻妈妈很着急地在找孩子，往西边去了。',
        location: { source: 'pin', ...offset(DEMO_FOUND_POINT, -180, 60), datum: 'wgs84' },
        phone: '13900000001',
      },
      'demo-tipper-1',
    );
    await tips.post(
      token,
      {
        idempotencyKey: 'demo-found-child-tip-2',
        text: '好像是花川小区的孩子，之前在小区楼下见过。',
        location: { source: 'pin', ...offset(DEMO_FOUND_POINT, -320, -200), datum: 'wgs84' },
      },
      'demo-tipper-2',
    );
    await tips.mark(t1.tip.id, true, commander);
    log.info({ alertId: alert.id, publicUrl }, 'found-child demo alert is active');
  }

  const done = run().catch((err: unknown) => log.warn({ err }, 'found-child demo failed'));
  return {
    done,
    async stop() {
      stopped = true;
      await done;
    },
  };
}
