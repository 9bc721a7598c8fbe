/** `https://t{0-7}.tianditu.gov.cn/…` → eight URLs; MapLibre itself does not expand such ranges. */
export function expandTemplate(url: string): string[] {
  const m = /\{(\d+)-(\d+)\}/.exec(url);
  if (m) {
    const out: string[] = [];
    for (let i = Number(m[1]); i <= Number(m[2]); i++) out.push(url.replace(m[0], String(i)));
    return out;
  }
  const s = /\{s\}/.exec(url);
  if (s) return ['a', 'b', 'c'].map((x) => url.replace('{s}', x));
  return [url];
}
