import { describe, expect, it } from 'vitest';
import { loadBridgeConfig } from '../config.ts';
import { djiReplyMessage } from './dji-replies.ts';
import { parseDjiPlatformEnv } from './dji-platform-env.ts';

const app = { DJI_APP_ID: '123456', DJI_APP_KEY: 'key-of-the-station', DJI_LICENSE: 'licence==' };

describe('parseDjiPlatformEnv', () => {
  it('leaves the app empty and names DJI’s default NTP server when nothing is set', () => {
    expect(parseDjiPlatformEnv({})).toEqual({
      ok: true,
      settings: {
        appId: '',
        appKey: '',
        appLicense: '',
        ntpServerHost: 'ntp.aliyun.com',
        ntpServerPort: 123,
        license: undefined,
      },
    });
  });

  it('reads the app, its licence and the NTP server', () => {
    const parsed = parseDjiPlatformEnv({ ...app, DJI_NTP_HOST: 'ntp.station.lan', DJI_NTP_PORT: '1123' });
    expect(parsed).toEqual({
      ok: true,
      settings: {
        appId: '123456',
        appKey: 'key-of-the-station',
        appLicense: 'licence==',
        ntpServerHost: 'ntp.station.lan',
        ntpServerPort: 1123,
        license: { appId: '123456', appKey: 'key-of-the-station', license: 'licence==' },
      },
    });
  });

  it('counts an empty value as unset', () => {
    const parsed = parseDjiPlatformEnv({ DJI_APP_ID: '', DJI_APP_KEY: '', DJI_LICENSE: '', DJI_NTP_PORT: '' });
    expect(parsed.ok && parsed.settings.ntpServerPort).toBe(123);
    expect(parsed.ok && parsed.settings.license).toBeUndefined();
  });

  it('refuses part of the app, and a bad NTP port, in one list', () => {
    const parsed = parseDjiPlatformEnv({ DJI_APP_ID: '123456', DJI_NTP_PORT: '70000' });
    expect(parsed.ok).toBe(false);
    const issues = parsed.ok ? '' : parsed.issues.join('\n');
    expect(issues).toContain('DJI_NTP_PORT');
    expect(issues).toContain('DJI_APP_ID, DJI_APP_KEY and DJI_LICENSE must be set together');
  });
});

describe('a standalone bridge’s answer to a dock’s config request', () => {
  const env = { DATABASE_URL: 'postgres://root@127.0.0.1/test', MQTT_URL: 'mqtt://127.0.0.1:1884' };
  const request = {
    kind: 'dji-reply' as const,
    gateway: 'DOCK123',
    topic: 'thing/product/DOCK123/requests',
    method: 'config',
    tid: 't-1',
    bid: 'b-1',
    answer: 'config' as const,
  };

  it('carries the station’s DJI app and NTP settings from its environment', () => {
    const config = loadBridgeConfig({ ...env, ...app, DJI_NTP_HOST: 'ntp.station.lan' });
    expect(djiReplyMessage(request, 1_700_000_000_000, config.dji, new Map())).toEqual({
      tid: 't-1',
      bid: 'b-1',
      timestamp: 1_700_000_000_000,
      gateway: 'DOCK123',
      method: 'config',
      data: {
        app_id: 123456,
        app_key: 'key-of-the-station',
        app_license: 'licence==',
        ntp_server_host: 'ntp.station.lan',
        ntp_server_port: 123,
      },
    });
  });

  it('refuses to start with part of the app', () => {
    expect(() => loadBridgeConfig({ ...env, DJI_APP_KEY: 'key' })).toThrow(/DJI_APP_ID, DJI_APP_KEY and DJI_LICENSE/);
  });
});
