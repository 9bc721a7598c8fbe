import { describe, expect, it } from 'vitest';
import { cardView, telHref, tileTemplate, type PublicCard } from './card-state.ts';
import { checkTip, localValue, parseLocal, tipBody, type TipInput } from './tip-form.ts';
import { niceMetres } from './pin-map.ts';

const card: PublicCard = { kind: 'found_child', status: 'active', retracted: false, acceptingTips: true };

describe('cardView', () => {
  it('shows a published card', () => {
    expect(cardView(200, JSON.stringify({ card }))).toEqual({ view: 'card', card });
  });
  it('shows the thank-you state after the retraction, and the withdrawn one for a cancelled alert', () => {
    const r = { ...card, retracted: true, status: 'handed_over', acceptingTips: false };
    expect(cardView(200, JSON.stringify({ card: r }))).toMatchObject({ view: 'retracted', withdrawn: false });
    expect(cardView(200, JSON.stringify({ card: { ...r, status: 'cancelled' } }))).toMatchObject({ withdrawn: true });
  });
  it('tells a forged token (404) from a purged card (410) and a broken answer', () => {
    expect(cardView(404, '')).toEqual({ view: 'unknown' });
    expect(cardView(410, '{"error":{"code":"gone"}}')).toEqual({ view: 'gone' });
    expect(cardView(200, '<html>')).toEqual({ view: 'error' });
    expect(cardView(0, '')).toEqual({ view: 'error' });
  });
});

describe('telHref / tileTemplate', () => {
  it('keeps only digits and + in the tel: link', () => {
    expect(telHref('0579-8888 1100')).toBe('tel:057988881100');
  });
  it('uses only an XYZ basemap for the pin map', () => {
    expect(tileTemplate({ ...card, basemap: { kind: 'xyz', url: 'http://t/{z}/{x}/{y}.png' } })).toBe(
      'http://t/{z}/{x}/{y}.png',
    );
    expect(tileTemplate({ ...card, basemap: { kind: 'pmtiles', url: '/a.pmtiles' } })).toBeNull();
    expect(tileTemplate(card)).toBeNull();
  });
});

describe('tip form', () => {
  const NOW = new Date(2026, 4, 1, 15, 0).getTime();
  const ok: TipInput = { text: '花都路公交站，一个人往北走', seenAt: '2026-05-01T14:40', location: null, phone: '' };

  it('accepts a tip with text only', () => {
    expect(checkTip(ok, NOW)).toEqual([]);
  });
  it('asks for text, a sane phone and a time not in the future', () => {
    expect(checkTip({ ...ok, text: '  \n ' }, NOW)).toEqual(['needText']);
    expect(checkTip({ ...ok, phone: '打我电话' }, NOW)).toEqual(['badPhone']);
    expect(checkTip({ ...ok, seenAt: '2026-05-01T18:00' }, NOW)).toEqual(['badTime']);
  });
  it('builds the body with the key, the local time as an instant and the pin', () => {
    const loc = { lon: 113.2, lat: 23.4, datum: 'wgs84' as const, source: 'pin' as const };
    const b = tipBody({ ...ok, location: loc, phone: ' 13800000000 ' }, 'k1');
    expect(b).toEqual({
      idempotencyKey: 'k1',
      text: '花都路公交站，一个人往北走',
      seenAt: new Date(2026, 4, 1, 14, 40).toISOString(),
      location: loc,
      phone: '13800000000',
    });
  });
  it('leaves out an empty phone and time', () => {
    const b = tipBody({ ...ok, seenAt: '' }, 'k');
    expect(b).not.toHaveProperty('phone');
    expect(b).not.toHaveProperty('seenAt');
  });
  it('round-trips local datetime values', () => {
    expect(parseLocal(localValue(NOW))).toBe(NOW);
    expect(parseLocal('yesterday')).toBeNull();
  });
});

describe('niceMetres', () => {
  it('rounds down to 1, 2 or 5 × 10^n', () => {
    expect(niceMetres(130)).toBe(100);
    expect(niceMetres(260)).toBe(200);
    expect(niceMetres(999)).toBe(500);
  });
});
