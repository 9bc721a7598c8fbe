import type { OutgoingMessage } from '../notify/channels/channel.ts';

/** The steps of case-clocks.ts as the duty group reads them (zh-CN: the message goes to a Chinese chat). */
const STEP_TEXT: Record<string, string> = {
  acknowledged: '接警确认',
  on_scene: '到达现场',
  first_broadcast: '首次推送',
  reunion: '找到/团聚',
};

/** "12 分钟", "2 分 5 秒", "45 秒". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  const r = s % 60;
  return r ? `${m} 分 ${r} 秒` : `${m} 分钟`;
}

export interface BreachForText {
  breachSeq: number;
  caseTitle: string;
  step: string;
  targetS: number;
  elapsedS: number;
}

/** "【超时】<case title>：<step> 已 12 分钟，目标 2 分钟" — the message the duty group gets for one breach. */
export function dutyBreachText(b: BreachForText): string {
  const step = STEP_TEXT[b.step] ?? b.step;
  return `【超时】${b.caseTitle}：${step} 已 ${durationText(b.elapsedS)}，目标 ${durationText(b.targetS)}`;
}

/** The adapters' message shape: one line, no links, no photo. */
export function dutyBreachMessage(b: BreachForText): OutgoingMessage {
  const text = dutyBreachText(b);
  return {
    deliveryId: b.breachSeq,
    msgType: 'Alert',
    title: text,
    lines: [{ text, keep: true }],
    cardUrl: null,
    photoUrl: null,
    photo: null,
  };
}
