import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives the embedded defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demo).toBe(true);
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.embeddedMqttPort).toBeUndefined();
  });

  it('turns the demo off on real services unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://h/db', MQTT_URL: 'mqtt://h:1883' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://h/db', DEMO: 'on' }).demo).toBe(true);
  });

  it('lists every bad key at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MAP_CENTER: '200,10', TLS_CERT: 'a.pem' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = (err as ConfigError).problems.join('\n');
      expect(text).toContain('PORT');
      expect(text).toContain('DATABASE_URL');
      expect(text).toContain('MAP_CENTER');
    }
  });

  it('requires TLS_CERT and TLS_KEY together', () => {
    expect(() => loadConfig({ TLS_KEY: 'k.pem' })).toThrow(/TLS_CERT and TLS_KEY/);
  });

  it('reads the dynamic-security admin of the Mosquitto at MQTT_URL, both keys or neither', () => {
    const mqtt = { MQTT_URL: 'mqtt://h:1883' };
    expect(loadConfig(mqtt).dynsecAdmin).toBeUndefined();
    expect(
      loadConfig({ ...mqtt, MQTT_DYNSEC_USER: 'lookout-dynsec', MQTT_DYNSEC_PASSWORD: 's3cret' }).dynsecAdmin,
    ).toEqual({ username: 'lookout-dynsec', password: 's3cret' });
    expect(() => loadConfig({ ...mqtt, MQTT_DYNSEC_USER: 'lookout-dynsec' })).toThrow(/set together/);
    expect(() => loadConfig({ MQTT_DYNSEC_USER: 'a', MQTT_DYNSEC_PASSWORD: 'b' })).toThrow(/needs MQTT_URL/);
  });

  it('reads the DJI app with the shared parser, listing its problems with the others', () => {
    expect(loadConfig({ DJI_NTP_HOST: 'ntp.station.lan' }).dji).toMatchObject({
      appId: '',
      license: undefined,
      ntpServerHost: 'ntp.station.lan',
      ntpServerPort: 123,
    });
    try {
      loadConfig({ PORT: 'eighty', DJI_APP_ID: '123456' });
      expect.unreachable();
    } catch (err) {
      const text = (err as ConfigError).problems.join('\n');
      expect(text).toContain('PORT');
      expect(text).toContain('DJI_APP_ID, DJI_APP_KEY and DJI_LICENSE must be set together');
    }
  });

  it('reads the basemap datum and refuses another name or a tile template without {z}/{x}/{y}', () => {
    expect(loadConfig({}).basemapDatum).toBe('wgs84');
    expect(loadConfig({ BASEMAP_DATUM: 'gcj02' }).basemapDatum).toBe('gcj02');
    expect(() => loadConfig({ BASEMAP_DATUM: 'gcj-02' })).toThrow(/BASEMAP_DATUM/);
    expect(() => loadConfig({ BASEMAP_URL: 'https://tiles.lan/map.png' })).toThrow(
      /BASEMAP_URL.*\{z\}, \{x\} and \{y\}/s,
    );
    expect(loadConfig({ BASEMAP_URL: 'https://tiles.lan/{z}/{x}/{y}.png' }).basemapUrl).toContain('{z}');
    expect(loadConfig({ BASEMAP_URL: 'https://tiles.lan/area.pmtiles' }).basemapUrl).toContain('pmtiles');
  });

  it('parses a map centre', () => {
    expect(loadConfig({ MAP_CENTER: '120.5, 29.1' }).mapCenter).toEqual([120.5, 29.1]);
  });

  it('takes the bridge credentials from MQTT_URL, else from MQTT_BRIDGE_USER + LOOKOUT_BRIDGE_MQTT_PASSWORD', () => {
    expect(loadConfig({ MQTT_URL: 'mqtt://br%40dge:p%3Ass@h:1883' }).mqttBridgeUser).toEqual({
      username: 'br@dge',
      password: 'p:ss',
    });
    expect(
      loadConfig({ MQTT_URL: 'mqtt://h:1883', MQTT_BRIDGE_USER: 'lookout-bridge', LOOKOUT_BRIDGE_MQTT_PASSWORD: 'pw' })
        .mqttBridgeUser,
    ).toEqual({ username: 'lookout-bridge', password: 'pw' });
    expect(loadConfig({ MQTT_URL: 'mqtt://h:1883' }).mqttBridgeUser).toBeUndefined();
  });

  it('reads TRUST_PROXY as off, a hop count or the proxies, and refuses to trust every sender', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, loopback,192.168.0.0/16' }).trustProxy).toEqual([
      '10.0.0.5',
      'loopback',
      '192.168.0.0/16',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.300' })).toThrow(/TRUST_PROXY/);
  });

  it('reads ROBOT_EXTRA_ORIGINS as origins only (a stand-in of the vendors), none by default', () => {
    expect(loadConfig({}).robotExtraOrigins).toEqual([]);
    expect(loadConfig({ ROBOT_EXTRA_ORIGINS: 'http://127.0.0.1:9000, https://robots.lan/' }).robotExtraOrigins).toEqual(
      ['http://127.0.0.1:9000', 'https://robots.lan'],
    );
    expect(() => loadConfig({ ROBOT_EXTRA_ORIGINS: 'http://127.0.0.1:9000/cgi-bin' })).toThrow(/ROBOT_EXTRA_ORIGINS/);
    expect(() => loadConfig({ ROBOT_EXTRA_ORIGINS: 'ftp://robots.lan' })).toThrow(/ROBOT_EXTRA_ORIGINS/);
  });
});
