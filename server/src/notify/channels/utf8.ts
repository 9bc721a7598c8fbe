/** UTF-8 byte length of a string. */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * The longest prefix of `s` that fits in `maxBytes` of UTF-8, cut on a character boundary (never half a
 * Chinese character, never half a surrogate pair), ending with `ellipsis` when something was cut.
 */
export function truncateUtf8(s: string, maxBytes: number, ellipsis = '…'): string {
  if (utf8Bytes(s) <= maxBytes) return s;
  const room = maxBytes - utf8Bytes(ellipsis);
  if (room <= 0) return '';
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const b = utf8Bytes(ch);
    if (bytes + b > room) break;
    bytes += b;
    out += ch;
  }
  return out + ellipsis;
}

/**
 * Join lines with "\n" within `maxBytes`: the lines marked `keep` (the link, the phone) always survive, the
 * others are cut from the longest down until the text fits.
 */
export function fitLines(lines: { text: string; keep?: boolean }[], maxBytes: number): string {
  const texts = lines.map((l) => l.text);
  const total = () => utf8Bytes(texts.join('\n'));
  while (total() > maxBytes) {
    let longest = -1;
    for (let i = 0; i < texts.length; i++) {
      if (lines[i]!.keep || !texts[i]) continue;
      if (longest < 0 || utf8Bytes(texts[i]!) > utf8Bytes(texts[longest]!)) longest = i;
    }
    if (longest < 0) return truncateUtf8(texts.join('\n'), maxBytes);
    const over = total() - maxBytes;
    const cur = texts[longest]!;
    const target = Math.max(0, utf8Bytes(cur) - over);
    texts[longest] = target < 8 ? '' : truncateUtf8(cur, target);
  }
  return texts.filter((t, i) => t || lines[i]!.keep).join('\n');
}
