import { placeKinds, type PlaceKind } from '@lookout/contracts';

/** Chinese words a station's file may use for a kind. */
const KIND_WORDS: Record<string, PlaceKind> = {
  山: 'peak',
  山峰: 'peak',
  峰: 'peak',
  水库: 'reservoir',
  湖: 'reservoir',
  河: 'river',
  溪: 'river',
  河流: 'river',
  村: 'village',
  村庄: 'village',
  路: 'road',
  道路: 'road',
  登山口: 'trailhead',
  步道口: 'trailhead',
  警务站: 'post',
  派出所: 'post',
  岗亭: 'post',
  地标: 'landmark',
  其他: 'other',
};

/** A kind as a file names it (`peak`, `水库`), or null. */
export function kindFromWord(word: string): PlaceKind | null {
  const w = word.trim().toLowerCase();
  if ((placeKinds as readonly string[]).includes(w)) return w as PlaceKind;
  return KIND_WORDS[w] ?? null;
}

/** Name endings that say the kind, longest first (`…登山口` before `…口`). */
const ENDINGS: [string, PlaceKind][] = [
  ['登山口', 'trailhead'],
  ['警务站', 'post'],
  ['派出所', 'post'],
  ['水库', 'reservoir'],
  ['公路', 'road'],
  ['山', 'peak'],
  ['峰', 'peak'],
  ['岭', 'peak'],
  ['尖', 'peak'],
  ['湖', 'reservoir'],
  ['溪', 'river'],
  ['河', 'river'],
  ['江', 'river'],
  ['村', 'village'],
  ['寨', 'village'],
  ['路', 'road'],
  ['街', 'road'],
  ['道', 'road'],
];

/** The kind a file left out, read from the name's ending (笔架山 → peak), else `other`. */
export function kindFromName(name: string): PlaceKind {
  return ENDINGS.find(([end]) => name.endsWith(end))?.[1] ?? 'other';
}
