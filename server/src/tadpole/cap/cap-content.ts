import type { CapMsgType } from '@lookout/db';
import { ageText } from '../area/age-bands.ts';
import type { AlertRow } from '../alerts/alerts.repo.ts';

export const RETRACTION_TEXT = '已找到，请删除转发';
export const WITHDRAWN_TEXT = '该信息已撤回，请删除转发';

const sexText = { male: '男童', female: '女童', unknown: '儿童' } as const;

function stamp(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
}

export interface CapContent {
  event: string;
  headline: string;
  description: string;
  instruction: string | null;
}

/** The words of a CAP message: only the public card's fields (data minimisation for children's data), zh-CN. */
export function capContent(
  a: AlertRow,
  msgType: CapMsgType,
  opts: { cancelReason?: 'reunited' | 'withdrawn' } = {},
): CapContent {
  const who = `${ageText[a.ageBand]}${sexText[a.sex]}`;
  const place = a.placeText ?? '附近';
  const event = a.kind === 'found_child' ? '寻找走失儿童家属' : '紧急寻找走失儿童';
  if (msgType === 'Cancel') {
    const text = opts.cancelReason === 'withdrawn' ? WITHDRAWN_TEXT : RETRACTION_TEXT;
    return {
      event,
      headline: text,
      description:
        opts.cancelReason === 'withdrawn'
          ? `此前发布的${who}信息已撤回。${text}。`
          : `${who}已与家人团聚，感谢大家的帮助。${text}。`,
      instruction: '请删除此前转发的信息和照片。',
    };
  }
  const headline = a.kind === 'found_child' ? `寻找家属：${place}发现一名${who}` : `紧急寻人：${who}在${place}走失`;
  const parts = [
    a.kind === 'found_child'
      ? `${stamp(a.seenAt)}在${place}发现一名${who}，正在寻找其家属。`
      : `${who}于${stamp(a.seenAt)}在${place}走失。`,
    a.heightCm ? `身高约${a.heightCm}厘米。` : '',
    a.clothing ? `衣着：${a.clothing}。` : '',
    a.publicNote ?? '',
  ];
  return {
    event,
    headline: msgType === 'Update' ? `（更新）${headline}` : headline,
    description: parts.filter(Boolean).join(''),
    instruction: `如有线索请拨打${a.contactPhone}，或打开链接提交线索。请勿私自带走或拍摄儿童。`,
  };
}
