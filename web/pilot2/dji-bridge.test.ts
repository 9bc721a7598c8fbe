import { describe, expect, it } from 'vitest';
import { isConnectedArg, isYes, parseBridgeResult, serialOf } from './dji-bridge.ts';

describe('parseBridgeResult', () => {
  it('reads the JSON string every JSBridge call returns', () => {
    expect(parseBridgeResult('{"code":0,"message":"ok","data":true}')).toEqual({ code: 0, message: 'ok', data: true });
  });
  it('makes a failure of text it cannot read', () => {
    expect(parseBridgeResult('boom')).toEqual({ code: -1, message: 'boom', data: null });
    expect(parseBridgeResult(undefined).code).toBe(-1);
  });
});

describe('isYes / isConnectedArg', () => {
  it('says yes only for code 0 with data true', () => {
    expect(isYes('{"code":0,"data":true}')).toBe(true);
    expect(isYes('{"code":0,"data":false}')).toBe(false);
    expect(isYes('{"code":1,"data":true}')).toBe(false);
  });
  it('reads every form a connect callback may get', () => {
    for (const yes of [true, 'true', 1, '1', '{"code":0,"data":true}']) expect(isConnectedArg(yes)).toBe(true);
    for (const no of [false, 'false', 0, undefined, '{"code":0,"data":false}']) expect(isConnectedArg(no)).toBe(false);
  });
});

describe('serialOf', () => {
  it('takes a serial from a successful answer and nothing else', () => {
    expect(serialOf('{"code":0,"data":"1581F5FHD232800D0B5H"}')).toBe('1581F5FHD232800D0B5H');
    expect(serialOf('{"code":0,"data":""}')).toBeUndefined();
    expect(serialOf('{"code":-1,"data":"x"}')).toBeUndefined();
  });
});
