import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedTranslators } from '../shared/fixed-translators.ts';
import type { DroneEvent } from '@lookout/contracts';
import en from '../locales/drones.en.json';
import zhCN from '../locales/drones.zh-CN.json';
import { hmsItemOf, hmsText, taskText } from './drone-event-text.ts';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh, english } = await fixedTranslators(zhCN, en));
});

function event(over: Partial<DroneEvent>): DroneEvent {
  return {
    id: 1,
    droneId: 'dji-1',
    deviceSerial: '7CTDM4100BDEMO',
    t: '2026-11-21T08:00:00.000Z',
    type: 'hms',
    level: 2,
    code: '0x16100083',
    data: { level: 2, module: 3, in_the_sky: 1, args: { component_index: 0, sensor_index: 1 } },
    ...over,
  };
}

describe('hmsText', () => {
  it('names level, module and code in words, in both languages', () => {
    const item = hmsItemOf(event({}));
    expect(hmsText(zh, item)).toBe('警告：健康管理 · 代码 0x16100083 · 部件 0 · 传感器 1');
    expect(hmsText(english, item)).toBe('Warning: Health (HMS) · code 0x16100083 · component 0 · sensor 1');
    expect(item.inTheSky).toBe(true);
  });

  it('says an unknown module by its number and leaves out absent component indices', () => {
    expect(hmsText(english, { level: 1, module: 9, code: '0x1' })).toBe('Caution: Module 9 · code 0x1');
  });
});

describe('taskText', () => {
  it('reads status, percent and waypoint of a flight-task progress', () => {
    const e = event({
      type: 'flighttask_progress',
      level: null,
      code: 'in_progress',
      data: { status: 'in_progress', progress: { percent: 42.4 }, ext: { current_waypoint_index: 3 } },
    });
    expect(taskText(zh, e)).toBe('航线任务 执行中 · 42% · 航点 3');
    expect(taskText(english, e)).toBe('Flight task in progress · 42% · waypoint 3');
  });

  it('shows a status it does not know as sent', () => {
    expect(taskText(english, event({ type: 'flighttask_progress', code: 'mystery', data: {} }))).toBe(
      'Flight task mystery',
    );
  });
});
