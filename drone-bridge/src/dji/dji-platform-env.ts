import type { DjiLicense } from '@lookout/contracts';
import { z } from 'zod';
import type { DjiPlatformConfig } from './dji-replies.ts';

/**
 * The station's DJI Cloud API settings from the environment, parsed the same way by the server (Lookout's Pilot 2
 * page hands the licence to `platformVerifyLicense`) and by every bridge (a dock's `config` request is answered
 * with them): DJI_APP_ID / DJI_APP_KEY / DJI_LICENSE from DJI's developer site, all three or none, and the NTP
 * server docks set their clocks from. An empty value counts as unset.
 */
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

const djiPlatformEnv = z
  .object({
    DJI_APP_ID: z.preprocess(emptyAsUndefined, z.string().max(64).optional()),
    DJI_APP_KEY: z.preprocess(emptyAsUndefined, z.string().max(256).optional()),
    DJI_LICENSE: z.preprocess(emptyAsUndefined, z.string().max(4096).optional()),
    DJI_NTP_HOST: z.preprocess(emptyAsUndefined, z.string().default('ntp.aliyun.com')),
    DJI_NTP_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65_535).default(123)),
  })
  .refine((e) => [e.DJI_APP_ID, e.DJI_APP_KEY, e.DJI_LICENSE].filter(Boolean).length % 3 === 0, {
    message: 'DJI_APP_ID, DJI_APP_KEY and DJI_LICENSE must be set together',
    path: ['DJI_LICENSE'],
  });

export interface DjiPlatformSettings extends DjiPlatformConfig {
  /** All three of App ID, App Key and License, or undefined: the platform is not configured. */
  license: DjiLicense | undefined;
}

/** The settings, or the problems as `KEY: message` lines (to list with a package's other bad keys). */
export function parseDjiPlatformEnv(
  env: Record<string, string | undefined>,
): { ok: true; settings: DjiPlatformSettings } | { ok: false; issues: string[] } {
  const parsed = djiPlatformEnv.safeParse(env);
  if (!parsed.success)
    return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`) };
  const e = parsed.data;
  return {
    ok: true,
    settings: {
      appId: e.DJI_APP_ID ?? '',
      appKey: e.DJI_APP_KEY ?? '',
      appLicense: e.DJI_LICENSE ?? '',
      ntpServerHost: e.DJI_NTP_HOST,
      ntpServerPort: e.DJI_NTP_PORT,
      license:
        e.DJI_APP_ID && e.DJI_APP_KEY && e.DJI_LICENSE
          ? { appId: e.DJI_APP_ID, appKey: e.DJI_APP_KEY, license: e.DJI_LICENSE }
          : undefined,
    },
  };
}
