import { describe, expect, it } from 'vitest';
import { hlsPlayUrl, hlsTargetOf } from './hls-play-url.ts';

const TOKEN = 'eyJwIjoxfQ.c2lnbmF0dXJl_-';

describe('hlsPlayUrl', () => {
  it('puts the token in front of the stream, so the relative segment URLs carry it', () => {
    expect(hlsPlayUrl('http://media:8080/hls/', 'd1', TOKEN)).toBe(`http://media:8080/hls/${TOKEN}/d1/index.m3u8`);
  });
});

describe('hlsTargetOf', () => {
  it('reads the token from the path', () => {
    expect(hlsTargetOf(`/hls/${TOKEN}/d1/index.m3u8`)).toEqual({ stream: 'd1', file: 'index.m3u8', token: TOKEN });
    expect(hlsTargetOf(`/hls/${TOKEN}/d1/12.ts`)).toEqual({ stream: 'd1', file: '12.ts', token: TOKEN });
  });

  it('reads the token from the query', () => {
    expect(hlsTargetOf(`/hls/d1/index.m3u8?token=${TOKEN}`)).toEqual({
      stream: 'd1',
      file: 'index.m3u8',
      token: TOKEN,
    });
  });

  it('has no token when none is given (a path segment without a dot is no token)', () => {
    expect(hlsTargetOf('/hls/d1/index.m3u8')).toEqual({ stream: 'd1', file: 'index.m3u8', token: undefined });
    expect(hlsTargetOf('/media/hls/d1/3.ts?token=')).toEqual({ stream: 'd1', file: '3.ts', token: undefined });
  });

  it('refuses what the media server could resolve to another file', () => {
    for (const uri of [
      `/hls/${TOKEN}/d1/../d2/index.m3u8`,
      `/hls/${TOKEN}/%2e%2e/d2/index.m3u8`,
      `/hls/${TOKEN}/d1%2Fx/index.m3u8`,
      `/hls/${TOKEN}//d1/index.m3u8`,
      `/hls/${TOKEN}/d1/./index.m3u8`,
      `/hls/${TOKEN}/d1/index.m3u8/`,
      'hls/d1/index.m3u8',
    ])
      expect(hlsTargetOf(uri), uri).toBeUndefined();
  });

  it('refuses other files, odd stream names, two tokens and no header', () => {
    for (const uri of [
      `/hls/${TOKEN}/d1/secret.key`,
      `/hls/${TOKEN}/d1/index.m3u8x`,
      `/hls/${TOKEN}/d.1/index.m3u8`,
      `/hls/d1/index.m3u8?token=a.b&token=c.d`,
      `/${'a'.repeat(3000)}/d1/index.m3u8`,
      undefined,
      ['/hls/d1/index.m3u8'],
    ])
      expect(hlsTargetOf(uri), String(uri)).toBeUndefined();
  });
});
