import i18n from '../i18n.ts';

// The place-search texts, merged into the app's one namespace.
i18n.addResourceBundle(
  'zh-CN',
  'translation',
  {
    places: {
      search: '搜索地名',
      searchHint: '地名、拼音或首字母，如 bjs',
      none: '没有找到“{{q}}”',
      searching: '搜索中…',
      error: '地名搜索失败：{{message}}',
      clear: '清除',
      metres: '{{m}} 米',
      km: '{{km}} 公里',
      useForIpp: '从地名选择',
      ippFrom: '取自地名：{{name}}',
      kind: {
        peak: '山峰',
        reservoir: '水库',
        river: '河流',
        village: '村庄',
        road: '道路',
        trailhead: '登山口',
        post: '警务站',
        landmark: '地标',
        other: '地点',
      },
    },
  },
  true,
  false,
);
i18n.addResourceBundle(
  'en',
  'translation',
  {
    places: {
      search: 'Search places',
      searchHint: 'Name, pinyin or initials, e.g. bjs',
      none: 'No place matches “{{q}}”',
      searching: 'Searching…',
      error: 'Place search failed: {{message}}',
      clear: 'Clear',
      metres: '{{m}} m',
      km: '{{km}} km',
      useForIpp: 'Pick from a place name',
      ippFrom: 'From the place: {{name}}',
      kind: {
        peak: 'Peak',
        reservoir: 'Reservoir',
        river: 'River',
        village: 'Village',
        road: 'Road',
        trailhead: 'Trailhead',
        post: 'Police post',
        landmark: 'Landmark',
        other: 'Place',
      },
    },
  },
  true,
  false,
);
