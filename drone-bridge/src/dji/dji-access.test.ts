import { describe, expect, it } from 'vitest';
import { djiMaySubscribe, djiPublishDecision, type DjiAccessSnapshot } from './dji-access.ts';
import { djiTopics } from './dji-topics.ts';

const access = (): DjiAccessSnapshot => ({
  gatewayOwner: new Map([
    ['RC1', 'alice'],
    ['RC2', 'bob'],
  ]),
  subGateway: new Map([
    ['AC1', 'RC1'],
    ['AC2', 'RC2'],
  ]),
});

describe('djiPublishDecision', () => {
  it('lets a gateway publish for itself and its bound aircraft', () => {
    expect(djiPublishDecision(access(), 'alice', djiTopics.osd('AC1'))).toEqual({ allow: true });
    expect(djiPublishDecision(access(), 'alice', djiTopics.events('RC1'))).toEqual({ allow: true });
  });

  it('refuses an aircraft bound to another pilot’s gateway as serial_bound_elsewhere', () => {
    expect(djiPublishDecision(access(), 'alice', djiTopics.osd('AC2'))).toMatchObject({
      allow: false,
      reason: 'serial_bound_elsewhere',
    });
  });

  it('binds a new gateway on its first status and refuses its other topics until then', () => {
    expect(djiPublishDecision(access(), 'alice', djiTopics.status('RC9'))).toEqual({ allow: true, bindGateway: 'RC9' });
    expect(djiPublishDecision(access(), 'alice', djiTopics.events('RC9'))).toMatchObject({ allow: false });
  });

  it('says nothing about topics outside DJI’s tree', () => {
    expect(djiPublishDecision(access(), 'alice', 'lookout/v1/drones/x/telemetry')).toBeUndefined();
  });
});

describe('djiMaySubscribe', () => {
  it('allows the replies of its own or a still unbound gateway, not another pilot’s', () => {
    expect(djiMaySubscribe(access(), 'alice', djiTopics.services('RC1'))).toBe(true);
    expect(djiMaySubscribe(access(), 'alice', djiTopics.statusReply('RC9'))).toBe(true);
    expect(djiMaySubscribe(access(), 'alice', djiTopics.requestsReply('RC2'))).toBe(false);
    expect(djiMaySubscribe(access(), 'alice', 'thing/product/#')).toBe(false);
  });
});
