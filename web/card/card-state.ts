/**
 * What the card page shows, from the answer of GET /api/v1/public/alerts/:token (docs/tadpole-api.md). Pure.
 */
export interface PublicCard {
  kind: 'lost_child' | 'found_child';
  status: string;
  retracted: boolean;
  retractedAt?: string;
  notice?: string;
  ageBand?: string;
  ageText?: string;
  sex?: 'male' | 'female' | 'unknown';
  heightCm?: number | null;
  clothing?: string | null;
  publicNote?: string | null;
  placeText?: string | null;
  point?: { lon: number; lat: number };
  seenAt?: string;
  contactPhone?: string;
  stationName?: string | null;
  photoUrl?: string | null;
  expiresAt?: string;
  acceptingTips: boolean;
  /** A raster basemap for the pin map, when the server offers one. */
  basemap?: { kind: string; url?: string; attribution?: string } | null;
}

export type CardView =
  | { view: 'card'; card: PublicCard }
  | { view: 'retracted'; card: PublicCard; withdrawn: boolean }
  | { view: 'gone' }
  | { view: 'unknown' }
  | { view: 'error' };

export function cardView(status: number, body: string): CardView {
  if (status === 404) return { view: 'unknown' };
  if (status === 410) return { view: 'gone' };
  if (status !== 200) return { view: 'error' };
  let card: PublicCard | undefined;
  try {
    card = (JSON.parse(body) as { card?: PublicCard }).card;
  } catch {
    return { view: 'error' };
  }
  if (!card || typeof card !== 'object') return { view: 'error' };
  if (card.retracted) return { view: 'retracted', card, withdrawn: card.status === 'cancelled' };
  return { view: 'card', card };
}

/** `tel:` link of a phone as people write it ("0579-8888 1100" → "tel:057988881100"). */
export function telHref(phone: string): string {
  return 'tel:' + phone.replace(/[^0-9+]/g, '');
}

/** The raster tile template the pin map can use, or null (PMTiles and the offline fallback are not raster XYZ). */
export function tileTemplate(card: PublicCard): string | null {
  const b = card.basemap;
  return b && b.kind === 'xyz' && b.url ? b.url : null;
}
