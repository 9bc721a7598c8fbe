import type { OutgoingMessage } from '../../notify/channels/channel.ts';
import { messageText } from './alert-text.ts';
import type { DeliveriesRepo } from './deliveries.repo.ts';

/** Where the public links of an alert come from (CORE's public card and photo-link modules). */
export interface AlertLinks {
  cardUrl?: (alertId: string) => Promise<string | null>;
  photoUrl?: (alertId: string) => Promise<string | null>;
}

type Content = Omit<OutgoingMessage, 'deliveryId'>;

/**
 * The words of each CAP message, made once per message and kept a few minutes (a fan-out of 1,000 groups
 * renders it once, and asks once for the photo link).
 */
export function createMessageContent(repo: DeliveriesRepo, links: AlertLinks, ttlMs = 5 * 60_000) {
  const cache = new Map<number, { at: number; content: Promise<Content | null> }>();

  async function build(capMessageId: number): Promise<Content | null> {
    const row = await repo.content(capMessageId);
    if (!row || row.purged) return null;
    const cancel = row.msgType === 'Cancel';
    const [cardUrl, photoUrl, photo] = await Promise.all([
      cancel ? null : (links.cardUrl?.(row.alertId) ?? null),
      cancel ? null : (links.photoUrl?.(row.alertId) ?? null),
      cancel ? null : repo.latestPhoto(row.alertId),
    ]);
    const { title, lines } = messageText({ msgType: row.msgType, headline: row.headline }, row, { cardUrl, photoUrl });
    return { msgType: row.msgType, title, lines, cardUrl, photoUrl, photo };
  }

  return {
    async forDelivery(capMessageId: number, deliveryId: number): Promise<OutgoingMessage | null> {
      const now = Date.now();
      let hit = cache.get(capMessageId);
      if (!hit || now - hit.at > ttlMs) {
        hit = { at: now, content: build(capMessageId) };
        hit.content.catch(() => cache.delete(capMessageId));
        cache.set(capMessageId, hit);
        for (const [k, v] of cache) if (now - v.at > ttlMs) cache.delete(k);
      }
      const content = await hit.content;
      return content ? { ...content, deliveryId } : null;
    },
  };
}
