import { describe, expect, it } from 'vitest';
import { draftToBody, emptyDraft, localInputValue, validateDraft, type AlertDraft } from './alert-form.ts';

const NOW = new Date(2026, 4, 1, 9, 0).getTime();

function filled(over: Partial<AlertDraft> = {}): AlertDraft {
  return {
    ...emptyDraft(NOW, '020-86888110'),
    ageBand: 'child_1_3',
    sex: 'male',
    heightCm: '95',
    clothing: '蓝色上衣，黑色裤子',
    placeText: '花都路',
    place: { lon: 113.22, lat: 23.4, datum: 'wgs84', source: 'map' },
    ...over,
  };
}

describe('validateDraft', () => {
  it('accepts a filled found-child draft', () => {
    expect(validateDraft(filled(), NOW)).toEqual({});
  });

  it('names every missing required field of an empty draft', () => {
    const e = validateDraft(emptyDraft(NOW), NOW);
    expect(Object.keys(e).sort()).toEqual(['ageBand', 'contactPhone', 'place']);
  });

  it('refuses a height outside 40–200 cm or not a number', () => {
    expect(validateDraft(filled({ heightCm: '9' }), NOW).heightCm).toBe('heightCm');
    expect(validateDraft(filled({ heightCm: '250' }), NOW).heightCm).toBe('heightCm');
    expect(validateDraft(filled({ heightCm: '九十' }), NOW).heightCm).toBe('heightCm');
  });

  it('refuses a time in the future and a time a month ago', () => {
    expect(validateDraft(filled({ seenAt: localInputValue(NOW + 3600_000) }), NOW).seenAt).toBe('seenAtFuture');
    expect(validateDraft(filled({ seenAt: localInputValue(NOW - 40 * 86_400_000) }), NOW).seenAt).toBe('seenAtOld');
    expect(validateDraft(filled({ seenAt: '' }), NOW).seenAt).toBe('seenAt');
  });

  it('refuses a phone that is not a number', () => {
    expect(validateDraft(filled({ contactPhone: '派出所' }), NOW).contactPhone).toBe('contactPhone');
    expect(validateDraft(filled({ guardianPhone: 'abc' }), NOW).guardianPhone).toBe('guardianPhone');
  });
});

describe('draftToBody', () => {
  it('keeps names, guardian and school out of the public card', () => {
    const body = draftToBody(
      filled({ childName: '小明', guardianName: '王女士', guardianPhone: '13800000000', school: '花川幼儿园' }),
      'key-1',
    );
    const { caseFile, ...card } = body;
    expect(JSON.stringify(card)).not.toMatch(/小明|王女士|13800000000|花川幼儿园/);
    expect(caseFile?.data).toEqual({
      childName: '小明',
      guardian: { name: '王女士', phone: '13800000000' },
      school: '花川幼儿园',
    });
  });

  it('sends the time as an ISO instant and the height as a number', () => {
    const body = draftToBody(filled(), 'key-1');
    expect(body.seenAt).toBe(new Date(NOW).toISOString());
    expect(body.heightCm).toBe(95);
    expect(body.point).toEqual({ lon: 113.22, lat: 23.4, datum: 'wgs84' });
    expect(body.idempotencyKey).toBe('key-1');
  });

  it('leaves out empty optional texts', () => {
    const body = draftToBody(filled({ heightCm: '', clothing: '  ', placeText: '' }), 'k');
    expect(body).not.toHaveProperty('heightCm');
    expect(body).not.toHaveProperty('clothing');
    expect(body).not.toHaveProperty('placeText');
    expect(body.caseFile?.data).toEqual({});
  });

  it('records guardian consent only for a lost child (a found child has no guardian yet)', () => {
    expect(draftToBody(filled({ kind: 'lost_child', guardianConsent: true }), 'k').caseFile?.guardianConsent).toBe(
      true,
    );
    expect(draftToBody(filled(), 'k').caseFile).not.toHaveProperty('guardianConsent');
  });

  it('throws for a draft without a place', () => {
    expect(() => draftToBody(filled({ place: null }), 'k')).toThrow();
  });
});
