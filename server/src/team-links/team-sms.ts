import type { TeamLinkSms } from '@lookout/contracts';
import type { ChannelAdapter } from '../notify/channels/channel.ts';

/** The guidance SMS: who asks, what to do, the link; no case details (an SMS is read on a lock screen). */
export function teamSmsText(stationName: string, callsign: string, url: string): string {
  return `【${stationName}】${callsign}：请协助搜救，打开链接查看目标方向、距离，并按到达情况点按钮：${url}`;
}

/**
 * Send one guidance SMS through the gateway every SMS of Lookout goes through (the tadpole roster's adapter:
 * the deployment's HTTP gateway, or the local sink file that says "SMS sink, not sent"). Never throws: the
 * commander is told what happened and still has the link to copy or show as a QR code.
 */
export async function sendTeamSms(
  sms: ChannelAdapter,
  message: { ref: string; phone: string; text: string },
): Promise<TeamLinkSms> {
  try {
    const r = await sms.send(
      {
        deliveryId: 0,
        ref: message.ref,
        msgType: 'Alert',
        title: message.text,
        lines: [{ text: message.text, keep: true }],
        cardUrl: null,
        photoUrl: null,
        photo: null,
      },
      { phones: [message.phone] },
    );
    return { sent: r.ok, note: r.note ?? null, error: r.ok ? null : (r.error ?? 'not sent') };
  } catch (err) {
    return { sent: false, note: null, error: err instanceof Error ? err.message.slice(0, 200) : 'not sent' };
  }
}
