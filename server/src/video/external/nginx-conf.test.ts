import { describe, expect, it } from 'vitest';
import { renderNginxConf, type NginxConfOptions } from './nginx-conf.ts';

const base: NginxConfOptions = {
  rtmpModule: null,
  rtmpListen: '1935',
  httpListen: '8080',
  lookoutApi: 'http://lookout:3000/api/v1/',
  hookToken: 'hook-token-0123456789',
  hlsPath: '/var/lib/lookout-hls',
};

describe('renderNginxConf', () => {
  it('sends every callback to Lookout with the hook token', () => {
    const conf = renderNginxConf(base);
    for (const [directive, hook] of [
      ['on_publish', 'nginx/publish'],
      ['on_play', 'nginx/play'],
      ['on_update', 'nginx/update'],
      ['on_publish_done', 'nginx/done'],
    ])
      expect(conf).toContain(
        `${directive} http://lookout:3000/api/v1/video/hooks/${hook}?hook_token=hook-token-0123456789;`,
      );
    expect(conf).toContain('proxy_pass http://lookout:3000/api/v1/video/hooks/http-play;');
    expect(conf).toContain('proxy_set_header Authorization "Bearer hook-token-0123456789";');
    expect(conf).toContain('hls_path /var/lib/lookout-hls;');
    expect(conf).not.toContain('load_module');
    expect(conf).not.toContain('rtmp_stat');
    expect(renderNginxConf({ ...base, statAllow: '10.0.0.5' })).toContain(
      'location = /stat { rtmp_stat all; allow 10.0.0.5; deny all; }',
    );
  });

  it('refuses values nginx would read as syntax', () => {
    expect(() => renderNginxConf({ ...base, hookToken: 'x; include /etc/passwd' })).toThrow(/hookToken/);
    expect(() => renderNginxConf({ ...base, hlsPath: '/tmp/$uri' })).toThrow(/hlsPath/);
    expect(() => renderNginxConf({ ...base, hlsPath: 'relative/hls' })).toThrow(/absolute/);
    expect(() => renderNginxConf({ ...base, allowOrigin: 'http://a} server {' })).toThrow(/allowOrigin/);
    expect(() => renderNginxConf({ ...base, statAllow: '10.0.0.1; allow all' })).toThrow(/statAllow/);
    expect(() => renderNginxConf({ ...base, lookoutApi: 'https://lookout/api/v1' })).toThrow(/http:/);
  });
});
