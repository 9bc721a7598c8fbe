import { describe, expect, it } from 'vitest';
import { ConfigError, loadBridgeConfig } from './config.ts';

const base = { DATABASE_URL: 'postgres://root@127.0.0.1/test', MQTT_URL: 'mqtt://bridge:s%40cret@127.0.0.1:1884' };

describe('loadBridgeConfig', () => {
  it('takes the credentials out of MQTT_URL', () => {
    const c = loadBridgeConfig(base);
    expect(c.mqttUrl).toBe('mqtt://127.0.0.1:1884');
    expect(c.username).toBe('bridge');
    expect(c.password).toBe('s@cret');
  });

  it('shares the subscription by default and defaults the client id to the host', () => {
    const c = loadBridgeConfig(base);
    expect(c.shared).toBe(true);
    expect(c.clientId).toMatch(/^lookout-bridge-/);
    expect(c.batchMax).toBe(2000);
  });

  it('lets BRIDGE_SHARED=false turn sharing off', () => {
    expect(loadBridgeConfig({ ...base, BRIDGE_SHARED: 'false' }).shared).toBe(false);
  });

  it('lists every bad key at once', () => {
    try {
      loadBridgeConfig({ MQTT_URL: 'http://x', BRIDGE_BATCH_MAX: '0' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const issues = (err as ConfigError).issues.join('\n');
      expect(issues).toContain('DATABASE_URL');
      expect(issues).toContain('MQTT_URL');
      expect(issues).toContain('BRIDGE_BATCH_MAX');
    }
  });

  it('reads MAVLINK_UDP_PORT (unset: the default with the next free port) and refuses a bad one', () => {
    expect(loadBridgeConfig(base).mavlinkUdpPort).toBeUndefined();
    expect(loadBridgeConfig({ ...base, MAVLINK_UDP_PORT: '14600' }).mavlinkUdpPort).toBe(14600);
    expect(() => loadBridgeConfig({ ...base, MAVLINK_UDP_PORT: '70000' })).toThrow(/MAVLINK_UDP_PORT/);
    expect(() => loadBridgeConfig({ ...base, SECRETS_KEY: 'c2hvcnQ=' })).toThrow(/SECRETS_KEY/);
  });
});
