import type { BoardDroneHealthItem } from '@lookout/contracts';

/** One health item's identity on the board: the device, the drone, the code and where on the aircraft. */
export function healthKey(i: BoardDroneHealthItem): string {
  return `${i.deviceSerial}|${i.droneId ?? ''}|${i.code}|${i.componentIndex ?? ''}|${i.sensorIndex ?? ''}`;
}

/**
 * Active items not announced yet, those in the sky first: each is announced once per page (banner and beep),
 * like a breached clock. An item that went past and comes back is not announced again.
 */
export function newHealthItems(items: readonly BoardDroneHealthItem[], seen: ReadonlySet<string>) {
  return items
    .filter((i) => i.active && !seen.has(healthKey(i)))
    .sort((a, b) => Number(b.inTheSky) - Number(a.inTheSky));
}
