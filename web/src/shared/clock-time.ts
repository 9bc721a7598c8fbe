/** `HH:MM` in local time, 24 h, of an ISO time or epoch milliseconds; empty for none. */
export function clockTime(at: string | number | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
