import type { CapMsgType } from '@lookout/db';

/** The public card as the worker reads it (public tier only: nothing from the case file). */
export interface CardForText {
  kind: 'lost_child' | 'found_child';
  ageBand: string;
  sex: 'male' | 'female' | 'unknown';
  heightCm: number | null;
  clothing: string | null;
  publicNote: string | null;
  placeText: string | null;
  seenAt: Date;
  contactPhone: string;
}

export interface CapForText {
  msgType: CapMsgType;
  headline: string;
}

const AGE_TEXT: Record<string, string> = {
  child_1_3: '约1–3岁',
  child_4_6: '约4–6岁',
  child_7_9: '约7–9岁',
  child_10_12: '约10–12岁',
  child_13_15: '约13–15岁',
};

export function ageText(band: string): string {
  return AGE_TEXT[band] ?? band;
}

const SEX_TEXT = { male: '男孩', female: '女孩', unknown: '性别不详' } as const;

const stationTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "11月21日 08:00" in station time (UTC+8). */
export function stationTimeText(d: Date): string {
  const parts = Object.fromEntries(stationTime.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

export const CANCEL_PREFIX = '已找到，请删除转发';

export interface MessageLine {
  text: string;
  /** Survives cutting for the byte limit (phone, links). */
  keep?: boolean;
}

/**
 * The words of one message for any channel. A Cancel says only that the child is found and asks to delete
 * the forwards: no description, no photo (the card is blurred at the same moment).
 */
export function messageText(
  cap: CapForText,
  card: CardForText,
  links: { cardUrl: string | null; photoUrl: string | null },
) {
  if (cap.msgType === 'Cancel') {
    const title = `${CANCEL_PREFIX}。`;
    const lines: MessageLine[] = [
      { text: title, keep: true },
      { text: cap.headline },
      { text: '孩子已平安，感谢大家的转发与帮助。照片和链接已失效，请删除之前转发的信息。', keep: true },
    ];
    return { title, lines };
  }
  const title =
    (cap.msgType === 'Update' ? '【更新】' : '') +
    (card.kind === 'found_child' ? '【协寻家长】发现走失儿童' : '【紧急寻人】儿童走失');
  const who = [ageText(card.ageBand), SEX_TEXT[card.sex], card.heightCm ? `身高约${card.heightCm}厘米` : null]
    .filter(Boolean)
    .join('，');
  const where = card.kind === 'found_child' ? '发现地点' : '最后出现';
  const lines: MessageLine[] = [
    { text: title, keep: true },
    { text: cap.headline },
    { text: who },
    ...(card.clothing ? [{ text: `衣着：${card.clothing}` }] : []),
    ...(card.placeText ? [{ text: `${where}：${card.placeText}` }] : []),
    { text: `时间：${stationTimeText(card.seenAt)}` },
    ...(card.publicNote ? [{ text: card.publicNote }] : []),
    { text: `如有线索请联系：${card.contactPhone}`, keep: true },
    ...(links.cardUrl ? [{ text: `详情及提供线索：${links.cardUrl}`, keep: true }] : []),
    ...(links.photoUrl ? [{ text: `照片：${links.photoUrl}`, keep: true }] : []),
  ];
  return { title, lines };
}
