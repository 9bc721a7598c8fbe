import { estimateCallerBattery, type CaseDetail } from '@lookout/contracts';
import { stepTimes } from '../board/case-clocks.ts';
import { describe, expect, it } from 'vitest';
import { rewind, type CaseExportData } from './case-export.ts';
import { timelineCsv } from './timeline-csv.ts';

const area = (r: number[][]) =>
  r.slice(0, -1).reduce((s, p, i) => s + p[0]! * r[i + 1]![1]! - r[i + 1]![0]! * p[1]!, 0);

describe('rewind (RFC 7946 right-hand rule)', () => {
  it('turns a clockwise exterior counter-clockwise and a counter-clockwise hole clockwise', () => {
    const cwOuter = [
      [0, 0],
      [0, 10],
      [10, 10],
      [10, 0],
      [0, 0],
    ];
    const ccwHole = [
      [2, 2],
      [8, 2],
      [8, 8],
      [2, 8],
      [2, 2],
    ];
    const [outer, hole] = rewind([cwOuter, ccwHole]);
    expect(area(outer!)).toBeGreaterThan(0);
    expect(area(hole!)).toBeLessThan(0);
    expect(rewind([outer!])[0]).toEqual(outer); // already right: unchanged
  });
});

describe('timelineCsv', () => {
  const detail = (events: CaseDetail['events']): CaseExportData => ({
    detail: {
      case: {
        id: '00000000-0000-4000-8000-000000000001',
        kind: 'lost_person',
        status: 'closed',
        title: '+cmd|/C calc!A0',
        description: null,
        reporterPhone: '13800000000',
        subjectCount: 1,
        subjectCategory: 'hiker',
        terrain: null,
        ipp: null,
        targetSightingId: null,
        createdBy: 'u1',
        createdAt: '2026-01-01T00:00:00.000Z',
        acknowledgedAt: null,
        closedAt: '2026-01-01T01:00:00.000Z',
        step: 'closed',
        times: stepTimes(events),
      },
      events,
      callerLocations: { type: 'FeatureCollection', features: [] },
      callerBattery: estimateCallerBattery([]),
      matches: [],
      assignments: [],
      rings: null,
      drones: [],
    },
    sightings: [],
    tracks: [],
    sectors: [],
    coverage: [],
    window: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' },
    truncated: false,
    names: new Map([['u1', '@张三']]),
    generatedAt: '2026-01-01T02:00:00.000Z',
  });

  it('guards every formula start (= + - @ tab CR) in titles, notes and names; sorts out-of-order events', () => {
    const csv = timelineCsv(
      detail([
        {
          seq: 3,
          type: 'closed',
          at: '2026-01-01T01:00:00.000Z',
          actorId: 'u1',
          data: { note: '-2+3', outcome: 'other' },
        },
        { seq: 1, type: 'opened', at: '2026-01-01T00:00:00.000Z', actorId: 'u1', data: {} },
        { seq: 2, type: 'acknowledged', at: '2026-01-01T00:01:30.000Z', actorId: null, data: { reason: '\tx' } },
      ]),
    );
    expect(csv).not.toContain('13800000000');
    const cells = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .flatMap((l) => l.split(','));
    for (const c of cells) expect(c.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    expect(csv).toContain("'+cmd|/C calc!A0");
    expect(csv).toContain("'-2+3");
    expect(csv).toContain("'@张三");
    const lines = csv.split('\r\n');
    expect(lines.findIndex((l) => l.includes(',1,opened,'))).toBeLessThan(
      lines.findIndex((l) => l.includes(',3,closed,')),
    );
    expect(lines.find((l) => l.includes(',report_to_acknowledged,'))).toContain(',90,');
    expect(lines.find((l) => l.includes(',report_to_closed,'))).toContain(',3600,');
    expect(lines.find((l) => l.includes(',report_to_found,'))).toMatch(/^,,interval,/);
  });
});
